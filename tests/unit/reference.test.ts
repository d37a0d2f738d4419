// The reference implementation of the reports (tests/reference) checked on tiny
// cases computed by hand, so the integration tests can trust it.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  bucketStart,
  bucketStarts,
  builtinsOf,
  differences,
  EVENTS,
  filterHolds,
  funnel,
  passes,
  generate,
  nextBucketStart,
  paths,
  percentile,
  replay,
  reportDifferences,
  retention,
  trends,
  type FunnelQuery,
  type Json,
  type Message,
  type RefFilter,
  type World,
  USER_AGENTS,
} from "../reference";

const at = (isoText: string) => Date.parse(isoText);
const iso = (ms: number) => new Date(ms).toISOString();
const BERLIN = "Europe/Berlin";

let counter = 0;
/** A track message (or page, identify, alias with `extra`). */
function msg(event: string, ids: { userId?: string; anonymousId?: string }, timestamp: string | number, properties: Record<string, Json> = {}, extra: Partial<Message> = {}): Message {
  return {
    event,
    ...ids,
    properties,
    timestamp: typeof timestamp === "number" ? iso(timestamp) : timestamp,
    messageId: `m${++counter}`,
    ...extra,
  };
}

function identify(userId: string, anonymousId: string | undefined, traits: Record<string, Json> = {}, extra: Partial<Message> = {}): Message {
  return { type: "identify", userId, ...(anonymousId ? { anonymousId } : {}), traits, timestamp: "2026-01-01T00:00:00.000Z", messageId: `m${++counter}`, ...extra };
}

function alias(userId: string, previousId: string): Message {
  return { type: "alias", userId, previousId, timestamp: "2026-01-01T00:00:00.000Z", messageId: `m${++counter}` };
}

/** Each message in a request of its own. */
const world = (...messages: Message[]): World => replay(messages.map((m) => [m]));

describe("reference: time buckets", () => {
  test("Berlin days across the spring DST change (23 h day)", () => {
    assert.deepEqual(bucketStarts(at("2026-03-28T12:00:00Z"), at("2026-03-31T00:00:00Z"), "day", BERLIN).map(iso), [
      "2026-03-27T23:00:00.000Z",
      "2026-03-28T23:00:00.000Z",
      "2026-03-29T22:00:00.000Z",
      "2026-03-30T22:00:00.000Z",
    ]);
  });

  test("Berlin days across the autumn DST change (25 h day)", () => {
    const start = bucketStart(at("2026-10-25T12:00:00Z"), "day", BERLIN);
    assert.equal(iso(start), "2026-10-24T22:00:00.000Z");
    assert.equal(iso(nextBucketStart(start, "day", BERLIN)), "2026-10-25T23:00:00.000Z");
  });

  test("a bucket's first instant starts it; 1 ms earlier is the previous bucket", () => {
    assert.equal(iso(bucketStart(at("2026-03-28T23:00:00.000Z"), "day", BERLIN)), "2026-03-28T23:00:00.000Z");
    assert.equal(iso(bucketStart(at("2026-03-28T22:59:59.999Z"), "day", BERLIN)), "2026-03-27T23:00:00.000Z");
  });

  test("Berlin hours: spring skips 02:00, autumn has 02:00 twice (two buckets)", () => {
    assert.deepEqual(bucketStarts(at("2026-03-29T00:00:00Z"), at("2026-03-29T03:00:00Z"), "hour", BERLIN).map(iso), [
      "2026-03-29T00:00:00.000Z",
      "2026-03-29T01:00:00.000Z",
      "2026-03-29T02:00:00.000Z",
    ]);
    assert.deepEqual(bucketStarts(at("2026-10-25T00:30:00Z"), at("2026-10-25T02:00:00Z"), "hour", BERLIN).map(iso), [
      "2026-10-25T00:00:00.000Z",
      "2026-10-25T01:00:00.000Z",
    ]);
  });

  test("half-hour offsets: Kolkata's hours start at :30 UTC", () => {
    assert.equal(iso(bucketStart(at("2026-01-01T10:45:12.345Z"), "hour", "Asia/Kolkata")), "2026-01-01T10:30:00.000Z");
    assert.equal(iso(bucketStart(at("2026-01-01T10:29:59.999Z"), "day", "Asia/Kolkata")), "2025-12-31T18:30:00.000Z");
  });

  test("weeks start on Monday in the zone, months on the 1st", () => {
    const sunday = at("2026-03-29T12:00:00Z");
    const week = bucketStart(sunday, "week", BERLIN);
    assert.equal(iso(week), "2026-03-22T23:00:00.000Z"); // Monday 23 March, 00:00 CET
    assert.equal(iso(nextBucketStart(week, "week", BERLIN)), "2026-03-29T22:00:00.000Z"); // Monday 30 March, 00:00 CEST
    assert.equal(iso(bucketStart(at("2026-04-15T00:00:00Z"), "month", BERLIN)), "2026-03-31T22:00:00.000Z");
    assert.equal(iso(nextBucketStart(at("2026-03-31T22:00:00Z"), "month", BERLIN)), "2026-04-30T22:00:00.000Z");
    assert.equal(iso(bucketStart(at("2026-11-10T00:00:00Z"), "month", BERLIN)), "2026-10-31T23:00:00.000Z");
  });

  test("New York's spring day is 23 hours", () => {
    const start = bucketStart(at("2026-03-08T12:00:00Z"), "day", "America/New_York");
    assert.equal(iso(start), "2026-03-08T05:00:00.000Z");
    assert.equal(iso(nextBucketStart(start, "day", "America/New_York")), "2026-03-09T04:00:00.000Z");
  });
});

