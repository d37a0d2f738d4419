// The Overview page's numbers: events and unique users over time, totals, top
// events and the latest events. One function, used by the page and the API.
import { sql } from "kysely";
import { connections } from "../db";
import { ClickHouseError } from "../store/clickhouse/client";
import { overviewInClickHouse, type OverviewActivity } from "./clickhouse/overview";
import { clickHouseHoldingProject, noteClickHouseFallback } from "./clickhouse/route";
import type { ReportContext } from "./context";
import { storedInstant } from "./instant";
import { jsonColumn } from "./json";
import { throwIfAborted } from "./limits";
import { bothAtOnce } from "./parallel/shares";
import { windowValues } from "./sqlDialect";
import { timeBuckets, type Interval } from "./timeBuckets";

/** This module's task for the report helper thread (parallel/protocol.ts). */
declare module "./parallel/protocol" {
  interface HelperTasks {
    overviewSummary: { args: { from: number; to: number; hideEvents: string[] }; result: RangeSummary };
  }
}

/** The range the Overview shows, and its chart's interval. */
/** The Overview's timeout advice: it has no steps or filters to drop, only its range can shrink. */
export const OVERVIEW_TIMEOUT_ADVICE = "Try a shorter date range.";

/** hideEvents: names left out of the top events (the page hides identity events unless asked). */
export interface OverviewOptions {
  hideEvents?: readonly string[];
}

export interface OverviewRange {
  from: number;
  to: number;
  interval: Interval;
}

export interface Overview {
  series: { t: number; events: number; users: number }[];
  totals: { events: number; users: number };
  topEvents: { event: string; count: number }[];
  latest: { id: string; event: string; distinctId: string; timestamp: string; path: string | null; properties: Record<string, unknown> }[];
  /** Set when ClickHouse counted the series, totals and top events (clickhouse/route.ts). */
  store?: "clickhouse";
}

export async function hasAnyEvent(projectId: string): Promise<boolean> {
  const row = await connections().db.selectFrom("events").select("id").where("project_id", "=", projectId).limit(1).executeTakeFirst();
  return Boolean(row);
}

/**
 * The overview's statements read every event of the range, and on a big
 * project they run on both threads (parallel/shares.ts), split where each
 * database's costs put the middle:
 * - SQLite: events and users per bucket here (110 ms at 1M events), the
 *   range's totals and top events on the helper thread (93 + 37 ms).
 * - PostgreSQL: per bucket and totals here, in one scan (460-830 ms), the top
 *   events on another connection (210-290 ms).
 */
export async function overview(ctx: ReportContext, range: OverviewRange, options: OverviewOptions = {}): Promise<Overview> {
  throwIfAborted(ctx.signal);
  const { from, to } = range;
  const hideEvents = [...(options.hideEvents ?? [])];
  const buckets = timeBuckets(from, to, range.interval, ctx.timezone);
  let perBucket: BucketActivity[];
  let totals: Overview["totals"];
  let topEvents: Overview["topEvents"];
  const counted = await countedInClickHouse(ctx, range, buckets, hideEvents);
  if (counted) {
    ({ perBucket, totals, topEvents } = counted);
  } else if (ctx.dialect.kind === "postgres") {
    [{ perBucket, totals }, topEvents] = await bothAtOnce(ctx, from, (here) => postgresActivity(here, buckets, to), {
      run: (there) => topEventsIn(there, from, to, hideEvents),
    });
  } else {
    [perBucket, { totals, topEvents }] = await bothAtOnce(ctx, from, (here) => sqliteActivityPerBucket(here, buckets), {
      run: (there) => rangeSummary(there, from, to, hideEvents),
      onHelper: { task: "overviewSummary", args: { from, to, hideEvents }, fromHelper: (answer) => answer },
    });
  }
  throwIfAborted(ctx.signal);
  const counts = new Map(perBucket.map((r) => [r.i, r]));
  const latest = await ctx.db
    .selectFrom("events")
    .where("project_id", "=", ctx.projectId)
    .where("ts", ">=", from)
    .where("ts", "<", to)
    .select(["id", "event", "distinct_id", "ts", "path", "properties"])
    .orderBy("ts", "desc")
    .orderBy("id", "desc")
    .limit(12)
    .execute();

  return {
    series: buckets.map((b, i) => ({ t: b.t, events: Number(counts.get(i)?.events ?? 0), users: Number(counts.get(i)?.users ?? 0) })),
    totals,
    topEvents,
    ...(counted ? { store: "clickhouse" as const } : {}),
    latest: latest.map((r) => ({
      id: String(r.id),
      event: r.event,
      distinctId: r.distinct_id,
      timestamp: storedInstant(r.ts),
      path: r.path,
      properties: jsonColumn(r.properties),
    })),
  };
}

