import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { messageSchema } from "../../lib/ingest/message";
import { normalizeMessage, type NormalizedMessage } from "../../lib/ingest/normalize";
import { admitNames, KnownNames, type CatalogLimits } from "../../lib/store/catalogCaps";
import { personUpdateOf } from "../../lib/identity/personProperties";

function normalized(raw: Record<string, unknown>): NormalizedMessage {
  return normalizeMessage(messageSchema.parse({ anonymousId: "a", ...raw }), Date.parse("2024-05-01T00:00:00Z"));
}

function known(events: string[] = [], eventProperties: string[] = [], personProperties: string[] = []): KnownNames {
  const k = new KnownNames(0);
  events.forEach((n) => k.events.add(n));
  eventProperties.forEach((n) => k.eventProperties.add(n));
  personProperties.forEach((n) => k.personProperties.add(n));
  return k;
}

const caps = (eventNames: number, eventPropertyNames: number, personPropertyNames: number): CatalogLimits => ({ eventNames, eventPropertyNames, personPropertyNames });

describe("admitNames", () => {
  test("under the caps everything goes in, unchanged, and the new names are remembered", () => {
    const names = known();
    const m = normalized({ event: "Signed Up", properties: { plan: "pro" } });
    const admission = admitNames(names, caps(10, 10, 10), [m]);
    assert.equal(admission.admitted[0], m);
    assert.deepEqual(admission.refused, []);
    assert.ok(names.events.has("Signed Up") && names.eventProperties.has("plan"));
  });

  test("a new event name past the cap refuses the message; known names still go in", () => {
    const names = known(["a", "b"]);
    const messages = [normalized({ event: "a" }), normalized({ event: "c" }), normalized({ event: "b" })];
    const admission = admitNames(names, caps(2, 10, 10), messages);
    assert.deepEqual(admission.admitted.map((m) => m.event), ["a", "b"]);
    assert.deepEqual(admission.refused.map((m) => m.event), ["c"]);
    assert.equal(admission.refusedEventNames, 1);
    assert.equal(names.events.has("c"), false);
  });

  test("the built-in names of page, screen and identify messages are never refused", () => {
    const names = known(["a"]);
    const messages = [normalized({ type: "identify", userId: "u" }), normalized({ type: "page" }), normalized({ event: "b" })];
    const admission = admitNames(names, caps(1, 10, 10), messages);
    assert.deepEqual(admission.admitted.map((m) => m.event), ["$identify", "$pageview"]);
    assert.deepEqual(admission.refused.map((m) => m.event), ["b"]);
  });

  test("names are admitted in message order up to the cap, within one group", () => {
    const names = known();
    const messages = ["e1", "e2", "e3", "e2", "e4"].map((event) => normalized({ event }));
    const admission = admitNames(names, caps(2, 10, 10), messages);
    assert.deepEqual(admission.admitted.map((m) => m.event), ["e1", "e2", "e2"]);
    assert.deepEqual(admission.refused.map((m) => m.event), ["e3", "e4"]);
  });

  test("new property names past the cap are left out; the event keeps its known properties", () => {
    const names = known(["view"], ["plan"]);
    const m = normalized({ event: "view", properties: { plan: "pro", fresh1: 1, fresh2: 2 } });
    const admission = admitNames(names, caps(10, 2, 10), [m]);
    assert.deepEqual(admission.admitted[0].properties, { plan: "pro", fresh1: 1 });
    assert.equal(admission.refusedPropertyNames, 1);
    assert.deepEqual(m.properties, { plan: "pro", fresh1: 1, fresh2: 2 }, "the message itself is not changed");
  });

  test("a null value adds no name under the cap, and is left out past it", () => {
    const names = known(["view"], ["plan"]);
    const under = admitNames(names, caps(10, 2, 10), [normalized({ event: "view", properties: { empty: null } })]);
    assert.deepEqual(under.admitted[0].properties, { empty: null });
    assert.equal(names.eventProperties.has("empty"), false);
    names.eventProperties.add("other");
    const over = admitNames(names, caps(10, 2, 10), [normalized({ event: "view", properties: { empty: null } })]);
    assert.deepEqual(over.admitted[0].properties, {});
  });

  test("person property names have their own cap: traits, $set and $set_once", () => {
    const names = known(["$identify", "buy"], ["$set", "$set_once"], ["email"]);
    const identify = normalized({ type: "identify", userId: "u", traits: { email: "x@example.com", fresh: 1, $set: { also: 2 }, $unset: ["old"] } });
    const buy = normalized({ event: "buy", properties: { $set: { email: "y@example.com", more: 3 }, $set_once: { once: 1 } } });
    const admission = admitNames(names, caps(10, 10, 1), [identify, buy]);
    assert.deepEqual(personUpdateOf(admission.admitted[0]), { set: { email: "x@example.com" }, setOnce: {}, unset: ["old"] });
    assert.deepEqual(personUpdateOf(admission.admitted[1]), { set: { email: "y@example.com" }, setOnce: {}, unset: [] });
    assert.equal(admission.refusedPropertyNames, 4);
    assert.deepEqual([...names.personProperties], ["email"]);
  });

  test("$add, $append, $prepend and $union name person properties under the same cap; $remove and $clear_all do not", () => {
    const names = known(["$identify", "buy"], ["$add", "$union"], ["logins"]);
    const identify = normalized({
      type: "identify",
      anonymousId: "d",
      traits: { $add: { logins: 1, visits: 1 }, $append: { tags: "a" }, $remove: { gone: 1 }, $clear_all: true },
    });
    const buy = normalized({ event: "buy", anonymousId: "d", properties: { $union: { logins: [1], lists: ["x"] }, $prepend: { first: "z" } } });
    const admission = admitNames(names, caps(10, 10, 1), [identify, buy]);
    assert.deepEqual(personUpdateOf(admission.admitted[0]), { set: {}, setOnce: {}, unset: [], add: { logins: 1 }, remove: { gone: 1 }, clearAll: true });
    assert.deepEqual(personUpdateOf(admission.admitted[1]), { set: {}, setOnce: {}, unset: [], union: { logins: [1] } });
    assert.equal(admission.refusedPropertyNames, 4);
    assert.deepEqual([...names.personProperties], ["logins"]);
  });

  test("$append of null names a list (as the catalog records it), so it counts toward the cap", () => {
    const names = known(["$identify"], [], []);
    const first = normalized({ type: "identify", anonymousId: "d", traits: { $append: { tags: null } } });
    const second = normalized({ type: "identify", anonymousId: "d", traits: { $prepend: { more: "x" } } });
    const admission = admitNames(names, caps(10, 10, 1), [first, second]);
    assert.deepEqual([...names.personProperties], ["tags"]);
    assert.equal(admission.refusedPropertyNames, 1);
    assert.equal(personUpdateOf(admission.admitted[1]), null);
  });

  test("a property named __proto__ stays an own key when others are left out", () => {
    const names = known(["view"], ["keep"]);
    const properties = JSON.parse('{"keep": 1, "__proto__": {"polluted": true}, "fresh": 2}') as Record<string, unknown>;
    names.eventProperties.add("__proto__");
    const admission = admitNames(names, caps(10, 2, 10), [normalized({ event: "view", properties })]);
    const stored = admission.admitted[0].properties;
    assert.deepEqual(Object.keys(stored), ["keep", "__proto__"]);
    assert.equal(Object.getPrototypeOf(stored), Object.prototype);
  });

  test("no limits (operator imports) admits everything", () => {
    const names = known();
    const messages = Array.from({ length: 50 }, (_, i) => normalized({ event: `e${i}`, properties: { [`p${i}`]: i } }));
    const admission = admitNames(names, null, messages);
    assert.equal(admission.admitted.length, 50);
    assert.equal(names.events.size, 50);
  });
});
