// GET .../experiments/{id}/results: reads the exposed persons and what they did
// (lib/query/experiments.ts), then computes the figures (analysis.ts).
import { reportContext } from "../query/context";
import { activityAfterExposure, activityByWindow, exposedPersons, type ExposureQuery, type PersonActivity, type VariantActivity } from "../query/experiments";
import { analyze, exposureSources, type ExperimentResults } from "./analysis";
import type { Experiment } from "./index";
import { seriesWindows } from "./overTime";

export async function experimentResults(project: { id: string; timezone: string }, experiment: Experiment, now: number = Date.now()): Promise<ExperimentResults> {
  const from = Date.parse(experiment.start);
  const to = experiment.end ? Date.parse(experiment.end) : now;
  const ctx = reportContext(project);
  const query: ExposureQuery = {
    key: experiment.key,
    variants: experiment.variants.map((v) => v.key),
    sources: exposureSources(experiment.exposure, experiment.variants),
    from,
    // A start in the future reads nothing rather than a reversed range.
    to: Math.max(from, to),
  };
  const series = seriesWindows(query.from, query.to, project.timezone);
  const exposed = await exposedPersons(ctx, query);
  const activity: PersonActivity[][] = [];
  const byWindow: VariantActivity[][] = [];
  for (const metric of experiment.metrics) {
    const property = metric.kind === "mean" ? metric.property : null;
    activity.push(await activityAfterExposure(ctx, query, metric.event, property));
    // A conversion's day is its person's earliest event, already read above.
    byWindow.push(metric.kind === "conversion" ? [] : await activityByWindow(ctx, query, metric.event, property, series.windows));
  }
  return analyze({ variants: experiment.variants, metrics: experiment.metrics, from, to: query.to, timezone: project.timezone, exposed, activity, series, activityByWindow: byWindow });
}