/**
 * The series, totals and top events from ClickHouse when it holds every event
 * of the project (clickhouse/route.ts), else null. A ClickHouse that fails
 * leaves them to the Prisma database.
 */
async function countedInClickHouse(ctx: ReportContext, range: OverviewRange, buckets: { start: number; end: number }[], hide: string[]): Promise<OverviewActivity | null> {
  const clickhouse = await clickHouseHoldingProject(ctx.projectId, ctx.signal);
  if (!clickhouse) return null;
  try {
    const windows = buckets.map((b, i) => ({ i, start: b.start, end: b.end }));
    return await overviewInClickHouse(clickhouse, ctx.projectId, windows, range.from, range.to, hide, ctx.signal);
  } catch (error) {
    if (!(error instanceof ClickHouseError)) throw error;
    noteClickHouseFallback("the Overview", error);
    return null;
  }
}

interface BucketActivity {
  i: number;
  events: number;
  users: number;
}

/** The row of postgresActivity's answer that holds the whole range: no bucket's index. */
const RANGE_ROW = -1;

/**
 * PostgreSQL: events and distinct persons per bucket, then over the whole
 * range, in one scan. Each event's bucket by width_bucket's binary search over
 * the bucket starts (they tile [from, to)); the distinct persons per bucket by
 * hashing (bucket, person) pairs, where count(DISTINCT) sorted every event.
 * The range's distinct persons are those of the pairs (a tenth as many rows
 * as events at 1M), so the totals no longer read the range a second time:
 * 1M events, 730-1,190 ms for the two statements -> 460-830 ms (a loaded
 * machine). GROUPING SETS over the events instead cost 370-440 ms against
 * 200-270 + 135 ms on a quiet one.
 */
async function postgresActivity(ctx: ReportContext, buckets: { start: number }[], to: number): Promise<{ perBucket: BucketActivity[]; totals: Overview["totals"] }> {
  if (!buckets.length) return { perBucket: [], totals: { events: 0, users: 0 } };
  const bounds = [...buckets.map((b) => b.start), to];
  const rows = await sql<{ i: number; events: string | null; users: string }>`
    WITH pairs AS MATERIALIZED (
      SELECT width_bucket(e.ts, ${bounds}::bigint[]) - 1 AS i, e.person_id, count(*) AS n
      FROM events e WHERE e.project_id = ${ctx.projectId} AND e.ts >= ${bounds[0]} AND e.ts < ${to}
      GROUP BY 1, 2
    )
    SELECT i, sum(n) AS events, count(*) AS users FROM pairs GROUP BY i
    UNION ALL
    SELECT ${sql.lit(RANGE_ROW)}, sum(n), count(DISTINCT person_id) FROM pairs`.execute(ctx.db);
  const counted = rows.rows.map((r) => ({ i: Number(r.i), events: Number(r.events ?? 0), users: Number(r.users) }));
  const range = counted.find((r) => r.i === RANGE_ROW);
  return {
    perBucket: counted.filter((r) => r.i !== RANGE_ROW),
    totals: { events: range?.events ?? 0, users: range?.users ?? 0 },
  };
}

