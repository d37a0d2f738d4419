// Top values of the columns lifted out of context (pages, referrers, UTM,
// countries, browsers, devices) over a range, and the active users: the
// Overview's tables.
import { sql } from "kysely";
import type { ReportContext } from "./context";
import { nextTurn } from "./limits";
import { byPersonShares } from "./parallel/shares";
import { inShare } from "./personsSeen";
import { resolveRange } from "./ranges";

/** This module's task for the report helper thread (parallel/protocol.ts). */
declare module "./parallel/protocol" {
  interface HelperTasks {
    overviewTables: { args: { from: number; to: number }; result: OverviewTables };
  }
}

/**
 * What every top list counts: page views, so each row is the number a trend
 * of $pageview (unique users) filtered by that built-in property shows, and the
 * Overview's rows open exactly that report (components/projects/overviewLinks.ts).
 * Counting every event instead made a country's row differ from its report by
 * the people who only sent other events from there.
 */
export const TOPS_COUNT_EVENT = "$pageview";

/** Columns a top list may read (fixed names, never anything a user typed), and the built-in property reports know each by. */
export const TOP_COLUMNS = {
  path: { column: "path", property: "$pathname", label: "Top pages" },
  referrer: { column: "referring_domain", property: "$referring_domain", label: "Referrers" },
  utmSource: { column: "utm_source", property: "$utm_source", label: "UTM sources" },
  country: { column: "country", property: "$country", label: "Countries" },
  browser: { column: "browser", property: "$browser", label: "Browsers" },
  device: { column: "device_type", property: "$device_type", label: "Devices" },
} as const;

export type TopColumn = keyof typeof TOP_COLUMNS;

export interface TopRow {
  value: string;
  events: number;
  users: number;
}

/**
 * Distinct persons active in the windows of the 24h, 7d and 30d range presets
 * ending at the range's end: the same windows as those ranges' unique users,
 * so "Weekly active" and the unique users of "Last 7 days" are one number.
 */
export interface ActiveUsers {
  dau: number;
  wau: number;
  mau: number;
}

/** The Overview page's tables: the top values of each lifted column, and the active users. */
export interface OverviewTables {
  tops: Record<TopColumn, TopRow[]>;
  active: ActiveUsers;
}

const COLUMNS = Object.keys(TOP_COLUMNS) as TopColumn[];

/**
 * The Overview page's tables over [from, to), the active users up to `to`. Every
 * figure counts events or distinct persons, which add up over disjoint sets of
 * persons, so a big project's tables are computed in two shares at once
 * (parallel/shares.ts) and summed; the top `limit` of each column are chosen
 * after that, most users first, then most events, then by value.
 */
