import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isoInZone, MAX_BUCKETS, timeBuckets } from "../../lib/query/timeBuckets";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe("timeBuckets", () => {
  test("whole days in UTC", () => {
    const buckets = timeBuckets(at("2024-01-01T00:00:00Z"), at("2024-01-04T00:00:00Z"), "day", "UTC");
    assert.deepEqual(buckets.map((b) => iso(b.t)), ["2024-01-01T00:00:00.000Z", "2024-01-02T00:00:00.000Z", "2024-01-03T00:00:00.000Z"]);
    for (const b of buckets) assert.equal(b.end - b.start, 24 * 3600_000);
  });

  test("partial first and last buckets are clipped to [from, to)", () => {
    const from = at("2024-01-01T12:00:00Z");
    const to = at("2024-01-02T06:00:00Z");
    const buckets = timeBuckets(from, to, "day", "UTC");
    assert.equal(buckets.length, 2);
    assert.equal(iso(buckets[0].t), "2024-01-01T00:00:00.000Z");
    assert.equal(buckets[0].start, from);
    assert.equal(buckets[0].end, at("2024-01-02T00:00:00Z"));
    assert.equal(buckets[1].start, at("2024-01-02T00:00:00Z"));
    assert.equal(buckets[1].end, to);
  });

  test("buckets tile the range with no gap and no overlap", () => {
    const from = at("2024-02-27T13:17:00Z");
    const to = at("2024-03-05T02:00:00Z");
    const buckets = timeBuckets(from, to, "hour", "Asia/Kolkata");
    assert.equal(buckets[0].start, from);
    assert.equal(buckets.at(-1)!.end, to);
    for (let i = 1; i < buckets.length; i++) assert.equal(buckets[i].start, buckets[i - 1].end);
  });

  test("days follow the project's time zone", () => {
    const buckets = timeBuckets(at("2024-01-10T12:00:00Z"), at("2024-01-12T12:00:00Z"), "day", "America/New_York");
    assert.deepEqual(buckets.map((b) => iso(b.t)), ["2024-01-10T05:00:00.000Z", "2024-01-11T05:00:00.000Z", "2024-01-12T05:00:00.000Z"]);
  });

  test("days across daylight saving changes are 23 and 25 hours long", () => {
    const spring = timeBuckets(at("2024-03-30T23:00:00Z"), at("2024-04-01T22:00:00Z"), "day", "Europe/Paris");
    assert.deepEqual(spring.map((b) => (b.end - b.start) / 3600_000), [23, 24]);
    const autumn = timeBuckets(at("2024-10-26T22:00:00Z"), at("2024-10-28T23:00:00Z"), "day", "Europe/Paris");
    assert.deepEqual(autumn.map((b) => (b.end - b.start) / 3600_000), [25, 24]);
  });

  test("weeks start on Monday", () => {
    // 2024-01-03 is a Wednesday.
    const buckets = timeBuckets(at("2024-01-03T10:00:00Z"), at("2024-01-16T00:00:00Z"), "week", "UTC");
    assert.deepEqual(buckets.map((b) => iso(b.t)), ["2024-01-01T00:00:00.000Z", "2024-01-08T00:00:00.000Z", "2024-01-15T00:00:00.000Z"]);
    for (const b of buckets) assert.equal(new Date(b.t).getUTCDay(), 1);
  });

  test("months have their calendar lengths", () => {
    const buckets = timeBuckets(at("2024-01-15T00:00:00Z"), at("2024-04-01T00:00:00Z"), "month", "UTC");
    assert.deepEqual(buckets.map((b) => iso(b.t)), ["2024-01-01T00:00:00.000Z", "2024-02-01T00:00:00.000Z", "2024-03-01T00:00:00.000Z"]);
    assert.equal((buckets[1].end - buckets[1].start) / 86400_000, 29);
  });

  test("an empty range has no buckets", () => {
    assert.deepEqual(timeBuckets(at("2024-01-01T00:00:00Z"), at("2024-01-01T00:00:00Z"), "day", "UTC"), []);
  });

  test(`more than ${MAX_BUCKETS} buckets is refused`, () => {
    assert.throws(() => timeBuckets(at("2024-01-01T00:00:00Z"), at("2024-06-01T00:00:00Z"), "hour", "UTC"), RangeError);
    assert.doesNotThrow(() => timeBuckets(at("2024-01-01T00:00:00Z"), at("2024-02-01T00:00:00Z"), "hour", "UTC"));
  });
});

describe("isoInZone", () => {
  test("writes the instant with the zone's offset", () => {
    assert.equal(isoInZone(at("2024-01-01T00:00:00Z"), "Asia/Tokyo"), "2024-01-01T09:00:00+09:00");
    assert.equal(isoInZone(at("2024-07-01T12:00:00Z"), "Europe/Paris"), "2024-07-01T14:00:00+02:00");
  });
});