describe("reference: identity and properties", () => {
  test("identify joins the anonymous id's earlier and later events to the user", () => {
    const w = world(msg("A", { anonymousId: "a" }, 1), identify("u", "a", { plan: "pro" }), msg("B", { anonymousId: "a" }, 3), msg("C", { userId: "u" }, 4));
    assert.equal(new Set(w.events.map((e) => e.person)).size, 1);
    assert.deepEqual(w.personProperties.get(w.personOf.get("a")!), { plan: "pro" });
  });

  test("identify never merges two persons that both have a userId (existing or new second user)", () => {
    const existing = world(msg("A", { anonymousId: "d" }, 1), identify("u1", "d"), msg("B", { userId: "u2" }, 2), identify("u2", "d", { plan: "x" }), msg("C", { anonymousId: "d" }, 3));
    assert.notEqual(existing.personOf.get("u1"), existing.personOf.get("u2"));
    assert.equal(existing.personOf.get("d"), existing.personOf.get("u1"));
    assert.deepEqual(existing.personProperties.get(existing.personOf.get("u2")!), { plan: "x" });
    assert.deepEqual(existing.personProperties.get(existing.personOf.get("u1")!), {});

    const fresh = world(msg("A", { anonymousId: "d" }, 1), identify("u1", "d"), identify("u2", "d", { plan: "x" }), msg("B", { userId: "u2" }, 2));
    assert.notEqual(fresh.personOf.get("u1"), fresh.personOf.get("u2"));
    assert.equal(fresh.personOf.get("d"), fresh.personOf.get("u1"));
    assert.deepEqual(fresh.personProperties.get(fresh.personOf.get("u2")!), { plan: "x" });
  });

  test("alias merges two identified persons; the user's properties win", () => {
    const w = world(
      identify("old", undefined, { plan: "free", age: 3 }),
      identify("new", undefined, { plan: "pro" }),
      msg("A", { userId: "old" }, 1),
      alias("new", "old"),
      msg("B", { userId: "old" }, 2),
    );
    assert.equal(w.personOf.get("old"), w.personOf.get("new"));
    assert.deepEqual(w.personProperties.get(w.personOf.get("new")!), { plan: "pro", age: 3 });
    assert.equal(new Set(w.events.map((e) => e.person)).size, 1);
  });

  test("identify merging an anonymous person: the user's properties win", () => {
    const w = world(identify("u", undefined, { plan: "pro" }), identify("a-user", undefined), msg("X", { anonymousId: "a" }, 1, { $set: { plan: "anon", x: 1 } }), identify("u", "a"));
    assert.deepEqual(w.personProperties.get(w.personOf.get("u")!), { plan: "pro", x: 1 });
  });

  test("$set_once fills only what is missing, $unset removes, traits set", () => {
    const w = world(
      identify("u", undefined, { plan: "free", vip: true }),
      identify("u", undefined, { plan: "pro", $unset: ["vip"] }, { properties: { $set_once: { plan: "never", first: "f" } } }),
      identify("u", undefined, {}, { properties: { $set_once: { first: "second" } } }),
    );
    assert.deepEqual(w.personProperties.get(w.personOf.get("u")!), { plan: "pro", first: "f" });
  });

  test("a repeated messageId is stored once and its copy changes nothing", () => {
    const first = msg("A", { anonymousId: "a" }, 1, { price: 1 });
    const copy = { ...first, properties: { price: 2 } };
    const idFirst = identify("u", "a", { plan: "pro" });
    const idCopy = { ...idFirst, traits: { plan: "free" } };
    const w = replay([[first, copy], [idFirst], [idCopy, { ...copy, timestamp: iso(5) }]]);
    assert.deepEqual(
      w.events.map((e) => [e.event, e.properties]),
      [
        ["A", { price: 1 }],
        ["$identify", {}],
      ],
    );
    assert.deepEqual(w.personProperties.get(w.personOf.get("u")!), { plan: "pro" });
  });

  test("arrival order is batch order, then request order; page becomes $pageview", () => {
    const w = replay([
      [msg("B", { anonymousId: "a" }, 5), msg("A", { anonymousId: "a" }, 1)],
      [{ type: "page", anonymousId: "a", timestamp: iso(0), messageId: "p1", name: "Home" }],
    ]);
    assert.deepEqual(
      w.events.map((e) => [e.arrival, e.event, e.properties]),
      [
        [0, "B", {}],
        [1, "A", {}],
        [2, "$pageview", { name: "Home" }],
      ],
    );
  });
});

