// A tile of the Overview's numbers (events or unique users per bucket, top
// events): what a new project's default board shows. No report of 3.1 counts
// every event, so these run lib/query's overview under the report time limit.
// The Overview has no filters: these tiles obey the board's range only.
import { IDENTITY_EVENTS } from "../identity/identityEvents";
import { OVERVIEW_TIMEOUT_ADVICE, overview, reportContext, withinReportLimit } from "../query";
import type { TrendsResult } from "../query/trends";
import type { BoardRange } from "./range";
import type { OverviewMetric } from "./schema";

export interface TopEventsResult {
  topEvents: { event: string; count: number }[];
}

export type OverviewTileResult = TrendsResult | TopEventsResult;

/** Events or users in the trends answer's shape (one series), or the top events as the Overview lists them. */
export async function overviewTile(
  project: { id: string; timezone: string },
  metric: OverviewMetric,
  range: Pick<BoardRange, "from" | "to" | "interval">,
  signal?: AbortSignal,
): Promise<OverviewTileResult> {
  const ctx = reportContext(project, signal);
  const numbers = await withinReportLimit(ctx, (c) => overview(c, range, { hideEvents: IDENTITY_EVENTS }), { advice: OVERVIEW_TIMEOUT_ADVICE });
  if (metric === "top_events") return { topEvents: numbers.topEvents };
  const key = metric === "events" ? "events" : "users";
  return {
    series: [
      {
        label: metric === "events" ? "Events" : "Unique users",
        total: numbers.totals[key],
        data: numbers.series.map((p) => ({ t: new Date(p.t).toISOString(), value: p[key] })),
      },
    ],
  };
}
