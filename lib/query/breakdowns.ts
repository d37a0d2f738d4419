// Top values of the columns lifted out of context (pages, referrers, UTM,
// countries, browsers, devices) over a range: the Overview's tables.
import { sql } from "kysely";
import { connections } from "../db";

/** Columns a top list may read: fixed names, never anything a user typed. */
export const TOP_COLUMNS = {
  path: { column: "path", onlyEvent: "$pageview", label: "Top pages" },
  referrer: { column: "referring_domain", onlyEvent: null, label: "Referrers" },
  utmSource: { column: "utm_source", onlyEvent: null, label: "UTM sources" },
  country: { column: "country", onlyEvent: null, label: "Countries" },
  browser: { column: "browser", onlyEvent: null, label: "Browsers" },
  device: { column: "device_type", onlyEvent: null, label: "Devices" },
} as const;

export type TopColumn = keyof typeof TOP_COLUMNS;

export interface TopRow {
  value: string;
  events: number;
  users: number;
}

export async function topColumnValues(projectId: string, which: TopColumn, from: number, to: number, limit = 8): Promise<TopRow[]> {
  const { db } = connections();
  const spec = TOP_COLUMNS[which];
  const column = sql.ref(`e.${spec.column}`);
  const rows = await sql<{ value: string; events: number; users: number }>`
    SELECT ${column} AS value, count(*) AS events, count(DISTINCT e.person_id) AS users
    FROM events e
    WHERE e.project_id = ${projectId} AND e.ts >= ${from} AND e.ts < ${to} AND ${column} IS NOT NULL
      ${spec.onlyEvent ? sql`AND e.event = ${spec.onlyEvent}` : sql``}
    GROUP BY ${column}
    ORDER BY users DESC, events DESC, value
    LIMIT ${limit}`.execute(db);
  return rows.rows.map((r) => ({ value: String(r.value), events: Number(r.events), users: Number(r.users) }));
}

const DAY = 86_400_000;

/** Distinct persons active in the day, 7 days and 30 days before `end`. */
export async function activeUsers(projectId: string, end: number): Promise<{ dau: number; wau: number; mau: number }> {
  const { db } = connections();
  const count = async (days: number) => {
    const row = await db
      .selectFrom("events")
      .select((eb) => eb.fn.count<number>("person_id").distinct().as("n"))
      .where("project_id", "=", projectId)
      .where("ts", ">=", end - days * DAY)
      .where("ts", "<", end)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return { dau: await count(1), wau: await count(7), mau: await count(30) };
}