describe("reference: filters", () => {
  const check = (value: Json | undefined, filter: Omit<RefFilter, "property">, expected: boolean) =>
    assert.equal(filterHolds(value, { property: "p", ...filter }), expected, `${JSON.stringify(value)} ${filter.op} ${JSON.stringify(filter.value)}`);

  test("eq / neq / in are typed", () => {
    check(1, { op: "eq", value: "1" }, false);
    check("1", { op: "eq", value: "1" }, true);
    check(1, { op: "eq", value: 1 }, true);
    check(true, { op: "eq", value: true }, true);
    check(true, { op: "eq", value: 1 }, false);
    check(1, { op: "eq", value: true }, false);
    check("true", { op: "eq", value: true }, false);
    check(null, { op: "eq", value: "null" }, false);
    check(undefined, { op: "eq", value: "x" }, false);
    check({ tier: 1 }, { op: "eq", value: 1 }, false);
    check(undefined, { op: "neq", value: "x" }, true);
    check(null, { op: "neq", value: "x" }, true);
    check(1, { op: "neq", value: "1" }, true);
    check("x", { op: "neq", value: "x" }, false);
    check("1", { op: "in", value: ["1", 2, true] }, true);
    check(1, { op: "in", value: ["1", 2, true] }, false);
    check(2, { op: "in", value: ["1", 2, true] }, true);
    check(true, { op: "in", value: ["1", 2, true] }, true);
    check("true", { op: "in", value: ["1", 2, true] }, false);
    check(undefined, { op: "in", value: ["1"] }, false);
  });

  test("contains / not_contains: case-insensitive substring of strings, % and _ literal", () => {
    check('she said "hi"', { op: "contains", value: "HI" }, true);
    check("SAY HI", { op: "contains", value: "say h" }, true);
    check("50% off", { op: "contains", value: "0%" }, true);
    check("100", { op: "contains", value: "0%" }, false);
    check("a_b", { op: "contains", value: "a_b" }, true);
    check("aXb", { op: "contains", value: "a_b" }, false);
    check("Ünïcødé", { op: "contains", value: "ünï" }, true);
    check(42, { op: "contains", value: "4" }, false);
    check(undefined, { op: "contains", value: "" }, false);
    check(undefined, { op: "not_contains", value: "x" }, true);
    check(42, { op: "not_contains", value: "4" }, true);
    check("abc", { op: "not_contains", value: "B" }, false);
  });

  test("gt / gte / lt / lte hold only for JSON numbers", () => {
    check(42, { op: "gt", value: 10 }, true);
    check("42", { op: "gt", value: 10 }, false);
    check(10, { op: "gt", value: 10 }, false);
    check(10, { op: "gte", value: 10 }, true);
    check(-5, { op: "lt", value: 0 }, true);
    check(0, { op: "lte", value: 0 }, true);
    check(true, { op: "gte", value: 0 }, false);
    check(null, { op: "lte", value: 100 }, false);
  });

  test("is_set / is_not_set: null counts as not set", () => {
    check(null, { op: "is_set" }, false);
    check({ a: 1 }, { op: "is_set" }, true);
    check(false, { op: "is_set" }, true);
    check(undefined, { op: "is_not_set" }, true);
    check(null, { op: "is_not_set" }, true);
    check("", { op: "is_not_set" }, false);
  });

  test("property names are plain keys, never paths", () => {
    const w = world(msg("E", { anonymousId: "a" }, 1, { "plan.tier": "flat", plan: { tier: "nested" } }));
    const q = (value: string) => trends(w, { kind: "trends", from: iso(0), to: iso(10), interval: "day", series: [{ event: "E" }], where: [{ property: "plan.tier", op: "eq", value }] }, "UTC");
    assert.equal(q("flat").series[0].total, 1);
    assert.equal(q("nested").series[0].total, 0);
  });
});

