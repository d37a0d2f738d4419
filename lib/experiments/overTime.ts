// Each metric's value over time per variant (docs/experiments.md, "Over
// time"): at the end of every day of the experiment, the figure the results
// would have shown had they been read then. Pure, like analysis.ts: it works
// on the rows of lib/query/experiments.ts.
import { DateTime } from "luxon";
import type { ActivityWindow, ExposedPerson, PersonActivity, VariantActivity } from "../query/experiments";
import { timeBuckets } from "../query/timeBuckets";
import type { Metric, Variant } from "./definition";

/** At most this many points: a day each, else a week each, else a month each. */
export const MAX_POINTS = 400;

export interface SeriesWindow extends ActivityWindow {
  /** The calendar date (project time zone) the day, week or month starts on. */
  day: string;
}

export interface SeriesWindows {
  interval: "day" | "week" | "month";
  windows: SeriesWindow[];
}

/**
 * The days tiling [from, to) in the project's time zone; past MAX_POINTS of
 * them weeks, past MAX_POINTS weeks months (a start far in the past must not
 * make a series of a hundred thousand points). None for an empty range.
 */
export function seriesWindows(from: number, to: number, timezone: string): SeriesWindows {
  if (to <= from) return { interval: "day", windows: [] };
  const span = DateTime.fromMillis(to, { zone: timezone }).diff(DateTime.fromMillis(from, { zone: timezone }).startOf("day"), ["days"]).days;
  const interval = span <= MAX_POINTS ? "day" : span <= MAX_POINTS * 7 ? "week" : "month";
  let buckets: ReturnType<typeof timeBuckets>;
  try {
    buckets = timeBuckets(from, to, interval, timezone);
  } catch (error) {
    // More months than timeBuckets allows (a start centuries ago): no series rather than a failed page.
    if (error instanceof RangeError) return { interval, windows: [] };
    throw error;
  }
  const windows = buckets.map((b, i) => ({
    i,
    start: b.start,
    end: b.end,
    day: DateTime.fromMillis(b.t, { zone: timezone }).toISODate() ?? new Date(b.t).toISOString().slice(0, 10),
  }));
  return { interval, windows };
}

export interface OverTimePoint {
  /** The window's first calendar date; the figures are as of its end. */
  day: string;
  /** Per variant: persons exposed so far, and the metric's mean over them (null with none yet). */
  variants: Record<string, { exposures: number; mean: number | null }>;
}

/** Which window a time falls in (windows tile the range in order). */
function windowOf(windows: readonly ActivityWindow[], ts: number): number {
  let lo = 0;
  let hi = windows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (windows[mid].start <= ts) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The metric's cumulative value per variant at the end of every window: over
 * the persons first exposed before that end, each one's value from the events
 * before it. A person counts from the window of their exposure on. A
 * conversion happens in the window of the person's earliest event (when it is
 * within the conversion window), so it needs only their whole activity; a sum
 * or count grows by what the variant's persons did in each window
 * (`byWindow`, lib/query/experiments.ts's activityByWindow).
 */
export function metricOverTime(
  metric: Metric,
  variants: readonly Variant[],
  windows: readonly SeriesWindow[],
  persons: readonly ExposedPerson[],
  activity: readonly PersonActivity[],
  byWindow: readonly VariantActivity[],
): OverTimePoint[] {
  if (windows.length === 0) return [];
  // Per variant, per window: the persons who joined, and how much their values' sum grew.
  const joined = new Map(variants.map((v) => [v.key, new Array<number>(windows.length).fill(0)]));
  const grew = new Map(variants.map((v) => [v.key, new Array<number>(windows.length).fill(0)]));
  const activityOf = new Map(activity.map((a) => [a.personId, a]));
  for (const person of persons) {
    if (person.variant === null || !joined.has(person.variant)) continue;
    joined.get(person.variant)![windowOf(windows, person.exposedAt)] += 1;
    if (metric.kind !== "conversion") continue;
    const first = activityOf.get(person.personId)?.firstAt;
    const limit = metric.windowSeconds === undefined ? Infinity : person.exposedAt + metric.windowSeconds * 1000;
    if (first !== undefined && first <= limit) grew.get(person.variant)![windowOf(windows, first)] += 1;
  }
  if (metric.kind !== "conversion") {
    for (const row of byWindow) {
      const sums = grew.get(row.variant);
      if (sums && row.window >= 0 && row.window < windows.length) sums[row.window] += metric.kind === "mean" ? row.sum : row.count;
    }
  }
  const points: OverTimePoint[] = windows.map((w) => ({ day: w.day, variants: {} }));
  for (const variant of variants) {
    const added = joined.get(variant.key)!;
    const sums = grew.get(variant.key)!;
    let exposures = 0;
    let total = 0;
    windows.forEach((_, i) => {
      exposures += added[i];
      total += sums[i];
      points[i].variants[variant.key] = { exposures, mean: exposures ? total / exposures : null };
    });
  }
  return points;
}
