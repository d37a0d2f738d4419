// One number per report result, for a tile's "compare to previous period":
// the figure a reader looks at first on each kind of report.
import type { TileResult } from "./compute";

export function headline(result: TileResult): number | null {
  if ("topEvents" in result) return null;
  if ("series" in result) {
    // The first series' total (summed over its breakdown values, if any).
    const first = result.series[0];
    if (!first) return null;
    return result.series.filter((s) => s.label === first.label).reduce((sum, s) => sum + s.total, 0);
  }
  if ("steps" in result) return result.steps.at(-1)?.users ?? null; // persons who converted
  if ("cohorts" in result) return result.cohorts.reduce((sum, c) => sum + c.users, 0); // persons who started
  if ("nodes" in result) return result.nodes.filter((n) => n.step === 1).reduce((sum, n) => sum + n.users, 0); // persons with a path
  return null;
}

/** What the headline is, in words, per kind. */
export const HEADLINE_LABELS = {
  trends: "total",
  funnel: "converted",
  retention: "started",
  paths: "persons",
  overview: "total",
} as const;
