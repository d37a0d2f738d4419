// The trends report in the address: series=[{event, math?, property?, where?}],
// where=[filters], breakdown={property, scope}, interval, compare=1, chart.
// Read by the Events page and by its CSV export, so both run the same query.
import { DateTime } from "luxon";
import { bucketLabel } from "@/lib/query/labels";
import type { Interval } from "@/lib/query/timeBuckets";
import type { TrendsSeries } from "@/lib/query/trends";
import { displayValue, eventLabel } from "../format";
import { asArray, jsonParam, SpecProblem, type BreakdownLike, type FilterLike } from "../params";
import type { ReportRange } from "../range";
import { isInterval, isMath, type ReportInterval } from "../vocabulary";

export interface SeriesLike {
  event: string;
  math?: string;
  property?: string;
  where?: FilterLike[];
}

export type ChartType = "line" | "bar" | "table";

export interface TrendsSpec {
  /** As the address has them: sent to the query as they are, so the model names any problem. */
  series: SeriesLike[];
  where: FilterLike[];
  breakdown: BreakdownLike | null;
  interval: string | null;
  compare: boolean;
  chart: ChartType;
}

export function readTrendsSpec(params: Record<string, string | undefined>, defaultEvent: string | null): TrendsSpec {
  const rawSeries = jsonParam<unknown>(params, "series", null);
  if (rawSeries !== null && !Array.isArray(rawSeries)) throw new SpecProblem('"series" in the address must be a list.');
  const series = rawSeries === null ? (defaultEvent ? [{ event: defaultEvent }] : []) : (rawSeries as SeriesLike[]);
  const where = jsonParam<unknown>(params, "where", []);
  if (!Array.isArray(where)) throw new SpecProblem('"where" in the address must be a list of filters.');
  const breakdown = jsonParam<BreakdownLike | null>(params, "breakdown", null);
  const chart = params.chart === "bar" || params.chart === "table" ? params.chart : "line";
  return { series, where: where as FilterLike[], breakdown, interval: params.interval ?? null, compare: params.compare === "1", chart };
}

/** The series the builder starts from: the address's, made safe to edit. */
export function seriesDrafts(spec: TrendsSpec): { event: string; math: string; property: string; where: FilterLike[] }[] {
  return spec.series.map((s) => ({
    event: typeof s?.event === "string" ? s.event : "",
    math: isMath(s?.math) ? s.math : "total",
    property: typeof s?.property === "string" ? s.property : "",
    where: asArray(s?.where) as FilterLike[],
  }));
}

/**
 * The address's interval, unless the range fell back to a default (a bad custom
 * range): then the fallback's own interval, or "hour" asked for a week would
 * become 720 hourly points over the 30-day fallback.
 */
export function effectiveInterval(spec: TrendsSpec, range: ReportRange): ReportInterval {
  return isInterval(spec.interval) && !range.problem ? spec.interval : range.interval;
}

export function trendsQuery(spec: TrendsSpec, from: number, to: number, range: ReportRange) {
  return {
    kind: "trends" as const,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    series: spec.series,
    where: spec.where,
    // An unknown interval goes through to be refused with the query's own message.
    interval: range.problem ? range.interval : (spec.interval ?? range.interval),
    ...(spec.breakdown ? { breakdown: spec.breakdown } : {}),
  };
}

/**
 * "Signed Up", or "Signed Up · pro" with a breakdown (the value alone when
 * there is one series); `valueLabel` reads breakdown values (cohort names).
 */
export function seriesName(series: TrendsSeries, seriesCount: number, math: string | undefined, valueLabel: (value: unknown) => string = displayValue): string {
  const mathNote = math && math !== "total" ? ` (${math.replace("_", " ")})` : "";
  const label = eventLabel(series.label);
  if (series.breakdownValue === undefined) return `${label}${mathNote}`;
  const value = valueLabel(series.breakdownValue);
  return seriesCount > 1 ? `${label}${mathNote} · ${value}` : value;
}

export function bucketLabels(data: { t: string }[], interval: Interval, zone: string): string[] {
  return data.map((p) => bucketLabel(Date.parse(p.t), interval, zone));
}

/** Bucket starts for a CSV header: 2026-01-05, or 2026-01-05 13:00 for hours. */
export function bucketStamp(t: string, interval: Interval, zone: string): string {
  return DateTime.fromISO(t, { zone }).toFormat(interval === "hour" ? "yyyy-LL-dd HH:mm" : "yyyy-LL-dd");
}

/** The math of the series a result row came from (results are in series order, breakdown values grouped). */
export function mathOfRow(spec: TrendsSpec, rows: TrendsSeries[], index: number): string | undefined {
  if (!spec.breakdown) return spec.series[index]?.math;
  const perSeries = rows.length / Math.max(1, spec.series.length);
  return spec.series[Math.floor(index / perSeries)]?.math;
}
