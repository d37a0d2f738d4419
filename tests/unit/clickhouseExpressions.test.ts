// The pieces of ClickHouse report statements (lib/query/clickhouse/expressions.ts)
// that are decided in JavaScript: breakdown keys both ways, the window of a row,
// and property names kept inside literals. Their meaning against ClickHouse
// itself is checked by the reference suite (clickhouseReports.test.ts).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { breakdownValueOf, clickHouseKeyOf, compileWhere, eventProperty, windowOf } from "../../lib/query/clickhouse/expressions";
import { negationOf, personFilterKey } from "../../lib/query/personFilterIds";
import { timeBuckets } from "../../lib/query/timeBuckets";

const custom = { property: "plan", scope: "event" as const, limit: 10 };
const builtin = { property: "$country", scope: "event" as const, limit: 10 };

describe("ClickHouse breakdown keys", () => {
  test("a JSON property's key is its JSON text; missing and null are the JSON null", () => {
    assert.equal(breakdownValueOf(custom, '"pro"'), '"pro"');
    assert.equal(breakdownValueOf(custom, "42"), "42");
    assert.equal(breakdownValueOf(custom, ""), "null");
    for (const json of ['"pro"', "42", "true", '{"a":1}']) assert.equal(breakdownValueOf(custom, clickHouseKeyOf(custom, json)), json);
    assert.equal(clickHouseKeyOf(custom, "null"), "");
  });

  test("a built-in's key is its text behind an 's', given back as a JSON string", () => {
    assert.equal(breakdownValueOf(builtin, "sUS"), '"US"');
    assert.equal(breakdownValueOf(builtin, 's"quoted"'), JSON.stringify('"quoted"'));
    assert.equal(breakdownValueOf(builtin, ""), "null");
    for (const json of ['"US"', '"a\\"b"', "null"]) assert.equal(breakdownValueOf(builtin, clickHouseKeyOf(builtin, json)), json);
    // A column holds text only: a number's key matches no row and is never an 's' key.
    assert.ok(!clickHouseKeyOf(builtin, "1").startsWith("s"));
  });
});

describe("ClickHouse windows", () => {
  const from = Date.parse("2026-03-25T13:17:00.000Z");
  const to = Date.parse("2026-04-02T09:41:00.000Z");

  test("one window is its id; two are one comparison", () => {
    assert.equal(windowOf("ts", [{ i: 0, start: from, end: to }]), "0");
    assert.equal(windowOf("ts", [{ i: 0, start: from, end: 100 + from }, { i: 1, start: from + 100, end: to }]), `if(ts < ${from + 100}, 0, 1)`);
  });

  test("calendar days across a DST change: a slot table in hours from the second day, cut first and last days apart", () => {
    const days = timeBuckets(from, to, "day", "Europe/Berlin").map((b, i) => ({ i, start: b.start, end: b.end }));
    const text = windowOf("ts", days);
    assert.match(text, new RegExp(`^if\\(ts < ${days[1].start}, 0, if\\(ts >= ${days[days.length - 1].start}, ${days.length - 1}, transform\\(`));
    assert.match(text, new RegExp(`intDiv\\(toInt64\\(ts\\) - ${days[1].start}, 3600000\\)`), "Berlin's days start on whole UTC hours");
    // Every slot of the inner days, each mapped to its day.
    const slots = (days[days.length - 1].start - days[1].start) / 3_600_000;
    const from_ = text.match(/CAST\(\[([0-9, ]+)\] AS Array\(UInt32\)\)/)![1].split(", ").map(Number);
    const to_ = text.match(/CAST\(\[([0-9, ]+)\] AS Array\(Int32\)\)/)![1].split(", ").map(Number);
    assert.deepEqual(from_, Array.from({ length: slots }, (_, k) => k));
    for (const [k, slot] of from_.entries()) {
      const ts = days[1].start + slot * 3_600_000;
      assert.equal(to_[k], days.findLastIndex((d) => d.start <= ts), `slot ${slot}`);
    }
  });

  test("windows with no common unit get a binary search", () => {
    const days = timeBuckets(from, to, "day", "UTC").map((b, i) => ({ i, start: b.start, end: b.end }));
    // A made-up window boundary 1 ms off: no unit left but the millisecond, too many slots.
    const skewed = days.map((d, i) => (i === 3 ? { ...d, end: d.end + 1 } : i === 4 ? { ...d, start: d.start + 1 } : d));
    assert.doesNotMatch(windowOf("ts", skewed), /transform/);
    assert.match(windowOf("ts", skewed), /^if\(ts < \d+, if\(/);
  });
});

describe("ClickHouse filters", () => {
  test("property names and values stay inside literals", () => {
    const name = "it's ') OR 1 --";
    const condition = compileWhere([{ property: name, scope: "event", op: "eq", value: "x' OR '1" }], undefined);
    assert.ok(condition.includes("indexOf(property_keys, 'it\\'s \\') OR 1 --')"), condition);
    assert.ok(condition.includes(`= '"x\\' OR \\'1"'`), condition);
  });

  test("typed equality compares JSON text: 42 and \"42\" differ", () => {
    const number = eventProperty("price").equals(42);
    const text = eventProperty("price").equals("42");
    assert.ok(number.endsWith("= '42')"), number);
    assert.ok(text.endsWith(`= '"42"')`), text);
  });

  test("built-ins read their columns; a number equals no column", () => {
    assert.equal(eventProperty("$country").equals(1), "0");
    assert.match(eventProperty("$country").equals("US"), /^ifNull\(country = 'US', 0\)$/);
  });

  test("a person filter tests the event's distinct id against its persons' ids, read beforehand", () => {
    const plan = { property: "plan", scope: "user" as const, op: "is_set" as const };
    const cohort = { cohort: "c1", negate: false };
    const people = new Map([
      [personFilterKey(plan), ["anon-1", "it's"]],
      [personFilterKey(cohort), []],
    ]);
    assert.equal(compileWhere([plan], people), "((distinct_id IN ('anon-1', 'it\\'s')))");
    // Nobody matches: no event does.
    assert.equal(compileWhere([cohort], people), "(0)");
    // Unread: a programming error, never a silently wrong answer.
    assert.throws(() => compileWhere([plan], undefined), /without its distinct ids/);
    assert.throws(() => compileWhere([{ ...plan, property: "age" }], people), /without its distinct ids/);
  });

  test("a negation tests NOT IN the ids its positive picks, and reads only those", () => {
    const pro = { property: "plan", scope: "user" as const, op: "eq" as const, value: "pro" };
    const people = new Map([
      [personFilterKey(pro), ["u1"]],
      [personFilterKey({ cohort: "c1", negate: false }), []],
    ]);
    assert.equal(compileWhere([{ ...pro, op: "neq" }], people), "((NOT (distinct_id IN ('u1'))))");
    // Members of no one: everyone is outside the cohort.
    assert.equal(compileWhere([{ cohort: "c1", negate: true }], people), "((NOT 0))");
    assert.deepEqual(negationOf({ property: "plan", scope: "user", op: "is_not_set" }), { property: "plan", scope: "user", op: "is_set" });
    assert.deepEqual(negationOf({ property: "plan", scope: "user", op: "not_contains", value: "p" }), { property: "plan", scope: "user", op: "contains", value: "p" });
    // Event filters and positive ones are read as they are.
    assert.equal(negationOf({ property: "plan", scope: "event", op: "neq", value: "x" }), null);
    assert.equal(negationOf(pro), null);
  });
});
