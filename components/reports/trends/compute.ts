// Runs the trends report of a spec (and the previous period when compared) and
// shapes it into rows for the chart, the table and the CSV.
import type { ReportContext } from "@/lib/query/context";
import { incompleteBucketIndex } from "@/lib/query/labels";
import type { CohortUsed } from "@/lib/query/cohortsUsed";
import { runReport, type ReportResult } from "@/lib/query/report";
import { breakdownValueLabel } from "../cohortLabels";
import type { TrendsResult, TrendsSeries } from "@/lib/query/trends";
import type { ReportRange } from "../range";
import { bucketLabels, effectiveInterval, mathOfRow, seriesName, trendsQuery, type TrendsSpec } from "./spec";

export interface TrendsOutcome {
  interval: ReturnType<typeof effectiveInterval>;
  labels: string[];
  previousLabels: string[];
  /** Bucket starts (ISO) of the current period. */
  stamps: string[];
  /** The bucket still in progress, when the range reaches now. */
  incompleteIndex: number | null;
  rows: { name: string; colorIndex: number; total: number; previousTotal?: number; values: number[]; previousValues?: number[] }[];
  /** The cohorts the report read, each with the computation it used. */
  cohortsUsed: CohortUsed[];
}

const keyOf = (s: TrendsSeries) => `${s.label}\u0000${JSON.stringify(s.breakdownValue ?? null)}`;

export async function computeTrends(ctx: ReportContext, spec: TrendsSpec, range: ReportRange): Promise<TrendsOutcome> {
  const interval = effectiveInterval(spec, range);
  const current = (await runReport(ctx, trendsQuery(spec, range.from, range.to, range))) as TrendsResult & Pick<ReportResult, "cohortsUsed">;
  const cohortsUsed = current.cohortsUsed ?? [];
  const valueLabel = breakdownValueLabel(Array.isArray(spec.breakdown?.cohorts) ? cohortsUsed : null);
  const previous = spec.compare ? ((await runReport(ctx, trendsQuery(spec, range.previous.from, range.previous.to, range))) as TrendsResult) : null;
  const before = new Map(previous?.series.map((s) => [keyOf(s), s]) ?? []);
  const first = current.series[0]?.data ?? [];
  const previousFirst = previous?.series[0]?.data ?? [];
  return {
    interval,
    cohortsUsed,
    labels: bucketLabels(first, interval, ctx.timezone),
    previousLabels: bucketLabels(previousFirst, interval, ctx.timezone),
    stamps: first.map((p) => p.t),
    incompleteIndex: incompleteBucketIndex(first.map((p) => Date.parse(p.t)), interval, ctx.timezone),
    rows: current.series.map((s, i) => {
      const prior = previous ? before.get(keyOf(s)) : undefined;
      return {
        name: seriesName(s, spec.series.length, mathOfRow(spec, current.series, i), valueLabel),
        colorIndex: i,
        total: s.total,
        values: s.data.map((p) => p.value),
        ...(previous
          ? { previousTotal: prior?.total ?? 0, previousValues: s.data.map((_, j) => prior?.data[j]?.value ?? 0) }
          : {}),
      };
    }),
  };
}
