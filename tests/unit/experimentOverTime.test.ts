// Each metric's value over time per variant (lib/experiments/overTime.ts):
// hand-made persons and per-day rows, figures worked out by hand.
import assert from "node:assert/strict";
import { test } from "node:test";
import { metricOverTime, seriesWindows } from "../../lib/experiments/overTime";
import type { Metric } from "../../lib/experiments/definition";

const DAY = 86_400_000;
const FROM = Date.parse("2026-05-01T00:00:00Z");
const variants = [
  { key: "control", weight: 1 },
  { key: "test", weight: 1 },
];
const { windows } = seriesWindows(FROM, FROM + 3 * DAY, "UTC");
const persons = [
  { personId: 1, variant: "control", exposedAt: FROM + 1000 },
  { personId: 2, variant: "test", exposedAt: FROM + 2000 },
  { personId: 3, variant: "test", exposedAt: FROM + DAY + 5 },
  // Two variants: never counted.
  { personId: 4, variant: null, exposedAt: FROM },
];
// Person 1 buys on day 1 (revenue 10) and day 3 (twice, 5 in all); person 2 on day 3 only, 2 days after exposure; person 3 never.
const activity = [
  { personId: 1, count: 3, sum: 15, firstAt: FROM + 5000 },
  { personId: 2, count: 1, sum: 7, firstAt: FROM + 2 * DAY + 10 },
];
const byWindow = [
  { variant: "control", window: 0, count: 1, sum: 10 },
  { variant: "control", window: 2, count: 2, sum: 5 },
  { variant: "test", window: 2, count: 1, sum: 7 },
];

test("days tile the range in the project's time zone, labelled by local date", () => {
  const kolkata = seriesWindows(FROM, FROM + 2 * DAY, "Asia/Kolkata");
  assert.equal(kolkata.interval, "day");
  assert.deepEqual(
    kolkata.windows.map((w) => [w.day, new Date(w.start).toISOString(), new Date(w.end).toISOString()]),
    [
      ["2026-05-01", "2026-05-01T00:00:00.000Z", "2026-05-01T18:30:00.000Z"],
      ["2026-05-02", "2026-05-01T18:30:00.000Z", "2026-05-02T18:30:00.000Z"],
      ["2026-05-03", "2026-05-02T18:30:00.000Z", "2026-05-03T00:00:00.000Z"],
    ],
  );
  assert.deepEqual(seriesWindows(FROM, FROM, "UTC").windows, [], "an empty range has no points");
});

test("a long experiment gets a point a week", () => {
  const long = seriesWindows(FROM, FROM + 500 * DAY, "UTC");
  assert.equal(long.interval, "week");
  assert.equal(long.windows[0].day, "2026-04-27", "weeks start on Monday");
  assert.equal(long.windows[0].start, FROM);
  assert.equal(long.windows[long.windows.length - 1].end, FROM + 500 * DAY);
});

test("a very long one a month, and one older than the calendar allows none", () => {
  const years = seriesWindows(Date.parse("2000-01-15T00:00:00Z"), FROM, "UTC");
  assert.equal(years.interval, "month");
  assert.equal(years.windows[0].day, "2000-01-01");
  assert.equal(years.windows.length, 316, "January 2000 to April 2026");
  assert.deepEqual(seriesWindows(Date.parse("0001-01-01T00:00:00Z"), FROM, "UTC"), { interval: "month", windows: [] });
});

test("conversion: the share of persons exposed so far who converted so far", () => {
  const metric: Metric = { kind: "conversion", event: "purchase" };
  const points = metricOverTime(metric, variants, windows, persons, activity, []);
  assert.deepEqual(
    points.map((p) => [p.day, p.variants.control, p.variants.test]),
    [
      ["2026-05-01", { exposures: 1, mean: 1 }, { exposures: 1, mean: 0 }],
      ["2026-05-02", { exposures: 1, mean: 1 }, { exposures: 2, mean: 0 }],
      ["2026-05-03", { exposures: 1, mean: 1 }, { exposures: 2, mean: 0.5 }],
    ],
  );
});

test("conversion within a window: an earliest event past it never converts", () => {
  const metric: Metric = { kind: "conversion", event: "purchase", windowSeconds: 86_400 };
  const points = metricOverTime(metric, variants, windows, persons, activity, []);
  assert.deepEqual(points[2].variants.test, { exposures: 2, mean: 0 }, "person 2 bought 2 days after exposure");
  assert.deepEqual(points[2].variants.control, { exposures: 1, mean: 1 });
});

test("mean and count: the variant's sum so far over its persons so far", () => {
  const mean = metricOverTime({ kind: "mean", event: "purchase", property: "revenue" }, variants, windows, persons, activity, byWindow);
  assert.deepEqual(
    mean.map((p) => [p.variants.control.mean, p.variants.test.mean]),
    [
      [10, 0],
      [10, 0],
      [15, 3.5],
    ],
  );
  const count = metricOverTime({ kind: "count", event: "purchase" }, variants, windows, persons, activity, byWindow);
  assert.deepEqual(count.map((p) => p.variants.control.mean), [1, 1, 3]);
});

test("a variant nobody has seen yet has no mean", () => {
  const late = [{ personId: 9, variant: "test", exposedAt: FROM + 2 * DAY }];
  const points = metricOverTime({ kind: "count", event: "x" }, variants, windows, late, [], []);
  assert.deepEqual(points[0].variants.test, { exposures: 0, mean: null });
  assert.deepEqual(points[2].variants.test, { exposures: 1, mean: 0 });
  assert.deepEqual(points[2].variants.control, { exposures: 0, mean: null });
});

test("rows of a variant or window the experiment does not have are ignored", () => {
  const stray = [
    { variant: "gone", window: 0, count: 5, sum: 5 },
    { variant: "control", window: 9, count: 5, sum: 5 },
  ];
  const points = metricOverTime({ kind: "count", event: "purchase" }, variants, windows, persons, activity, stray);
  assert.deepEqual(points[2].variants.control, { exposures: 1, mean: 0 });
});
