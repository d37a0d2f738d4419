// GET .../experiments/{id}/results: reads the exposed persons and what they did
// (lib/query/experiments.ts), then computes the figures (analysis.ts). The rows
// come from ClickHouse while it holds every event of the project (as a report's
// do: lib/query/clickhouse/route.ts), from the Prisma database otherwise or
// when ClickHouse fails; the figures are the same either way.
import { ClickHouseError } from "../store/clickhouse/client";
import { clickHouseHoldingProject, noteClickHouseFallback } from "../query/clickhouse/route";
import { reportContext, type ReportContext } from "../query/context";
import { activityAfterExposure, activityByWindow, exposedPersons, type ExposureQuery, type PersonActivity, type VariantActivity } from "../query/experiments";
import { analyze, exposureSources, type ExperimentResults } from "./analysis";
import type { Experiment } from "./index";
import { seriesWindows } from "./overTime";

/** The results, marked `store: "clickhouse"` when ClickHouse read the rows. */
export async function experimentResults(
  project: { id: string; timezone: string },
  experiment: Experiment,
  now: number = Date.now(),
): Promise<ExperimentResults & { store?: "clickhouse" }> {
  const ctx = reportContext(project);
  const clickhouse = await clickHouseHoldingProject(project.id);
  if (clickhouse) {
    try {
      return { ...(await resultsFrom({ ...ctx, clickhouse }, project, experiment, now)), store: "clickhouse" };
    } catch (error) {
      if (!(error instanceof ClickHouseError)) throw error;
      noteClickHouseFallback("an experiment's results", error);
    }
  }
  return resultsFrom(ctx, project, experiment, now);
}

async function resultsFrom(ctx: ReportContext, project: { timezone: string }, experiment: Experiment, now: number): Promise<ExperimentResults> {
  const from = Date.parse(experiment.start);
  const to = experiment.end ? Date.parse(experiment.end) : now;
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
