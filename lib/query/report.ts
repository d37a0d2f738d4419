// One entry point for every report: validate the query (zod, API.md 3.1), then
// run the report's own module. Used by POST /api/projects/{id}/query and the pages.
import { ApiError } from "../http/errors";
import { ClickHouseError } from "../store/clickhouse/client";
import { clickHouseFor, noteClickHouseFallback } from "./clickhouse/route";
import type { ReportContext } from "./context";
import { abortError, MAX_FILTER_VALUES, reportSignal, reportTimeoutMs } from "./limits";
import { onOwnConnection } from "./ownConnection";
import { funnel, type FunnelResult } from "./funnel";
import { cohortsOfQuery, type CohortUsed } from "./cohortsUsed";
import { cohortSlices } from "./cohortSlices";
import { isCohortBreakdown, isCohortFilter, reportSchema, type ReportInput, type ReportQuery, type WhereFilter } from "./model";
import { paths, type PathsResult } from "./paths";
import { personFilterIds } from "./personFilterIds";
import { retention, type RetentionResult } from "./retention";
import { MAX_BUCKETS, timeBuckets } from "./timeBuckets";
import { trends, type TrendsResult } from "./trends";

/**
 * A report's answer; `cohortsUsed` lists the cohorts its filters and breakdown
 * read, each with the computation (computedAt, count) whose membership it used.
 */
export type ReportResult = (TrendsResult | FunnelResult | RetentionResult | PathsResult) & { cohortsUsed?: CohortUsed[]; store?: "clickhouse" };

/** The query, validated; 400 naming the first problem otherwise. */
export function parseReport(input: unknown): ReportQuery {
  const parsed = reportSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
    throw new ApiError(400, "invalid_query", `${path || "query"} ${issue.message}`.trim(), { path });
  }
  const values = filterValueCount(parsed.data);
  if (values > MAX_FILTER_VALUES) {
    throw new ApiError(
      400,
      "too_many_filter_values",
      `The report's filters carry ${values} values in all; at most ${MAX_FILTER_VALUES} are allowed. Use fewer or shorter "in" lists.`,
      { values, maxValues: MAX_FILTER_VALUES },
    );
  }
  return parsed.data;
}

/** Every `where` list of a report: its own and its series' or steps'. */
export function filterLists(query: ReportQuery): WhereFilter[][] {
  const lists: WhereFilter[][] = [query.where];
  if (query.kind === "trends") lists.push(...query.series.map((s) => s.where));
  if (query.kind === "funnel") lists.push(...query.steps.map((s) => s.where));
  return lists;
}

/** How many values a report's filters carry in all: an `in` list counts each value, any other filter one. */
export function filterValueCount(query: ReportQuery): number {
  let count = 0;
  for (const list of filterLists(query)) {
    for (const filter of list) count += !isCohortFilter(filter) && Array.isArray(filter.value) ? filter.value.length : 1;
  }
  return count;
}

/**
 * Runs one report within its time limit (REPORT_TIMEOUT_SECONDS, or
 * `options.timeoutMs`) and stops it when ctx.signal aborts (the client went
 * away): 503 report_timeout or 499 report_cancelled instead of an answer.
 */
export async function runReport(ctx: ReportContext, input: unknown | ReportInput, options: { timeoutMs?: number } = {}): Promise<ReportResult> {
  const query = parseReport(input);
  // Before the time limit starts: a cohort that is not the project's is a 400, not a report.
  const cohortsUsed = await cohortsOfQuery(ctx.projectId, { filterLists: filterLists(query), breakdown: query.kind === "paths" ? undefined : query.breakdown });
  const limitMs = options.timeoutMs ?? reportTimeoutMs();
  const started = Date.now();
  const result =
    (await fromClickHouse(ctx, query, limitMs)) ??
    // The database gets what ClickHouse left of the limit; a timeout still names the whole limit.
    (await withinReportLimit(ctx, (c) => dispatch(c, query), { timeoutMs: Math.max(1, limitMs - (Date.now() - started)), statedMs: limitMs }));
  return cohortsUsed.length ? { ...result, cohortsUsed } : result;
}

/**
 * ClickHouse's share of a report's time limit. Past it, or when ClickHouse fails,
 * the Prisma database answers with the rest: it holds every event too, so the
 * answer is the same, and a ClickHouse slower than the database at some report
 * (per-person reports on a small server: bench/RESULTS.md) costs time, not the answer.
 */
const CLICKHOUSE_SHARE_OF_LIMIT = 0.5;

/**
 * The report answered by ClickHouse, marked `store: "clickhouse"`, when it
 * answers this one (clickhouse/route.ts) within its share of the limit; null
 * otherwise (see CLICKHOUSE_SHARE_OF_LIMIT).
 */
async function fromClickHouse(ctx: ReportContext, query: ReportQuery, limitMs: number): Promise<ReportResult | null> {
  const clickhouse = await clickHouseFor(ctx.projectId, query, ctx.signal);
  if (!clickhouse) return null;
  // Person filters travel as their persons' distinct ids; a report with too many is the database's.
  const slices = query.kind !== "paths" && query.breakdown && isCohortBreakdown(query.breakdown) ? cohortSlices(query.breakdown).map((s) => s.where) : [];
  const personFilters = await personFilterIds(ctx, [...filterLists(query), ...slices]);
  if (!personFilters) return null;
  const shareMs = Math.round(limitMs * CLICKHOUSE_SHARE_OF_LIMIT);
  try {
    const withDeadline = { ...clickhouse, personFilters, deadline: Date.now() + shareMs };
    const result = await withinReportLimit({ ...ctx, clickhouse: withDeadline }, (c) => dispatch(c, query), { timeoutMs: shareMs });
    return { ...result, store: "clickhouse" };
  } catch (error) {
    if (error instanceof ClickHouseError) {
      noteClickHouseFallback("a report", error);
      return null;
    }
    // Its share ran out (not the client going away): the database takes over.
    if (error instanceof ApiError && error.code === "report_timeout" && !ctx.signal?.aborted) {
      noteClickHouseFallback("a report", new Error(`no answer within ${shareMs / 1000} s, half of the report's time limit`));
      return null;
    }
    throw error;
  }
}

/**
 * `work` under a report's limits (see runReport), for a page whose numbers are
 * not one report: the Overview. On PostgreSQL its statements run on their own
 * connection, cancelled when the limit runs out.
 */
export async function withinReportLimit<T>(
  ctx: ReportContext,
  work: (ctx: ReportContext) => Promise<T>,
  options: { timeoutMs?: number; advice?: string; statedMs?: number } = {},
): Promise<T> {
  const limit = reportSignal(ctx.signal, options.timeoutMs, options.advice, options.statedMs);
  const limited: ReportContext = { ...ctx, signal: limit.signal };
  try {
    // ClickHouse reads need no connection of the Prisma database's pool.
    return await (limited.clickhouse ? work(limited) : onOwnConnection(limited, work));
  } catch (error) {
    if (limit.signal.aborted && !(error instanceof ApiError && error.status === 400)) throw abortError(limit.signal);
    throw error;
  } finally {
    limit.done();
  }
}

async function dispatch(ctx: ReportContext, query: ReportQuery): Promise<ReportResult> {
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
