// Which y axis each series of a chart is drawn on.
//
// Series of very different size on one axis flatten the small ones into the
// floor (sign-ups beside page views). When the largest series is at least
// SEPARATE_AT times the size of another, the small ones move to a second axis
// on the right, and their legend says so. Only for a few series: with a
// breakdown of many values a second axis would be unreadable.

export type AxisId = "y" | "y1";

export const SEPARATE_AT = 20;
const MAX_SERIES_FOR_TWO_AXES = 4;

/** Axis per series, from each series' largest value. */
export function assignAxes(maxima: number[]): AxisId[] {
  const largest = Math.max(0, ...maxima);
  if (maxima.length < 2 || maxima.length > MAX_SERIES_FOR_TWO_AXES || largest === 0) return maxima.map(() => "y");
  return maxima.map((m): AxisId => (m > 0 && m * SEPARATE_AT <= largest ? "y1" : "y"));
}

export const RIGHT_AXIS_NOTE = " (right axis)";

/** The second axis's scale, when a chart has one: counts, no grid of its own. */
export const RIGHT_AXIS_SCALE = { y1: { position: "right" as const, beginAtZero: true, ticks: { precision: 0 }, grid: { drawOnChartArea: false } } };

/** The dash of a line's segment into the bucket still in progress. */
export const INCOMPLETE_DASH = [3, 3];

/** The note under a chart whose last bucket is still in progress. */
export function incompleteNote(label: string | undefined, mark: "dashed segment" | "paler bar"): string {
  return `${label ?? "The last bucket"} is not over yet: its ${mark} shows the count so far.`;
}
