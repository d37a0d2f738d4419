// Cohorts: the definition's schema, the cycle check, and the reference's
// membership on tiny worlds worked out by hand (window edges, stitched
// identities, negation, first_time, nested cohorts), so the integration tests
// that compare the server with it can trust it.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkReferences, createCohortSchema } from "../../lib/cohorts";
import { matchSchema, type Group } from "../../lib/cohorts/definition";
import type { CohortRef } from "../../lib/query/cohorts";
import { cohortMembers, memberIdSets, replay, type Message, type RefCohort, type RefGroup } from "../reference";

const DAY = 86_400_000;
const AS_OF = Date.parse("2026-06-30T12:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();
let n = 0;
const msg = (m: Omit<Message, "messageId">): Message => ({ ...m, messageId: `m${++n}` });

/** Distinct-id sets of the members, e.g. ["a", "b u1"]. */
function members(world: ReturnType<typeof replay>, match: RefGroup, cohorts?: Map<string, RefCohort>): string[] {
  return memberIdSets(world, cohortMembers(world, match, AS_OF, cohorts));
}

describe("cohort definition schema", () => {
  test("accepts the API.md example and fills the defaults", () => {
    const parsed = matchSchema.parse({
      all: [
        { type: "property", property: "plan", op: "eq", value: "pro" },
        { type: "performed", event: "purchase", where: [{ property: "price", op: "gt", value: 10 }], count: { op: "gte", value: 3 }, withinDays: 30 },
        { type: "performed", event: "cancel", withinDays: 90, negate: true },
        { type: "first_time", event: "Signed Up", withinDays: 7 },
        { type: "cohort", cohortId: "c1", negate: false },
        { any: [{ type: "property", property: "vip", op: "is_set" }] },
      ],
    });
    const all = (parsed as { all: unknown[] }).all as Record<string, unknown>[];
    assert.deepEqual(all[2], { type: "performed", event: "cancel", withinDays: 90, negate: true, where: [], count: { op: "gte", value: 1 } });
    assert.deepEqual(all[5], { any: [{ type: "property", property: "vip", op: "is_set", value: undefined, negate: false }] });
  });

  const refused: [string, unknown, RegExp][] = [
    ["a bare condition at the top", { type: "property", property: "plan", op: "eq", value: "pro" }, /group/],
    ["an unknown type", { all: [{ type: "did" }] }, /^all\.0\.type .*condition/],
    ["a filter operator's rules", { all: [{ type: "property", property: "age", op: "gt", value: "30" }] }, /^all\.0\.value must be a number for gt/],
    ["withinDays 0", { all: [{ type: "performed", event: "x", withinDays: 0 }] }, /^all\.0\.withinDays must be at least 1/],
    ["a fractional count", { all: [{ type: "performed", event: "x", withinDays: 3, count: { op: "eq", value: 1.5 } }] }, /count\.value must be a whole number/],
    ["an empty group", { any: [] }, /^any must hold at least one condition/],
    ["all and any together", { all: [{ type: "cohort", cohortId: "c" }], any: [] }, /any/],
  ];
  for (const [title, input, message] of refused) {
    test(`refuses ${title}, saying where`, () => {
      const parsed = matchSchema.safeParse(input);
      assert.equal(parsed.success, false);
      const issue = parsed.error!.issues[0];
      assert.match(`${issue.path.join(".")} ${issue.message}`.trim(), message);
    });
  }

  test("a static cohort needs no definition; a dynamic one does", () => {
    assert.equal(createCohortSchema.safeParse({ kind: "static", name: "List", distinctIds: ["a", 7] }).success, true);
    assert.equal(createCohortSchema.safeParse({ kind: "dynamic", name: "Nothing" }).success, false);
    assert.equal(createCohortSchema.safeParse({ kind: "weird", name: "x" }).success, false);
  });
});

describe("cohort references", () => {
  const nested = (id: string): Group => ({ all: [{ type: "cohort", cohortId: id, negate: false }] });
  const refs = new Map<string, CohortRef>([
    ["a", { kind: "dynamic", match: nested("b") }],
    ["b", { kind: "dynamic", match: nested("s") }],
    ["s", { kind: "static" }],
  ]);

  test("a chain through static and dynamic cohorts is fine", () => {
    assert.ok(checkReferences(null, nested("a"), refs).has("s"));
  });

  test("a cohort that would reach itself is refused with cohort_cycle", () => {
    assert.throws(() => checkReferences("b", nested("a"), refs), (e: { status: number; code: string }) => e.status === 400 && e.code === "cohort_cycle");
    assert.throws(() => checkReferences("a", nested("a"), refs), (e: { code: string }) => e.code === "cohort_cycle");
  });

  test("an unknown cohort is refused with unknown_cohort", () => {
    assert.throws(() => checkReferences(null, nested("zzz"), refs), (e: { status: number; code: string }) => e.status === 400 && e.code === "unknown_cohort");
  });

  test("a diamond that expands past the limit is refused", () => {
    const wide = new Map<string, CohortRef>();
    let previous: string | null = null;
    for (let i = 0; i < 12; i++) {
      const id = `d${i}`;
      wide.set(id, { kind: "dynamic", match: previous ? { all: [{ type: "cohort", cohortId: previous, negate: false }, { type: "cohort", cohortId: previous, negate: true }] } : { all: [{ type: "first_time", event: "x", withinDays: 1, negate: false }] } });
      previous = id;
    }
    assert.throws(() => checkReferences(null, nested("d11"), wide), (e: { code: string }) => e.code === "cohort_too_complex");
  });
});

describe("the reference's cohort membership", () => {
  test("performed: the window is [asOf - D days, asOf), both edges exact", () => {
    const world = replay([
      [
        msg({ event: "buy", anonymousId: "at-start", timestamp: iso(AS_OF - 7 * DAY) }),
        msg({ event: "buy", anonymousId: "just-before", timestamp: iso(AS_OF - 7 * DAY - 1) }),
        msg({ event: "buy", anonymousId: "last-ms", timestamp: iso(AS_OF - 1) }),
        msg({ event: "buy", anonymousId: "at-as-of", timestamp: iso(AS_OF) }),
      ],
    ]);
    assert.deepEqual(members(world, { all: [{ type: "performed", event: "buy", withinDays: 7 }] }), ["at-start", "last-ms"]);
    // negate: everyone else, persons with no such event at all included.
    assert.deepEqual(members(world, { all: [{ type: "performed", event: "buy", withinDays: 7, negate: true }] }), ["at-as-of", "just-before"]);
  });

  test("counts: at most 1 includes persons who never did it; exactly 2; where filters", () => {
    const world = replay([
      [
        msg({ event: "buy", anonymousId: "twice", timestamp: iso(AS_OF - DAY), properties: { price: 5 } }),
        msg({ event: "buy", anonymousId: "twice", timestamp: iso(AS_OF - 2 * DAY), properties: { price: 50 } }),
        msg({ event: "buy", anonymousId: "once", timestamp: iso(AS_OF - DAY), properties: { price: 50 } }),
        msg({ event: "view", anonymousId: "never", timestamp: iso(AS_OF - DAY) }),
      ],
    ]);
    assert.deepEqual(members(world, { all: [{ type: "performed", event: "buy", withinDays: 30, count: { op: "lte", value: 1 } }] }), ["never", "once"]);
    assert.deepEqual(members(world, { all: [{ type: "performed", event: "buy", withinDays: 30, count: { op: "eq", value: 2 } }] }), ["twice"]);
    assert.deepEqual(members(world, { all: [{ type: "performed", event: "buy", withinDays: 30, where: [{ property: "price", op: "gte", value: 50 }] }] }), ["once", "twice"]);
  });

  test("stitched identities: an anonymous device's earlier events count for the user", () => {
    const world = replay([
      [msg({ event: "buy", anonymousId: "device", timestamp: iso(AS_OF - 3 * DAY) })],
      [msg({ event: "buy", userId: "u1", timestamp: iso(AS_OF - 2 * DAY) })],
      [msg({ type: "identify", userId: "u1", anonymousId: "device", traits: { plan: "pro" }, timestamp: iso(AS_OF - DAY) })],
    ]);
    const twice = { all: [{ type: "performed", event: "buy", withinDays: 7, count: { op: "gte", value: 2 } }] } as RefGroup;
    assert.deepEqual(members(world, twice), ["device u1"]);
    assert.deepEqual(members(world, { all: [{ type: "property", property: "plan", op: "eq", value: "pro" }] }), ["device u1"]);
  });

  test("first_time: the first event of that name ever, not the first in the window", () => {
    const world = replay([
      [
        msg({ event: "signup", anonymousId: "new", timestamp: iso(AS_OF - 2 * DAY) }),
        msg({ event: "signup", anonymousId: "old", timestamp: iso(AS_OF - 20 * DAY) }),
        msg({ event: "signup", anonymousId: "old", timestamp: iso(AS_OF - DAY) }),
        msg({ event: "signup", anonymousId: "edge", timestamp: iso(AS_OF - 7 * DAY) }),
        msg({ event: "signup", anonymousId: "later", timestamp: iso(AS_OF + DAY) }),
      ],
    ]);
    assert.deepEqual(members(world, { all: [{ type: "first_time", event: "signup", withinDays: 7 }] }), ["edge", "new"]);
  });

  test("nested groups and cohorts, static and dynamic, negated", () => {
    const world = replay([
      [
        msg({ type: "identify", userId: "pro-buyer", traits: { plan: "pro" }, timestamp: iso(AS_OF - DAY) }),
        msg({ event: "buy", userId: "pro-buyer", timestamp: iso(AS_OF - DAY) }),
        msg({ type: "identify", userId: "pro-idle", traits: { plan: "pro" }, timestamp: iso(AS_OF - DAY) }),
        msg({ event: "buy", userId: "free-buyer", timestamp: iso(AS_OF - DAY) }),
      ],
    ]);
    const person = (id: string) => world.personOf.get(id)!;
    const cohorts = new Map<string, RefCohort>([
      ["pro", { kind: "dynamic", match: { all: [{ type: "property", property: "plan", op: "eq", value: "pro" }] } }],
      ["list", { kind: "static", members: new Set([person("pro-idle")]) }],
    ]);
    const match: RefGroup = {
      any: [
        { all: [{ type: "cohort", cohortId: "pro" }, { type: "performed", event: "buy", withinDays: 7 }] },
        { all: [{ type: "cohort", cohortId: "pro", negate: true }, { type: "cohort", cohortId: "list", negate: true }, { type: "performed", event: "buy", withinDays: 7, negate: true }] },
      ],
    };
    assert.deepEqual(members(world, match, cohorts), ["pro-buyer"]);
    assert.deepEqual(members(world, { all: [{ type: "cohort", cohortId: "list" }] }, cohorts), ["pro-idle"]);
  });
});
