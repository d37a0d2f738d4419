// The Overview page's numbers: events and unique users over time, totals, top
// events and the latest events. One function, used by the page and the API.
import { sql } from "kysely";
import { connections } from "../db";
import { jsonColumn } from "./json";
import { queryDialect, windowValues } from "./sqlDialect";
import { timeBuckets, type Interval } from "./timeBuckets";

export interface OverviewInput {
  projectId: string;
  timezone: string;
  from: number;
  to: number;
  interval: Interval;
}

export interface Overview {
  series: { t: number; events: number; users: number }[];
  totals: { events: number; users: number };
  topEvents: { event: string; count: number }[];
  latest: { id: string; event: string; distinctId: string; timestamp: string; path: string | null; properties: Record<string, unknown> }[];
}

export async function hasAnyEvent(projectId: string): Promise<boolean> {
  const row = await connections().db.selectFrom("events").select("id").where("project_id", "=", projectId).limit(1).executeTakeFirst();
  return Boolean(row);
}

export async function overview(input: OverviewInput): Promise<Overview> {
  const { db } = connections();
  const { projectId, from, to } = input;
  const buckets = timeBuckets(from, to, input.interval, input.timezone);

  const inRange = db.selectFrom("events").where("project_id", "=", projectId).where("ts", ">=", from).where("ts", "<", to);
  let perBucket: { i: number | null; events: number; users: number }[];
  let totals: { events: number; users: number };
  if (connections().kind === "postgres" && buckets.length) {
    // PostgreSQL: the buckets and the totals from one scan of the range, with
    // GROUPING SETS (the () set, i NULL, is the whole range), each event's
    // bucket by width_bucket's binary search over the bucket starts (they tile
    // [from, to)): 240 + 152 ms of SQL in two scans -> 290 ms in one (bench/postgres-notes.md).
    const bounds = [...buckets.map((b) => b.start), to];
    const rows = await sql<{ i: number | null; events: number; users: number }>`
      SELECT width_bucket(e.ts, ${bounds}::bigint[]) - 1 AS i, count(*) AS events, count(DISTINCT e.person_id) AS users
      FROM events e WHERE e.project_id = ${projectId} AND e.ts >= ${from} AND e.ts < ${to}
      GROUP BY GROUPING SETS ((1), ())`.execute(db);
    perBucket = rows.rows.filter((r) => r.i !== null);
    totals = rows.rows.find((r) => r.i === null) ?? { events: 0, users: 0 };
  } else {
    // SQLite: a subquery per bucket reads its index range and counts it on the
    // spot (joined and grouped instead, SQLite sorted every event of the range
    // by bucket first). INDEXED BY through the dialect: without statistics
    // SQLite's planner counted each bucket's persons by scanning the project's
    // whole person index.
    const events = queryDialect(connections().kind).eventsByTime;
    const inBucket = sql`e.project_id = ${projectId} AND e.ts >= b.bucket_start AND e.ts < b.bucket_end`;
    const values = windowValues(buckets.map((b, i) => ({ i, start: b.start, end: b.end })));
    perBucket = (
      await sql<{ i: number; events: number; users: number }>`
      WITH b(i, bucket_start, bucket_end) AS (VALUES ${values})
      SELECT b.i AS i,
        (SELECT count(*) FROM ${events} WHERE ${inBucket}) AS events,
        (SELECT count(DISTINCT e.person_id) FROM ${events} WHERE ${inBucket}) AS users
      FROM b`.execute(db)
    ).rows;
    totals = await inRange
      .select((eb) => [eb.fn.countAll<number>().as("events"), eb.fn.count<number>("person_id").distinct().as("users")])
      .executeTakeFirstOrThrow();
  }
  const counts = new Map(perBucket.map((r) => [Number(r.i), r]));
  const topEvents = await inRange
    .select((eb) => ["event", eb.fn.countAll<number>().as("count")])
    .groupBy("event")
    .orderBy("count", "desc")
    .orderBy("event")
    .limit(10)
    .execute();
  const latest = await inRange
    .select(["id", "event", "distinct_id", "ts", "path", "properties"])
    .orderBy("ts", "desc")
    .orderBy("id", "desc")
    .limit(12)
    .execute();

  return {
    series: buckets.map((b, i) => ({ t: b.t, events: Number(counts.get(i)?.events ?? 0), users: Number(counts.get(i)?.users ?? 0) })),
    totals: { events: Number(totals.events), users: Number(totals.users) },
    topEvents: topEvents.map((r) => ({ event: r.event, count: Number(r.count) })),
    latest: latest.map((r) => ({
      id: String(r.id),
      event: r.event,
      distinctId: r.distinct_id,
      timestamp: new Date(Number(r.ts)).toISOString(),
      path: r.path,
      properties: jsonColumn(r.properties),
    })),
  };
}
