// One entry point for every report: validate the query (zod, API.md 3.1), then
// run the report's own module. Used by POST /api/projects/{id}/query and the pages.
import { sql } from "kysely";
import { ApiError } from "../http/errors";
import type { ReportContext } from "./context";
import { abortError, reportSignal, throwIfAborted } from "./limits";
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

/**
 * Runs one report within its time limit (REPORT_TIMEOUT_SECONDS, or
 * `options.timeoutMs`) and stops it when ctx.signal aborts (the client went
 * away): 503 report_timeout or 499 report_cancelled instead of an answer.
 */
export async function runReport(ctx: ReportContext, input: unknown | ReportInput, options: { timeoutMs?: number } = {}): Promise<ReportResult> {
  const query = parseReport(input);
  const limit = reportSignal(ctx.signal, options.timeoutMs);
  const limited: ReportContext = { ...ctx, signal: limit.signal };
  try {
    return await cancellable(limited, (c) => dispatch(c, query));
  } catch (error) {
    if (limit.signal.aborted && !(error instanceof ApiError && error.status === 400)) throw abortError(limit.signal);
    throw error;
  } finally {
    limit.done();
  }
}

/**
 * PostgreSQL: the report runs on one connection of the pool, and an abort
 * cancels the statement running on it (pg_cancel_backend), so a cancelled or
 * timed-out report stops using the database at once. SQLite cannot interrupt a
 * statement through better-sqlite3: there the signal is checked between
 * statements and every few thousand streamed rows (scan.ts).
 */
async function cancellable<T>(ctx: ReportContext, work: (ctx: ReportContext) => Promise<T>): Promise<T> {
  const signal = ctx.signal;
  if (ctx.dialect.kind !== "postgres" || !signal) return work(ctx);
  return ctx.db.connection().execute(async (db) => {
    const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db);
    const pid = Number(rows[0].pid);
    const cancel = () => {
      // Another connection of the pool asks the server to cancel this one's statement.
      sql`SELECT pg_cancel_backend(${pid})`.execute(ctx.db).catch(() => {});
    };
    signal.addEventListener("abort", cancel, { once: true });
    try {
      throwIfAborted(signal);
      return await work({ ...ctx, db });
    } finally {
      signal.removeEventListener("abort", cancel);
    }
  });
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