describe("reference: trends", () => {
  test("percentile interpolates linearly like percentile_cont", () => {
    assert.equal(percentile([4, 1, 3, 2], 0.5), 2.5);
    assert.ok(Math.abs(percentile([1, 2, 3, 4], 0.9) - 3.7) < 1e-12);
    assert.equal(percentile([7], 0.9), 7);
    assert.equal(percentile([], 0.5), 0);
  });

  // Berlin, 2026-03-28 .. 2026-03-30 (local days); the 29th is 23 hours long.
  const from = "2026-03-27T23:00:00.000Z";
  const to = "2026-03-29T22:00:00.000Z";
  const w = world(
    msg("Buy", { anonymousId: "a" }, "2026-03-27T23:00:00.000Z", { price: 1 }), // exactly at from: day 1
    msg("Buy", { anonymousId: "a" }, "2026-03-28T22:59:59.999Z", { price: 2 }), // last ms of day 1
    msg("Buy", { anonymousId: "b" }, "2026-03-28T23:00:00.000Z", { price: 3 }), // day 2
    msg("Buy", { anonymousId: "b" }, "2026-03-29T21:00:00.000Z", { price: 4 }), // day 2 (23:00 CEST)
    msg("Buy", { anonymousId: "c" }, "2026-03-29T21:30:00.000Z", { price: "5" }), // day 2, price is a string
    msg("Buy", { anonymousId: "c" }, "2026-03-29T22:00:00.000Z", { price: 100 }), // exactly at to: excluded
    msg("Buy", { anonymousId: "c" }, "2026-03-27T22:59:59.999Z", { price: 100 }), // before from: excluded
    msg("View", { anonymousId: "a" }, "2026-03-28T10:00:00.000Z"),
  );
  const run = (math: "total" | "unique_users" | "sum" | "avg" | "min" | "max" | "median" | "p90") =>
    trends(w, { kind: "trends", from, to, interval: "day", series: [{ event: "Buy", math, property: "price" }] }, BERLIN).series[0];

  test("buckets in the zone, [from, to), every math", () => {
    const total = run("total");
    assert.deepEqual(total.data, [
      { t: "2026-03-27T23:00:00.000Z", value: 2 },
      { t: "2026-03-28T23:00:00.000Z", value: 3 },
    ]);
    assert.equal(total.total, 5);
    assert.equal(run("unique_users").total, 3);
    assert.deepEqual(run("unique_users").data.map((d) => d.value), [1, 2]);
    assert.equal(run("sum").total, 10);
    assert.deepEqual(run("sum").data.map((d) => d.value), [3, 7]);
    assert.equal(run("avg").total, 2.5);
    assert.equal(run("min").total, 1);
    assert.equal(run("max").total, 4);
    assert.equal(run("median").total, 2.5);
    assert.ok(Math.abs(run("p90").total - 3.7) < 1e-12);
    assert.deepEqual(run("median").data.map((d) => d.value), [1.5, 3.5]);
  });

  test("a bucket with no numeric values gives 0", () => {
    const x = world(msg("Buy", { anonymousId: "a" }, "2026-03-28T10:00:00.000Z", { price: "5" }));
    const s = trends(x, { kind: "trends", from, to, interval: "day", series: [{ event: "Buy", math: "avg", property: "price" }] }, BERLIN).series[0];
    assert.deepEqual(s.data.map((d) => d.value), [0, 0]);
    assert.equal(s.total, 0);
  });

  test("breakdown: top values by the first series' total, ties by JSON text, the rest as $other", () => {
    const x = world(
      msg("E", { anonymousId: "a" }, "2026-03-28T10:00:00.000Z", { k: "b" }),
      msg("E", { anonymousId: "a" }, "2026-03-28T10:00:00.000Z", { k: "b" }),
      msg("E", { anonymousId: "b" }, "2026-03-28T10:00:00.000Z", { k: 1 }),
      msg("E", { anonymousId: "c" }, "2026-03-28T10:00:00.000Z", { k: "1" }),
      msg("E", { anonymousId: "d" }, "2026-03-28T10:00:00.000Z", {}),
      msg("E", { anonymousId: "e" }, "2026-03-28T10:00:00.000Z", { k: null }),
    );
    const result = trends(x, { kind: "trends", from, to, interval: "day", series: [{ event: "E", label: "s" }], breakdown: { property: "k", limit: 2 } }, BERLIN);
    // totals: "b" 2, null 2 (missing + null), 1 -> 1, "1" -> 1. JSON texts: "\"b\"" < "null".
    assert.deepEqual(
      result.series.map((s) => [s.breakdownValue, s.total]),
      [
        ["b", 2],
        [null, 2],
        ["$other", 2],
      ],
    );
  });

  test("user-scope breakdowns and filters read the person's current properties", () => {
    const x = world(
      msg("E", { anonymousId: "a" }, "2026-03-28T10:00:00.000Z"),
      identify("u", "a", { plan: "pro" }),
      msg("E", { anonymousId: "b" }, "2026-03-28T10:00:00.000Z"),
    );
    const result = trends(x, { kind: "trends", from, to, series: [{ event: "E", label: "s" }], breakdown: { property: "plan", scope: "user" } }, BERLIN);
    assert.deepEqual(result.series.map((s) => [s.breakdownValue, s.total]).sort(), [["pro", 1], [null, 1]].sort());
    const filtered = trends(x, { kind: "trends", from, to, series: [{ event: "E" }], where: [{ property: "plan", scope: "user", op: "is_set" }] }, BERLIN);
    assert.equal(filtered.series[0].total, 1);
  });
});