/**
 * SQLite: events and distinct persons per bucket, a subquery per bucket that
 * reads its index range and counts it on the spot (joined and grouped instead,
 * SQLite sorted every event of the range by bucket first). INDEXED BY through
 * the dialect: without statistics SQLite's planner counted each bucket's
 * persons by scanning the project's whole person index.
 */
async function sqliteActivityPerBucket(ctx: ReportContext, buckets: { start: number; end: number }[]): Promise<BucketActivity[]> {
  if (!buckets.length) return [];
  const events = ctx.dialect.eventsByTime;
  const inBucket = sql`e.project_id = ${ctx.projectId} AND e.ts >= b.bucket_start AND e.ts < b.bucket_end`;
  const values = windowValues(buckets.map((b, i) => ({ i, start: b.start, end: b.end })));
  const rows = await sql<BucketActivity>`
    WITH b(i, bucket_start, bucket_end) AS (VALUES ${values})
    SELECT b.i AS i,
      (SELECT count(*) FROM ${events} WHERE ${inBucket}) AS events,
      (SELECT count(DISTINCT e.person_id) FROM ${events} WHERE ${inBucket}) AS users
    FROM b`.execute(ctx.db);
  return rows.rows.map((r) => ({ i: Number(r.i), events: Number(r.events), users: Number(r.users) }));
}

/** A range's totals and top events: the Overview's statements that SQLite's helper thread runs. */
export interface RangeSummary {
  totals: Overview["totals"];
  topEvents: Overview["topEvents"];
}

/** Events and distinct persons in [from, to). */
async function rangeTotals(ctx: ReportContext, from: number, to: number): Promise<Overview["totals"]> {
  const row = await sql<{ events: number | string; users: number | string }>`
    SELECT count(*) AS events, count(DISTINCT e.person_id) AS users
    FROM ${ctx.dialect.eventsByTime} WHERE e.project_id = ${ctx.projectId} AND e.ts >= ${from} AND e.ts < ${to}`.execute(ctx.db);
  return { events: Number(row.rows[0]?.events ?? 0), users: Number(row.rows[0]?.users ?? 0) };
}

/** The totals of [from, to) and its top events (but those of hideEvents). */
export async function rangeSummary(ctx: ReportContext, from: number, to: number, hideEvents: readonly string[] = []): Promise<RangeSummary> {
  const totals = await rangeTotals(ctx, from, to);
  throwIfAborted(ctx.signal);
  return { totals, topEvents: await topEventsIn(ctx, from, to, hideEvents) };
}

/**
 * The ten events most often stored in [from, to), ties by name. The project's
 * event names are walked on the (project, event, ts) index one seek each (a
 * recursive "next name after this one"), and each name's range is counted on
 * the same index: 37 ms at 1M events, where grouping the range's events by
 * name read the whole index of the project (92 ms). Names in `hide` are not
 * counted, and the ten are the ten others.
 */
async function topEventsIn(ctx: ReportContext, from: number, to: number, hide: readonly string[]): Promise<{ event: string; count: number }[]> {
  const events = ctx.dialect.eventsByNameAndTime;
  const p = ctx.projectId;
  const rows = await sql<{ event: string; count: number | string }>`
    WITH RECURSIVE names(event) AS (
      SELECT (SELECT min(e.event) FROM ${events} WHERE e.project_id = ${p})
      UNION ALL
      SELECT (SELECT min(e.event) FROM ${events} WHERE e.project_id = ${p} AND e.event > names.event) FROM names WHERE names.event IS NOT NULL
    ),
    counted(event, n) AS MATERIALIZED (
      SELECT names.event, (SELECT count(*) FROM ${events} WHERE e.project_id = ${p} AND e.event = names.event AND e.ts >= ${from} AND e.ts < ${to})
      FROM names WHERE names.event IS NOT NULL${hide.length ? sql` AND names.event NOT IN (${sql.join(hide)})` : sql``}
    )
    SELECT event, n AS count FROM counted WHERE n > 0 ORDER BY n DESC, event LIMIT 10`.execute(ctx.db);
  return rows.rows.map((r) => ({ event: r.event, count: Number(r.count) }));
}
