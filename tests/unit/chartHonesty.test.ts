// Charts must not distort: the bucket still in progress is found (and drawn
// dashed), and series of very different size get their own axis.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DateTime } from "luxon";
import { assignAxes } from "../../components/charts/axes";
import { incompleteBucketIndex } from "../../lib/query/labels";

const zone = "America/New_York";
const day = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();

describe("incompleteBucketIndex", () => {
  const days = ["2026-03-06", "2026-03-07", "2026-03-08"].map(day);

  test("the day that contains now, in the project's zone", () => {
    assert.equal(incompleteBucketIndex(days, "day", zone, day("2026-03-08") + 60_000), 2);
    // 03:00 UTC on the 8th is still the 7th in New York.
    assert.equal(incompleteBucketIndex(days, "day", zone, Date.parse("2026-03-08T03:00:00Z")), 1);
  });

  test("none when the range ended before now, or starts after it", () => {
    assert.equal(incompleteBucketIndex(days, "day", zone, day("2026-03-09") + 1), null);
    assert.equal(incompleteBucketIndex(days, "day", zone, day("2026-03-01")), null);
  });

  test("a day of 23 hours (spring forward) ends at the next midnight, not 24 hours later", () => {
    const justAfterMidnight = day("2026-03-09") + 30 * 60_000;
    assert.equal(incompleteBucketIndex(days, "day", zone, justAfterMidnight), null);
  });

  test("weeks and months", () => {
    const weeks = ["2026-03-02", "2026-03-09"].map(day);
    assert.equal(incompleteBucketIndex(weeks, "week", zone, day("2026-03-15")), 1);
    const months = ["2026-01-01", "2026-02-01"].map(day);
    assert.equal(incompleteBucketIndex(months, "month", zone, day("2026-02-28")), 1);
    assert.equal(incompleteBucketIndex(months, "month", zone, day("2026-03-01")), null);
  });
});

describe("assignAxes", () => {
  test("similar series share the left axis", () => {
    assert.deepEqual(assignAxes([100, 40, 12]), ["y", "y", "y"]);
  });

  test("a series twenty times smaller than the largest moves to the right axis", () => {
    assert.deepEqual(assignAxes([10_000, 500, 9_000]), ["y", "y1", "y"]);
    assert.deepEqual(assignAxes([30, 600]), ["y1", "y"]);
  });

  test("one series, all zeros, empty series and many series stay on one axis", () => {
    assert.deepEqual(assignAxes([5]), ["y"]);
    assert.deepEqual(assignAxes([0, 0]), ["y", "y"]);
    assert.deepEqual(assignAxes([1000, 0]), ["y", "y"]);
    assert.deepEqual(assignAxes([10_000, 1, 1, 1, 1]), ["y", "y", "y", "y", "y"]);
  });
});
