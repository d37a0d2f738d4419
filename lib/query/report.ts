// One entry point for every report: validate the query (zod, API.md 3.1), then
// run the report's own module. Used by POST /api/projects/{id}/query and the pages.
import { ApiError } from "../http/errors";
import type { ReportContext } from "./context";
import { funnel, type FunnelResult } from "./funnel";
import { reportSchema, type ReportInput, type ReportQuery } from "./model";
import { paths, type PathsResult } from "./paths";
import { retention, type RetentionResult } from "./retention";
import { MAX_BUCKETS, timeBuckets } from "./timeBuckets";
import { trends, type TrendsResult } from "./trends";

export type ReportResult = TrendsResult | FunnelResult | RetentionResult | PathsResult;

/** The query, validated; 400 naming the first problem otherwise. */
export function parseReport(input: unknown): ReportQuery {
  const parsed = reportSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
    throw new ApiError(400, "invalid_query", `${path || "query"} ${issue.message}`.trim(), { path });
  }
  return parsed.data;
}

export async function runReport(ctx: ReportContext, input: unknown | ReportInput): Promise<ReportResult> {
  const query = parseReport(input);
  switch (query.kind) {
    case "trends":
      try {
        timeBuckets(query.from, query.to, query.interval, ctx.timezone);
      } catch {
        throw new ApiError(400, "too_many_buckets", `That range has more than ${MAX_BUCKETS} ${query.interval}s; pick a longer interval or a shorter range.`);
      }
      return trends(ctx, query);
    case "funnel":
      return funnel(ctx, query);
    case "retention":
      return retention(ctx, query);
    case "paths":
      return paths(ctx, query);
  }
}
