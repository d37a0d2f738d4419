// An experiment's results (API.md 6) from the rows of lib/query/experiments.ts:
// pure, so the same numbers come from any database and the tests can feed it
// hand-made rows.
import { DateTime } from "luxon";
import type { ExposedPerson, ExposureSource, PersonActivity, VariantActivity } from "../query/experiments";
import { DEFAULT_EXPOSURE, type Exposure, type Metric, type Variant } from "./definition";
import { metricOverTime, type OverTimePoint, type SeriesWindows } from "./overTime";
import { sampleRatioMismatch, summarize, welch } from "./statistics";

/** Below this many exposures in a variant its figures are not to be trusted yet (API.md 6). */
export const MIN_EXPOSURES = 50;
/** Below this many conversions in a variant, a conversion metric is not to be trusted yet. */
export const MIN_CONVERSIONS = 5;

/** Exposures other tools record (API.md 6): PostHog's flag calls and Mixpanel's experiment starts. */
export const VENDOR_EXPOSURES: readonly ExposureSource[] = [
  { event: "$feature_flag_called", experimentProperty: "$feature_flag", variantProperty: "$feature_flag_response" },
  { event: "$experiment_started", experimentProperty: "Experiment name", variantProperty: "Variant name" },
];

const POSTHOG_EXPOSURE = VENDOR_EXPOSURES[0];

/**
 * PostHog answers a flag without variants with true or false. That is an
 * exposure only to an experiment whose variants are exactly control and test
 * (in either order): true is test, false is control. Any other experiment
 * ignores a boolean answer, as it cannot tell which variant it means.
 */
export function booleanVariantsOf(variants: readonly Variant[]): ExposureSource["booleanVariants"] {
  const keys = variants.map((v) => v.key).sort();
  return keys.length === 2 && keys[0] === "control" && keys[1] === "test" ? { true: "test", false: "control" } : undefined;
}

/** The experiment's own exposure event, then the vendors' (once each). */
export function exposureSources(exposure: Exposure, variants: readonly Variant[]): ExposureSource[] {
  const own: ExposureSource = { ...DEFAULT_EXPOSURE, ...exposure };
  const same = (a: ExposureSource, b: ExposureSource) =>
    a.event === b.event && a.experimentProperty === b.experimentProperty && a.variantProperty === b.variantProperty;
  const booleans = booleanVariantsOf(variants);
  return [own, ...VENDOR_EXPOSURES.filter((v) => !same(v, own))].map((source) =>
    booleans && same(source, POSTHOG_EXPOSURE) ? { ...source, booleanVariants: booleans } : source,
  );
}

export interface VariantResult {
  key: string;
  exposures: number;
  mean: number;
  variance: number;
  enoughData: boolean;
  /** The comparison with the control; absent on the control's own entry. */
  lift?: number;
  relativeLift?: number | null;
  se?: number;
  pValue?: number | null;
  confidenceInterval?: [number, number] | null;
  chanceToBeatControl?: number | null;
}

export interface MetricResult {
  metric: Metric;
  variants: VariantResult[];
  /**
   * Roughly how many more exposures each variant needs before every entry
   * has enough data (0 when it has): the minimum of exposures, and for a
   * conversion metric enough exposures for MIN_CONVERSIONS at the observed rate.
   */
  moreExposuresNeeded: number;
  /** The metric's value per variant as of the end of each day (or week) of the experiment (overTime.ts). */
  overTime: OverTimePoint[];
}

export interface ExperimentResults {
  /** The window read, epoch ms as ISO dates: [start, end or now). */
  from: string;
  to: string;
  exposures: Record<string, number>;
  multipleVariants: number;
  srm: { pValue: number | null; warning: boolean };
  /** First exposures per day (the project's time zone) and variant: where to look when the split is off. */
  daily: { day: string; exposures: Record<string, number> }[];
  /** Whether each metric's `overTime` has a point a day or, for a long experiment, a week. */
  overTimeInterval: SeriesWindows["interval"];
  metrics: MetricResult[];
}

export interface AnalysisInput {
  variants: readonly Variant[];
  metrics: readonly Metric[];
  from: number;
  to: number;
  timezone: string;
  exposed: readonly ExposedPerson[];
  /** Per metric, in the order of `metrics`: what each exposed person did after exposure. */
  activity: readonly (readonly PersonActivity[])[];
  /** The days (or weeks) of [from, to) the over-time series has a point for (overTime.ts's seriesWindows). */
  series: SeriesWindows;
  /** Per metric: what each variant did per window (for means and counts; conversions need none). */
  activityByWindow: readonly (readonly VariantActivity[])[];
}