describe("reference: funnel", () => {
  const W = 3600;
  const T = at("2026-05-01T10:00:00.000Z");
  const q = (extra: Partial<FunnelQuery> = {}): FunnelQuery => ({
    kind: "funnel",
    from: iso(T),
    to: iso(T + 86_400_000),
    windowSeconds: W,
    steps: [{ event: "S" }, { event: "V" }, { event: "C" }],
    ...extra,
  });

  test("window edge inclusive, 1 ms past excluded, order matters, ties by arrival, later starts", () => {
    const w = world(
      // p1: V exactly at the window's end -> reaches 2 (3600 s)
      msg("S", { anonymousId: "p1" }, T),
      msg("V", { anonymousId: "p1" }, T + W * 1000),
      // p2: V 1 ms past the window -> reaches 1
      msg("S", { anonymousId: "p2" }, T),
      msg("V", { anonymousId: "p2" }, T + W * 1000 + 1),
      // p3: V before S -> reaches 1
      msg("V", { anonymousId: "p3" }, T),
      msg("S", { anonymousId: "p3" }, T + 1000),
      // p4: the first start stalls at 2; the second (outside the first's window) reaches 3 (1 s, 1 s)
      msg("S", { anonymousId: "p4" }, T),
      msg("V", { anonymousId: "p4" }, T + 1000),
      msg("S", { anonymousId: "p4" }, T + W * 1000 + 5000),
      msg("V", { anonymousId: "p4" }, T + W * 1000 + 6000),
      msg("C", { anonymousId: "p4" }, T + W * 1000 + 7000),
      // p5: same timestamp, V arrived first -> V is not after S -> reaches 1
      msg("V", { anonymousId: "p5" }, T + 50),
      msg("S", { anonymousId: "p5" }, T + 50),
      // p6: same timestamp, S arrived first -> reaches 2 (0 s)
      msg("S", { anonymousId: "p6" }, T + 50),
      msg("V", { anonymousId: "p6" }, T + 50),
      // p7: starts before `from` only -> not in the funnel; V after `to` is fine for others
      msg("S", { anonymousId: "p7" }, T - 1),
      msg("V", { anonymousId: "p7" }, T + 10),
    );
    const result = funnel(w, q());
    assert.deepEqual(result.steps, [
      { event: "S", users: 6, conversionFromStart: 1, conversionFromPrevious: 1, medianSecondsFromPrevious: null },
      // reached 2: p1 (3600), p4 (1), p6 (0) -> median 1
      { event: "V", users: 3, conversionFromStart: 0.5, conversionFromPrevious: 0.5, medianSecondsFromPrevious: 1 },
      { event: "C", users: 1, conversionFromStart: 1 / 6, conversionFromPrevious: 1 / 3, medianSecondsFromPrevious: 1 },
    ]);
  });

  test("the earliest start reaching the top step gives the medians and the breakdown value", () => {
    const w = world(
      msg("S", { anonymousId: "a" }, T, { src: "first" }),
      msg("S", { anonymousId: "a" }, T + 10_000, { src: "second" }),
      msg("V", { anonymousId: "a" }, T + 20_000),
      msg("C", { anonymousId: "a" }, T + W * 1000 + 5_000), // only within the second start's window
      msg("S", { anonymousId: "b" }, T, { src: "first" }),
      msg("V", { anonymousId: "b" }, T + 4_000),
      msg("V", { anonymousId: "b" }, T + 6_000),
    );
    const result = funnel(w, q({ breakdown: { property: "src" } }));
    // a: chain S(+10 s) V(+20 s) C: V 10 s after S, C 3585 s after V. b: V 4 s after S.
    assert.deepEqual(
      result.steps.map((s) => [s.users, s.medianSecondsFromPrevious]),
      [
        [2, null],
        [2, 7],
        [1, 3585],
      ],
    );
    assert.deepEqual(
      result.breakdowns!.map((b) => [b.value, b.steps.map((s) => s.users)]).sort(),
      [
        ["first", [1, 1, 0]],
        ["second", [1, 1, 1]],
      ],
    );
    assert.equal(result.breakdowns!.find((b) => b.value === "first")!.steps[2].conversionFromPrevious, 0);
    assert.equal(result.breakdowns!.find((b) => b.value === "first")!.steps[2].medianSecondsFromPrevious, null);
  });

  test("a step matches only an event strictly after the previous match (repeated step events)", () => {
    const w = world(msg("S", { anonymousId: "a" }, T), msg("S", { anonymousId: "b" }, T), msg("S", { anonymousId: "b" }, T + 1000));
    const result = funnel(w, q({ steps: [{ event: "S" }, { event: "S" }] }));
    assert.deepEqual(result.steps.map((s) => s.users), [2, 1]);
    assert.equal(result.steps[1].medianSecondsFromPrevious, 1);
  });

  test("nobody starts: zeros and nulls", () => {
    const result = funnel(world(msg("V", { anonymousId: "a" }, T)), q());
    assert.deepEqual(result.steps.map((s) => [s.users, s.conversionFromStart, s.conversionFromPrevious, s.medianSecondsFromPrevious]), [
      [0, 0, 0, null],
      [0, 0, 0, null],
      [0, 0, 0, null],
    ]);
  });

  test("step filters and report filters both apply", () => {
    const w = world(
      msg("S", { anonymousId: "a" }, T, { ok: true }),
      msg("V", { anonymousId: "a" }, T + 1, { x: 1 }),
      msg("V", { anonymousId: "a" }, T + 2, { x: 2, ok: true }),
      msg("S", { anonymousId: "b" }, T, { ok: false }),
    );
    const result = funnel(w, q({ where: [{ property: "ok", op: "eq", value: true }], steps: [{ event: "S" }, { event: "V", where: [{ property: "x", op: "gt", value: 1 }] }] }));
    assert.deepEqual(result.steps.map((s) => [s.users, s.medianSecondsFromPrevious]), [
      [1, null],
      [1, 0.002],
    ]);
  });
});

