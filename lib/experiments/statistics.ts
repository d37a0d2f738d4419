// The statistics of API.md 6, in plain TypeScript over numbers: per-variant
// summaries, Welch's t-test against the control, the sample-ratio-mismatch χ²
// test and the sample size of a conversion test. The distributions (Student's
// t, the normal, χ²) come from stdlib's well-tested implementations rather than
// from hand-written approximations.
import chisquareCdf from "@stdlib/stats-base-dists-chisquare-cdf";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";

export interface Summary {
  n: number;
  mean: number;
  /** Sample variance, with n − 1 in the denominator; 0 below two values. */
  variance: number;
}

export interface Comparison {
  lift: number;
  /** lift / |control mean|; null when the control's mean is 0. */
  relativeLift: number | null;
  se: number;
  /** Welch–Satterthwaite degrees of freedom; null when se is 0 or a side has under two values. */
  df: number | null;
  pValue: number | null;
  confidenceInterval: [number, number] | null;
  chanceToBeatControl: number | null;
}

/** n, mean and sample variance, in two passes (no catastrophic cancellation). */
export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  if (!n) return { n: 0, mean: 0, variance: 0 };
  let total = 0;
  for (const v of values) total += v;
  const mean = total / n;
  if (n < 2) return { n, mean, variance: 0 };
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { n, mean, variance: squares / (n - 1) };
}

/** Φ(x), the standard normal distribution function. */
export function normalCdfStd(x: number): number {
  return normalCdf(x, 0, 1);
}

/**
 * Welch's two-sample t-test of `treatment` against `control`: the lift, its
 * standard error, the Welch–Satterthwaite degrees of freedom, the two-sided
 * p-value, the 95% interval lift ± t(0.975, df)·se, and Φ(lift / se).
 */
export function welch(control: Summary, treatment: Summary, level = 0.95): Comparison {
  const lift = treatment.mean - control.mean;
  const relativeLift = control.mean === 0 ? null : lift / Math.abs(control.mean);
  const shareT = treatment.n ? treatment.variance / treatment.n : 0;
  const shareC = control.n ? control.variance / control.n : 0;
  const se = Math.sqrt(shareT + shareC);
  const undefinedTest = { lift, relativeLift, se, df: null, pValue: null, confidenceInterval: null, chanceToBeatControl: null };
  if (treatment.n < 2 || control.n < 2 || !(se > 0)) return undefinedTest;
  const df = (shareT + shareC) ** 2 / (shareT ** 2 / (treatment.n - 1) + shareC ** 2 / (control.n - 1));
  const t = lift / se;
  // 2·F(−|t|) rather than 2·(1 − F(|t|)): keeps small p-values from rounding to 0.
  const pValue = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  const margin = tQuantile(1 - (1 - level) / 2, df) * se;
  return { lift, relativeLift, se, df, pValue, confidenceInterval: [lift - margin, lift + margin], chanceToBeatControl: normalCdfStd(t) };
}

export interface SrmResult {
  chiSquare: number;
  pValue: number | null;
  warning: boolean;
}

/** The p-value below which the split is called a sample ratio mismatch (API.md 6). */
export const SRM_THRESHOLD = 0.001;

/** χ² goodness of fit of the observed exposures against the weights (k − 1 degrees of freedom). */
export function sampleRatioMismatch(observed: readonly number[], weights: readonly number[]): SrmResult {
  const total = observed.reduce((a, b) => a + b, 0);
  const weightTotal = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || observed.length < 2) return { chiSquare: 0, pValue: null, warning: false };
  let chiSquare = 0;
  observed.forEach((o, i) => {
    const expected = (total * weights[i]) / weightTotal;
    chiSquare += (o - expected) ** 2 / expected;
  });
  const pValue = 1 - chisquareCdf(chiSquare, observed.length - 1);
  return { chiSquare, pValue, warning: pValue < SRM_THRESHOLD };
}

/**
 * Persons per variant for a two-sided test at α 0.05 with power 0.8 to detect a
 * relative change `mde` of the conversion rate `baseline` (API.md 6):
 * n = (z₀.₉₇₅ + z₀.₈)² · (p₁(1−p₁) + p₂(1−p₂)) / (p₂ − p₁)², rounded up.
 */
export function sampleSize(baseline: number, mde: number): number {
  const p1 = baseline;
  const p2 = baseline * (1 + mde);
  const z = normalQuantile(0.975, 0, 1) + normalQuantile(0.8, 0, 1);
  return Math.ceil((z ** 2 * (p1 * (1 - p1) + p2 * (1 - p2))) / (p2 - p1) ** 2);
}
