// Plain-language readings of an experiment's results (API.md 6) for the
// results page: what a metric is called, how a lift is written, and the one
// sentence that says what the numbers mean. Pure, so it is unit-tested.
import type { Metric } from "@/lib/experiments/definition";
import type { MetricResult, VariantResult } from "@/lib/experiments/analysis";

export function metricLabel(metric: Metric): string {
  switch (metric.kind) {
    case "conversion":
      return `${metric.event} conversion`;
    case "mean":
      return `${metric.property} of ${metric.event} per person`;
    case "count":
      return `${metric.event} per person`;
  }
}

/** A conversion is read in percentage points; the others in their own units. */
export function formatAmount(metric: Metric, value: number, signed = false): string {
  const scaled = metric.kind === "conversion" ? value * 100 : value;
  const size = Math.abs(scaled);
  // Points read best with one decimal ("2.1 to 5.3 points"); other units get more below 10.
  const digits = size >= 100 ? 0 : size >= 10 || (metric.kind === "conversion" && size >= 0.1) ? 1 : 2;
  const text = size.toFixed(digits);
  const sign = signed ? (scaled > 0 ? "+" : scaled < 0 ? "−" : "") : scaled < 0 ? "−" : "";
  return `${sign}${text}`;
}

export function unitOf(metric: Metric): string {
  return metric.kind === "conversion" ? "points" : "";
}

/** A variant's own value: a rate as a percentage, anything else as a number. */
export function formatValue(metric: Metric, value: number): string {
  return metric.kind === "conversion" ? `${formatAmount(metric, value)}%` : formatAmount(metric, value);
}

/** A relative lift (0.052) as a signed percentage ("+5.2%"). */
export function formatRelative(relative: number): string {
  return `${formatAmount({ kind: "count", event: "" }, relative * 100, true)}%`;
}

export function formatChance(chance: number): string {
  const percent = chance * 100;
  if (percent > 99.9) return ">99.9%";
  if (percent < 0.1) return "<0.1%";
  return `${percent >= 99 || percent <= 1 ? percent.toFixed(1) : Math.round(percent)}%`;
}

/**
 * The sentence for one variant against the control, e.g. "test raises purchase
 * conversion by 2.1 to 5.3 points; 97% chance it beats control".
 */
export function verdict(result: MetricResult, variant: VariantResult): string {
  const { metric } = result;
  const label = metricLabel(metric);
  if (!variant.enoughData) {
    const more = result.moreExposuresNeeded;
    return more > 0
      ? `Not enough data yet: about ${more.toLocaleString("en-US")} more exposures per variant.`
      : "Not enough data yet.";
  }
  const interval = variant.confidenceInterval;
  if (!interval || variant.chanceToBeatControl === null || variant.chanceToBeatControl === undefined) {
    return `${variant.key} and control show no spread in ${label} to compare.`;
  }
  const [lo, hi] = interval;
  const unit = unitOf(metric);
  const range = (a: number, b: number) => `${formatAmount(metric, a)} to ${formatAmount(metric, b)}${unit ? ` ${unit}` : ""}`;
  const chance = `${formatChance(variant.chanceToBeatControl)} chance it beats control`;
  if (lo > 0) return `${variant.key} raises ${label} by ${range(lo, hi)}; ${chance}.`;
  if (hi < 0) return `${variant.key} lowers ${label} by ${range(-hi, -lo)}; ${chance}.`;
  return `No clear difference yet: ${variant.key} changes ${label} by ${formatAmount(metric, lo, true)} to ${formatAmount(metric, hi, true)}${unit ? ` ${unit}` : ""}; ${chance}.`;
}