describe("reference: retention", () => {
  test("day cohorts in the zone across DST; returns any time after, even past `to`", () => {
    const w = world(
      // a: cohort 28 March (Berlin); returns on the 29th (the 23 h day) and on the 31st
      msg("S", { anonymousId: "a" }, "2026-03-28T10:00:00.000Z"),
      msg("S", { anonymousId: "a" }, "2026-03-29T10:00:00.000Z"), // a second start: the first counts
      msg("R", { anonymousId: "a" }, "2026-03-29T21:59:59.999Z"), // 23:59:59.999 CEST on the 29th: period 1
      msg("R", { anonymousId: "a" }, "2026-03-30T22:00:00.000Z"), // 00:00 on the 31st: period 3
      // b: cohort 28 March too (00:30 CET); returns the same day only (not counted)
      msg("S", { anonymousId: "b" }, "2026-03-27T23:30:00.000Z"),
      msg("R", { anonymousId: "b" }, "2026-03-28T20:00:00.000Z"),
      // c: cohort 29 March (first S inside the range); R at 00:00 CEST 30 March: period 1
      msg("S", { anonymousId: "c" }, "2026-03-26T10:00:00.000Z"), // before `from`: ignored
      msg("S", { anonymousId: "c" }, "2026-03-28T23:00:00.000Z"),
      msg("R", { anonymousId: "c" }, "2026-03-29T22:00:00.000Z"),
    );
    const result = retention(w, { kind: "retention", from: "2026-03-27T23:00:00.000Z", to: "2026-03-29T22:00:00.000Z", startEvent: "S", returnEvent: "R", interval: "day", periods: 4 }, BERLIN);
    assert.deepEqual(result.cohorts, [
      { start: "2026-03-27T23:00:00.000Z", users: 2, returned: [2, 1, 0, 1] },
      { start: "2026-03-28T23:00:00.000Z", users: 1, returned: [1, 1, 0, 0] },
    ]);
  });

  test("week cohorts start on Monday", () => {
    const w = world(msg("S", { anonymousId: "a" }, "2026-03-29T12:00:00.000Z"), msg("S", { anonymousId: "a" }, "2026-03-30T12:00:00.000Z"));
    const result = retention(w, { kind: "retention", from: "2026-03-20T00:00:00.000Z", to: "2026-04-20T00:00:00.000Z", startEvent: "S", returnEvent: "S", interval: "week", periods: 2 }, BERLIN);
    assert.deepEqual(result.cohorts, [{ start: "2026-03-22T23:00:00.000Z", users: 1, returned: [1, 1] }]);
  });
});

