// Each metric's value over time per variant (docs/experiments.md, "Over
// time"): at the end of every day of the experiment, the figure the results
// would have shown had they been read then. Pure, like analysis.ts: it works
// on the per-person, per-day rows of lib/query/experiments.ts.
import { DateTime } from "luxon";
import type { ActivityWindow, ExposedPerson, PersonActivity } from "../query/experiments";
import { timeBuckets } from "../query/timeBuckets";
import type { Metric, Variant } from "./definition";

/** Up to this many days the series has a point a day; a longer experiment gets one a week. */
export const MAX_DAILY_POINTS = 400;

export interface SeriesWindow extends ActivityWindow {
  /** The calendar date (project time zone) the day or week starts on. */
  day: string;
}

export interface SeriesWindows {
  interval: "day" | "week";
  windows: SeriesWindow[];
}

/** The days (or weeks, past MAX_DAILY_POINTS days) tiling [from, to) in the project's time zone. */
export function seriesWindows(from: number, to: number, timezone: string): SeriesWindows {
  if (to <= from) return { interval: "day", windows: [] };
  const days = Math.ceil(DateTime.fromMillis(to, { zone: timezone }).diff(DateTime.fromMillis(from, { zone: timezone }).startOf("day"), "days").days);
  const interval = days > MAX_DAILY_POINTS ? "week" : "day";
  const windows = timeBuckets(from, to, interval, timezone).map((b, i) => ({
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
 * before it. Each person adds to the totals from the window of their exposure
 * on, and their value changes only in windows where they did something, so
 * the work is one pass over persons and rows plus one over the windows.
 */
export function metricOverTime(
  metric: Metric,
  variants: readonly Variant[],
  windows: readonly SeriesWindow[],
  persons: readonly ExposedPerson[],
  activity: readonly PersonActivity[],
): OverTimePoint[] {
  if (windows.length === 0) return [];
  const rowsByPerson = new Map<number, PersonActivity[]>();
  for (const row of activity) {
    const rows = rowsByPerson.get(row.personId);
    if (rows) rows.push(row);
    else rowsByPerson.set(row.personId, [row]);
  }
  // Per variant, per window: the change in persons counted and in their values' sum.
  const newPersons = new Map(variants.map((v) => [v.key, new Array<number>(windows.length).fill(0)]));
  const valueChange = new Map(variants.map((v) => [v.key, new Array<number>(windows.length).fill(0)]));
  for (const person of persons) {
    if (person.variant === null) continue;
    const joined = newPersons.get(person.variant);
    const changes = valueChange.get(person.variant);
    if (!joined || !changes) continue;
    joined[windowOf(windows, person.exposedAt)] += 1;
    const rows = (rowsByPerson.get(person.personId) ?? []).slice().sort((a, b) => a.window - b.window);
    if (metric.kind === "conversion") {
      // The earliest event decides: within the window it converts from its day on, else never.
      const first = rows[0];
      const limit = metric.windowSeconds === undefined ? Infinity : person.exposedAt + metric.windowSeconds * 1000;
      if (first && first.firstAt <= limit) changes[first.window] += 1;
    } else {
      for (const row of rows) changes[row.window] += metric.kind === "mean" ? row.sum : row.count;
    }
  }
  const points: OverTimePoint[] = windows.map((w) => ({ day: w.day, variants: {} }));
  for (const variant of variants) {
    const joined = newPersons.get(variant.key)!;
    const changes = valueChange.get(variant.key)!;
    let exposures = 0;
    let total = 0;
    windows.forEach((_, i) => {
      exposures += joined[i];
      total += changes[i];
      points[i].variants[variant.key] = { exposures, mean: exposures ? total / exposures : null };
    });
  }
  return points;
}

/** A person's activity over all windows: counts and sums added, the earliest time kept. */
export function wholeActivity(rows: readonly PersonActivity[]): Map<number, Omit<PersonActivity, "window">> {
  const out = new Map<number, Omit<PersonActivity, "window">>();
  for (const row of rows) {
    const seen = out.get(row.personId);
    if (!seen) out.set(row.personId, { personId: row.personId, count: row.count, sum: row.sum, firstAt: row.firstAt });
    else {
      seen.count += row.count;
      seen.sum += row.sum;
      seen.firstAt = Math.min(seen.firstAt, row.firstAt);
    }
  }
  return out;
}
