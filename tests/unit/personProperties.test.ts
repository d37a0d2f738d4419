import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { applyUpdate, personUpdateOf } from "../../lib/identity/personProperties";
import { messageSchema } from "../../lib/ingest/message";
import { normalizeMessage, type NormalizedMessage } from "../../lib/ingest/normalize";

function normalized(raw: Record<string, unknown>): NormalizedMessage {
  return normalizeMessage(messageSchema.parse(raw), Date.parse("2024-05-01T00:00:00Z"));
}

describe("personUpdateOf", () => {
  test("identify traits are set", () => {
    const update = personUpdateOf(normalized({ type: "identify", userId: "u", traits: { email: "a@example.com", plan: "pro" } }));
    assert.deepEqual(update, { set: { email: "a@example.com", plan: "pro" }, setOnce: {}, unset: [] });
  });

  test("$set, $set_once and $unset inside traits", () => {
    const update = personUpdateOf(
      normalized({
        type: "identify",
        userId: "u",
        traits: { name: "Ada", $set: { plan: "team" }, $set_once: { firstSeenPlan: "free" }, $unset: ["legacy"] },
      }),
    );
    assert.deepEqual(update, { set: { name: "Ada", plan: "team" }, setOnce: { firstSeenPlan: "free" }, unset: ["legacy"] });
  });

  test("$set and friends inside any message's properties", () => {
    const update = personUpdateOf(
      normalized({ event: "Upgraded", userId: "u", properties: { amount: 5, $set: { plan: "pro" }, $set_once: { first: 1 }, $unset: { old: true } } }),
    );
    assert.deepEqual(update, { set: { plan: "pro" }, setOnce: { first: 1 }, unset: ["old"] });
  });

  test("properties' $set wins over traits for the same key", () => {
    const update = personUpdateOf(normalized({ type: "identify", userId: "u", traits: { plan: "a", $set: { plan: "b" } }, properties: { $set: { plan: "c" } } }));
    assert.equal(update?.set.plan, "c");
  });

  test("traits of a track are not person properties", () => {
    assert.equal(personUpdateOf(normalized({ event: "e", userId: "u", traits: { plan: "pro" } })), null);
  });

  test("nothing to change is null", () => {
    assert.equal(personUpdateOf(normalized({ event: "e", userId: "u", properties: { a: 1 } })), null);
    assert.equal(personUpdateOf(normalized({ type: "identify", userId: "u", traits: {} })), null);
    assert.equal(personUpdateOf(normalized({ type: "identify", userId: "u" })), null);
    assert.equal(personUpdateOf(normalized({ event: "e", userId: "u", properties: { $set: "not an object", $unset: 5 } })), null);
  });
});

describe("applyUpdate", () => {
  test("set overwrites, set_once fills only what is missing, unset removes", () => {
    const before = { plan: "free", first: "a", legacy: true };
    const after = applyUpdate(before, { set: { plan: "pro" }, setOnce: { first: "b", country: "FR" }, unset: ["legacy"] });
    assert.deepEqual(after, { plan: "pro", first: "a", country: "FR" });
    assert.deepEqual(before, { plan: "free", first: "a", legacy: true }, "the input is not changed");
  });

  test("a property set to null is present for set_once", () => {
    assert.deepEqual(applyUpdate({ plan: null }, { set: {}, setOnce: { plan: "x" }, unset: [] }), { plan: null });
  });

  test("set beats set_once of the same key, unset beats both", () => {
    assert.deepEqual(applyUpdate({}, { set: { a: 1 }, setOnce: { a: 2 }, unset: [] }), { a: 1 });
    assert.deepEqual(applyUpdate({}, { set: { a: 1 }, setOnce: { b: 2 }, unset: ["a", "b"] }), {});
  });

  test("a `__proto__` key from JSON never changes the result's prototype", () => {
    const traits = JSON.parse('{"plan": "pro", "$set_once": {"__proto__": {"polluted": true}}, "$set": {"__proto__": {"polluted": true}}}');
    const update = personUpdateOf(normalized({ type: "identify", userId: "u", traits }));
    assert.ok(update);
    const result = applyUpdate({}, update);
    assert.equal(Object.getPrototypeOf(result), Object.prototype);
    assert.equal((result as Record<string, unknown>).polluted, undefined);
    assert.equal(result.plan, "pro");
  });
});

describe("the vendors' list and number operators (API.md 2.5)", () => {
  test("$add, $append, $prepend, $union, $remove and $clear_all are read from properties and identify's traits", () => {
    const update = personUpdateOf(
      normalized({
        type: "identify",
        anonymousId: "d",
        traits: { $add: { logins: 2, bad: "x" }, $append: { tags: "a" } },
        properties: { $union: { tags: ["b"], notAList: 1 }, $prepend: { tags: "z" }, $remove: { tags: "c" }, $clear_all: true },
      }),
    );
    assert.deepEqual(update, {
      set: {},
      setOnce: {},
      unset: [],
      add: { logins: 2 },
      append: { tags: "a" },
      prepend: { tags: "z" },
      union: { tags: ["b"] },
      remove: { tags: "c" },
      clearAll: true,
    });
  });

  test("applied in a fixed order: clear, set once, set, add, append, prepend, union, remove, unset", () => {
    const before = { logins: 1, tags: ["a", "c"], name: "x", old: 1 };
    assert.deepEqual(
      applyUpdate(before, { set: {}, setOnce: {}, unset: ["old"], add: { logins: 2, fresh: 5 }, append: { tags: "d" }, prepend: { tags: "z" }, union: { tags: ["a", "e"] }, remove: { tags: "c" } }),
      { logins: 3, fresh: 5, tags: ["z", "a", "d", "e"], name: "x" },
    );
    assert.deepEqual(applyUpdate(before, { set: { plan: "pro" }, setOnce: {}, unset: [], clearAll: true }), { plan: "pro" });
    // A property that is not a number is not incremented, as the vendors do.
    assert.deepEqual(applyUpdate({ name: "x" }, { set: {}, setOnce: {}, unset: [], add: { name: 1 } }), { name: "x" });
  });
});