describe("reference: paths", () => {
  test("from the first start event, up to `steps`; with an end event only the paths reaching it, cut after it", () => {
    const T = at("2026-05-01T00:00:00.000Z");
    const w = world(
      msg("X", { anonymousId: "a" }, T),
      msg("S", { anonymousId: "a" }, T + 1),
      msg("B", { anonymousId: "a" }, T + 2),
      msg("A", { anonymousId: "a" }, T + 2), // same time, arrived after B
      msg("E", { anonymousId: "a" }, T + 3),
      msg("Z", { anonymousId: "a" }, T + 4),
      msg("S", { anonymousId: "b" }, T + 5),
      msg("A", { anonymousId: "b" }, T + 6),
      msg("S", { anonymousId: "c" }, T - 10), // before `from`: c has no path with startEvent S
    );
    const range = { from: iso(T), to: iso(T + 100) };
    const result = paths(w, { kind: "paths", ...range, startEvent: "S", endEvent: "E", steps: 8 });
    const nodes = Object.fromEntries(result.nodes.map((n) => [`${n.step}:${n.event}`, n.users]));
    // b starts at S but never reaches E, so b's path is not counted; a's stops after E (no Z).
    assert.deepEqual(nodes, { "1:S": 1, "2:B": 1, "3:A": 1, "4:E": 1 });
    const links = Object.fromEntries(result.links.map((l) => [`${l.from}>${l.to}`, l.users]));
    assert.deepEqual(links, { "1:S>2:B": 1, "2:B>3:A": 1, "3:A>4:E": 1 });

    const withoutEnd = paths(w, { kind: "paths", ...range, startEvent: "S", steps: 3 });
    assert.deepEqual(Object.fromEntries(withoutEnd.nodes.map((n) => [`${n.step}:${n.event}`, n.users])), { "1:S": 2, "2:B": 1, "3:A": 1, "2:A": 1 });

    const firstEvents = paths(w, { kind: "paths", ...range, steps: 2 });
    assert.deepEqual(Object.fromEntries(firstEvents.nodes.map((n) => [`${n.step}:${n.event}`, n.users])), { "1:X": 1, "2:S": 1, "1:S": 1, "2:A": 1 });
  });
});

describe("reference: generator and comparison", () => {
  const options = { seed: 7, persons: 40, anchors: [at("2026-03-29T01:00:00Z")], edges: [at("2026-03-23T00:00:00Z")], windowMs: 3_600_000, prefix: "t" };

  test("counts compare exactly; a decimal sum may land 2e-13 off an integer reference", () => {
    assert.deepEqual(differences(1185.0000000000002, 1185), []);
    assert.deepEqual(differences(0.1 + 0.2, 0.3), []);
    assert.equal(differences(1186, 1185).length, 1, "an integer answer must equal an integer reference");
    assert.equal(differences(1185.5, 1185).length, 1, "more than rounding is a difference");
  });

  test("the same seed gives the same messages", () => {
    assert.deepEqual(generate(options), generate(options));
    assert.notDeepEqual(generate(options), generate({ ...options, seed: 8 }));
  });

  test("the data has the hard cases", () => {
    const { requests } = generate({ ...options, sharedDeviceNewUser: true });
    const all = requests.flat();
    const ids = all.map((m) => m.messageId);
    assert.ok(ids.length - new Set(ids).size >= 3, "repeated messageIds");
    const w = replay(requests);
    const keyCounts = new Map<string, number>();
    for (const e of w.events) keyCounts.set(`${e.person}@${e.ts}`, (keyCounts.get(`${e.person}@${e.ts}`) ?? 0) + 1);
    assert.ok([...keyCounts.values()].some((n) => n > 1), "equal timestamps of one person");
    assert.ok(w.events.some((e) => e.ts === options.edges[0]), "an event exactly at an edge");
    assert.ok(w.events.some((e) => e.ts === options.edges[0] - 1), "an event 1 ms before an edge");
    assert.ok(all.some((m) => m.type === "alias"), "alias");
    assert.ok(w.events.some((e, i) => i > 0 && e.ts < w.events[i - 1].ts), "arrival unlike time order");
    assert.ok(w.events.some((e) => e.event === EVENTS.purchase && typeof e.properties.price === "string"));
    const persons = new Set(w.events.map((e) => e.person));
    const distinct = new Set(w.events.map((e) => e.distinctId));
    assert.ok(distinct.size > persons.size, "stitched identities");
  });

  test("invariants of the reference on generated data", () => {
    const w = replay(generate(options).requests);
    const from = "2026-03-20T00:00:00.000Z";
    const to = "2026-04-10T00:00:00.000Z";
    const result = funnel(w, { kind: "funnel", from, to, windowSeconds: 3600, steps: [{ event: EVENTS.signup }, { event: EVENTS.view }, { event: EVENTS.cart }, { event: EVENTS.purchase }] });
    for (let k = 1; k < result.steps.length; k++) assert.ok(result.steps[k].users <= result.steps[k - 1].users);
    assert.ok(result.steps[0].users > 5);
    const t = trends(w, { kind: "trends", from, to, interval: "day", series: [{ event: EVENTS.pageview }] }, BERLIN).series[0];
    assert.equal(t.total, t.data.reduce((a, d) => a + d.value, 0));
    const byHour = trends(w, { kind: "trends", from, to, interval: "hour", series: [{ event: EVENTS.pageview, math: "unique_users" }] }, BERLIN).series[0];
    assert.ok(byHour.total <= byHour.data.reduce((a, d) => a + d.value, 0));
  });

  test("differences: integers exact, fractions to 1e-9, sets by key", () => {
    assert.deepEqual(differences({ a: 1, b: 0.1 + 0.2 }, { a: 1, b: 0.3 }), []);
    assert.deepEqual(differences({ a: 2 }, { a: 1 }), ["$[\"a\"]: expected 1, got 2"]);
    assert.equal(differences({ a: 0.3001 }, { a: 0.3 }).length, 1);
    const q = { kind: "paths" as const, from: "x", to: "y" };
    const answer = { nodes: [{ step: 1, event: "A", users: 1 }, { step: 2, event: "B", users: 1 }], links: [] };
    assert.deepEqual(reportDifferences(q, { nodes: [...answer.nodes].reverse(), links: [] }, answer), []);
    assert.equal(reportDifferences(q, { nodes: [answer.nodes[0]], links: [] }, answer).length, 1);
  });
});

