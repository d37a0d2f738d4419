// Top values of the columns lifted out of context (pages, referrers, UTM,
// countries, browsers, devices) over a range, and the active users: the
// Overview's tables.
import { sql } from "kysely";
import type { ReportContext } from "./context";
import { throwIfAborted } from "./limits";
import { byPersonShares } from "./parallel/shares";
import { inShare } from "./personsSeen";

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

/** Distinct persons active in the day, 7 days and 30 days before the range's end. */
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
const DAY = 86_400_000;

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
 * every value of each column. On SQLite the (project, ts) index carries the
 * lifted columns, so no statement here reads an event's row.
 */
export async function overviewTablesShare(ctx: ReportContext, from: number, to: number): Promise<OverviewTables> {
  const events = ctx.dialect.eventsByTime;
  const share = inShare(ctx, sql.ref("e.person_id"));
  const tops = {} as Record<TopColumn, TopRow[]>;
  for (const which of COLUMNS) {
    // SQLite cannot stop a statement: a report past its time limit stops at the next one.
    throwIfAborted(ctx.signal);
    const spec = TOP_COLUMNS[which];
    const column = sql.ref(`e.${spec.column}`);
    const matching = sql`FROM ${events}
      WHERE e.project_id = ${ctx.projectId} AND e.ts >= ${from} AND e.ts < ${to} AND ${column} IS NOT NULL
        ${spec.onlyEvent ? sql`AND e.event = ${spec.onlyEvent}` : sql``}${share}`;
    // PostgreSQL counts distinct persons per value faster by hashing (value,
    // person) pairs than by count(DISTINCT), which sorts every event: browsers
    // at 1M events, 1,064 -> 451 ms. SQLite has no hash aggregate, and sorting
    // the pairs was the slower of its two ways.
    const rows = await (ctx.dialect.kind === "postgres"
      ? sql<{ value: string; events: number | string; users: number | string }>`
        SELECT value, sum(n) AS events, count(*) AS users
        FROM (SELECT ${column} AS value, e.person_id, count(*) AS n ${matching} GROUP BY 1, 2) pairs
        GROUP BY value`
      : sql<{ value: string; events: number | string; users: number | string }>`
        SELECT ${column} AS value, count(*) AS events, count(DISTINCT e.person_id) AS users ${matching}
        GROUP BY ${column}`
    ).execute(ctx.db);
    tops[which] = rows.rows.map((r) => ({ value: String(r.value), events: Number(r.events), users: Number(r.users) }));
  }
  const activeSince = async (days: number) => {
    throwIfAborted(ctx.signal);
    const row = await sql<{ n: number | string }>`
      SELECT count(DISTINCT e.person_id) AS n FROM ${events}
      WHERE e.project_id = ${ctx.projectId} AND e.ts >= ${to - days * DAY} AND e.ts < ${to}${share}`.execute(ctx.db);
    return Number(row.rows[0]?.n ?? 0);
  };
  return { tops, active: { dau: await activeSince(1), wau: await activeSince(7), mau: await activeSince(30) } };
}