/** A person's value of `metric` (API.md 6): 0 when they did nothing. */
export function metricValue(metric: Metric, exposedAt: number, activity: PersonActivity | undefined): number {
  if (!activity) return 0;
  switch (metric.kind) {
    case "conversion":
      return metric.windowSeconds === undefined || activity.firstAt <= exposedAt + metric.windowSeconds * 1000 ? 1 : 0;
    case "mean":
      return activity.sum;
    case "count":
      return activity.count;
  }
}

function dayOf(ts: number, timezone: string): string {
  return DateTime.fromMillis(ts, { zone: timezone }).toISODate() ?? new Date(ts).toISOString().slice(0, 10);
}

function dailyExposures(persons: readonly ExposedPerson[], variants: readonly Variant[], timezone: string): ExperimentResults["daily"] {
  const byDay = new Map<string, Record<string, number>>();
  for (const person of persons) {
    if (person.variant === null) continue;
    const day = dayOf(person.exposedAt, timezone);
    let counts = byDay.get(day);
    if (!counts) byDay.set(day, (counts = Object.fromEntries(variants.map((v) => [v.key, 0]))));
    counts[person.variant] += 1;
  }
  return [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, exposures]) => ({ day, exposures }));
}

function hasEnoughData(metric: Metric, values: readonly number[]): boolean {
  if (values.length < MIN_EXPOSURES) return false;
  if (metric.kind !== "conversion") return true;
  return values.reduce((a, b) => a + b, 0) >= MIN_CONVERSIONS;
}

function moreExposuresNeeded(metric: Metric, valuesByVariant: readonly (readonly number[])[]): number {
  let needed = 0;
  for (const values of valuesByVariant) {
    let target = MIN_EXPOSURES;
    if (metric.kind === "conversion") {
      const conversions = values.reduce((a, b) => a + b, 0);
      // With no conversion yet there is no rate to extrapolate from: assume the next exposure converts at 1 in (n + 1).
      const rate = conversions > 0 ? conversions / values.length : 1 / (values.length + 1);
      if (conversions < MIN_CONVERSIONS) target = Math.max(target, Math.ceil(MIN_CONVERSIONS / rate));
    }
    needed = Math.max(needed, target - values.length);
  }
  return needed;
}

function metricResult(
  input: AnalysisInput,
  metric: Metric,
  activity: readonly PersonActivity[],
  byWindow: readonly VariantActivity[],
  persons: readonly ExposedPerson[],
): MetricResult {
  const byPerson = new Map(activity.map((a) => [a.personId, a]));
  const valuesByVariant = new Map<string, number[]>(input.variants.map((v) => [v.key, []]));
  for (const person of persons) {
    if (person.variant === null) continue;
    valuesByVariant.get(person.variant)?.push(metricValue(metric, person.exposedAt, byPerson.get(person.personId)));
  }
  const lists = input.variants.map((v) => valuesByVariant.get(v.key) ?? []);
  const summaries = lists.map(summarize);
  const enough = lists.map((values) => hasEnoughData(metric, values));
  const variants = input.variants.map((variant, i): VariantResult => {
    const own = { key: variant.key, exposures: summaries[i].n, mean: summaries[i].mean, variance: summaries[i].variance };
    if (i === 0) return { ...own, enoughData: enough[0] };
    const c = welch(summaries[0], summaries[i]);
    return {
      ...own,
      enoughData: enough[0] && enough[i],
      lift: c.lift,
      relativeLift: c.relativeLift,
      se: c.se,
      pValue: c.pValue,
      confidenceInterval: c.confidenceInterval,
      chanceToBeatControl: c.chanceToBeatControl,
    };
  });
  return {
    metric,
    variants,
    moreExposuresNeeded: moreExposuresNeeded(metric, lists),
    overTime: metricOverTime(metric, input.variants, input.series.windows, persons, activity, byWindow),
  };
}

export function analyze(input: AnalysisInput): ExperimentResults {
  const exposures: Record<string, number> = Object.fromEntries(input.variants.map((v) => [v.key, 0]));
  let multipleVariants = 0;
  for (const person of input.exposed) {
    if (person.variant === null) multipleVariants += 1;
    else if (Object.hasOwn(exposures, person.variant)) exposures[person.variant] += 1;
  }
  const srm = sampleRatioMismatch(
    input.variants.map((v) => exposures[v.key]),
    input.variants.map((v) => v.weight),
  );
  return {
    from: new Date(input.from).toISOString(),
    to: new Date(input.to).toISOString(),
    exposures,
    multipleVariants,
    srm: { pValue: srm.pValue, warning: srm.warning },
    daily: dailyExposures(input.exposed, input.variants, input.timezone),
    overTimeInterval: input.series.interval,
    metrics: input.metrics.map((metric, i) => metricResult(input, metric, input.activity[i] ?? [], input.activityByWindow[i] ?? [], input.exposed)),
  };
}