describe("reference: built-in properties", () => {
  test("the page, campaign and library: properties first, then context, then the URL", () => {
    const page = { url: "https://shop.example/docs?utm_source=url&utm_campaign=fall", referrer: "https://shop.example/" };
    assert.deepEqual(builtinsOf({}, { page, campaign: { source: "ads", name: "spring" }, library: { name: "analytics.js" } }), {
      $current_url: page.url,
      $pathname: "/docs",
      $referrer: "https://shop.example/",
      $utm_source: "ads",
      $utm_campaign: "spring",
      $lib: "analytics.js",
    });
    assert.deepEqual(builtinsOf({ path: "/p", utm_medium: "email", referrer: "https://www.google.com/" }, { page }), {
      $current_url: page.url,
      $pathname: "/p",
      $referrer: "https://www.google.com/",
      $referring_domain: "www.google.com",
      $utm_source: "url",
      $utm_medium: "email",
      $utm_campaign: "fall",
    });
    assert.deepEqual(builtinsOf({ referrer: "not a url", $browser: "Custom" }, { userAgent: USER_AGENTS[0].ua, ip: "10.0.0.1" }), {
      $referrer: "not a url",
      ...USER_AGENTS[0].is,
    });
    assert.throws(() => builtinsOf({}, { userAgent: "an agent the reference does not know" }));
  });

  test("a filter on a built-in name reads the built-in, never the custom property of that name", () => {
    const w = replay([
      [
        { event: "E", anonymousId: "a", properties: { $browser: "Custom" }, context: { userAgent: USER_AGENTS[0].ua }, timestamp: iso(1), messageId: "b1" },
        { event: "E", anonymousId: "b", properties: { $browser: "Custom" }, timestamp: iso(2), messageId: "b2" },
      ],
    ]);
    const matching = (filter: RefFilter) => w.events.filter((e) => passes(w, e, [filter])).map((e) => e.messageId);
    assert.deepEqual(matching({ property: "$browser", op: "eq", value: "Custom" }), []);
    assert.deepEqual(matching({ property: "$browser", op: "eq", value: USER_AGENTS[0].is.$browser! }), ["b1"]);
    assert.deepEqual(matching({ property: "$browser", op: "is_not_set" }), ["b2"]);
    assert.deepEqual(matching({ property: "$browser_version", op: "gt", value: 1 }), [], "built-ins are text");
  });

  test("generated data carries every built-in, and custom properties named like one", () => {
    const w = replay(generate({ seed: 7, persons: 40, anchors: [Date.parse("2026-03-29T01:00:00Z")], windowMs: 3_600_000, prefix: "t" }).requests);
    for (const name of ["$pathname", "$current_url", "$referrer", "$referring_domain", "$utm_source", "$utm_medium", "$utm_campaign", "$utm_term", "$utm_content", "$browser", "$browser_version", "$os", "$os_version", "$device_type", "$country", "$lib"] as const) {
      assert.ok(w.events.some((e) => e.builtins[name] !== undefined), `no ${name}`);
      assert.ok(w.events.some((e) => e.builtins[name] === undefined), `every event has ${name}`);
    }
    assert.ok(w.events.some((e) => typeof e.properties.$browser === "string" && e.properties.$browser !== e.builtins.$browser), "a custom $browser unlike the built-in");
  });
});