export async function overviewTables(ctx: ReportContext, from: number, to: number, limit = 8): Promise<OverviewTables> {
  const shares = await byPersonShares(ctx, from, "overviewTables", { from, to }, (share) => overviewTablesShare(share, from, to), (answer) => answer);
  const tops = Object.fromEntries(
    COLUMNS.map((column) => {
      const sums = new Map<string, TopRow>();
      for (const share of shares) {
        for (const row of share.tops[column]) {
          const sum = sums.get(row.value);
          if (sum) {
            sum.events += row.events;
            sum.users += row.users;
          } else sums.set(row.value, { ...row });
        }
      }
      const ranked = [...sums.values()].sort((a, b) => b.users - a.users || b.events - a.events || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
      return [column, ranked.slice(0, limit)];
    }),
  ) as Record<TopColumn, TopRow[]>;
  const active = { dau: 0, wau: 0, mau: 0 };
  for (const share of shares) {
    active.dau += share.active.dau;
    active.wau += share.active.wau;
    active.mau += share.active.mau;
  }
  return { tops, active };
}

/**
 * overviewTables for the persons of ctx.personRange (all when unset), with
 * every value of each column.
 */
export async function overviewTablesShare(ctx: ReportContext, from: number, to: number): Promise<OverviewTables> {
  const tops = ctx.dialect.kind === "postgres" ? await topsInOnePass(ctx, from, to) : await topsColumnByColumn(ctx, from, to);
  return { tops, active: await activeUsers(ctx, to) };
}

type TopCounts = { value: string; events: number | string; users: number | string };
const topRow = (r: TopCounts): TopRow => ({ value: String(r.value), events: Number(r.events), users: Number(r.users) });

/**
 * PostgreSQL keeps the lifted columns in the row, not in an index: a statement
 * per column read every row of the range six times (1M events, two shares at
 * once: 2.7 s). Here each row is read once and unfolded into (column, value)
 * pairs (1.0 s); distinct persons per value come from hashing (column, value,
 * person), which PostgreSQL does faster than count(DISTINCT), a sort per value.
 */
async function topsInOnePass(ctx: ReportContext, from: number, to: number): Promise<Record<TopColumn, TopRow[]>> {
  const unfolded = sql.join(
    COLUMNS.map((which, k) => sql`(${sql.lit(k)}, ${sql.ref(`e.${TOP_COLUMNS[which].column}`)})`),
    sql`, `,
  );
  const rows = await sql<TopCounts & { k: number }>`
    SELECT k, v AS value, sum(n) AS events, count(*) AS users
    FROM (
      SELECT x.k, x.v, e.person_id, count(*) AS n
      FROM events e CROSS JOIN LATERAL (VALUES ${unfolded}) AS x(k, v)
      WHERE e.project_id = ${ctx.projectId} AND e.event = ${TOPS_COUNT_EVENT} AND e.ts >= ${from} AND e.ts < ${to} AND x.v IS NOT NULL${inShare(ctx, sql.ref("e.person_id"))}
      GROUP BY 1, 2, 3
    ) pairs
    GROUP BY k, v`.execute(ctx.db);
  const tops = Object.fromEntries(COLUMNS.map((which) => [which, [] as TopRow[]])) as Record<TopColumn, TopRow[]>;
  for (const row of rows.rows) tops[COLUMNS[Number(row.k)]].push(topRow(row));
  return tops;
}

/**
 * SQLite: a statement per column, each on the (project, ts) index that carries
 * the lifted columns, so none reads an event's row. SQLite has no hash
 * aggregate; sorting (value, person) pairs was the slower of its two ways.
 */
async function topsColumnByColumn(ctx: ReportContext, from: number, to: number): Promise<Record<TopColumn, TopRow[]>> {
  const tops = {} as Record<TopColumn, TopRow[]>;
  for (const which of COLUMNS) {
    // SQLite cannot stop a statement: a report past its time limit stops at the next one.
    await nextTurn(ctx.signal);
    const spec = TOP_COLUMNS[which];
    const column = sql.ref(`e.${spec.column}`);
    const rows = await sql<TopCounts>`
      SELECT ${column} AS value, count(*) AS events, count(DISTINCT e.person_id) AS users
      FROM ${ctx.dialect.eventsByTime}
      WHERE e.project_id = ${ctx.projectId} AND e.ts >= ${from} AND e.ts < ${to} AND ${column} IS NOT NULL
        AND e.event = ${TOPS_COUNT_EVENT}${inShare(ctx, sql.ref("e.person_id"))}
      GROUP BY ${column}`.execute(ctx.db);
    tops[which] = rows.rows.map(topRow);
  }
  return tops;
}

/** Where the daily, weekly and monthly active windows start for a range ending at `to` (exclusive). */
export function activeWindows(to: number, timezone: string): { day: number; week: number; month: number } {
  const now = to - 1;
  return { day: resolveRange("24h", timezone, now).from, week: resolveRange("7d", timezone, now).from, month: resolveRange("30d", timezone, now).from };
}

/**
 * Distinct persons active in each window of activeWindows(): each person's
 * last event of the month window, counted three ways, in one pass instead
 * of three (PostgreSQL, 1M events: 115 -> 72 ms a share).
 */
async function activeUsers(ctx: ReportContext, to: number): Promise<ActiveUsers> {
  await nextTurn(ctx.signal);
  const starts = activeWindows(to, ctx.timezone);
  const rows = await sql<{ dau: number | string | null; wau: number | string | null; mau: number | string }>`
    SELECT sum(CASE WHEN last >= ${starts.day} THEN 1 ELSE 0 END) AS dau,
      sum(CASE WHEN last >= ${starts.week} THEN 1 ELSE 0 END) AS wau, count(*) AS mau
    FROM (
      SELECT e.person_id, max(e.ts) AS last FROM ${ctx.dialect.eventsByTime}
      WHERE e.project_id = ${ctx.projectId} AND e.ts >= ${starts.month} AND e.ts < ${to}${inShare(ctx, sql.ref("e.person_id"))}
      GROUP BY e.person_id
    ) persons_active`.execute(ctx.db);
  const row = rows.rows[0];
  return { dau: Number(row?.dau ?? 0), wau: Number(row?.wau ?? 0), mau: Number(row?.mau ?? 0) };
}
