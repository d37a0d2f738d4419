// Which store answers a report: ClickHouse when it can give the same answer as
// the Prisma database, the Prisma database otherwise (it holds every event too,
// so the answer is exact either way). ClickHouse answers when
//   - CLICKHOUSE_URL is set and the project's events are all there
//     (lib/store/clickhouse/coverage.ts);
//   - the project's outbox is empty: what was acknowledged before the report is
//     in ClickHouse too (read-your-writes). The shipper is nudged and waited for
//     a moment; a ClickHouse that lags further leaves the report to the database;
//   - the report is not broken down by a user's property (persons' properties
//     live in the Prisma database); filters on them and on cohorts, and
//     breakdowns by cohorts, are read there as the matching persons' distinct
//     ids (lib/query/personFilterIds.ts).
import { connections } from "../../db";
import { clickHouseConfig } from "../../store/clickhouse/config";
import { clickHouseHoldsAll, outboxHasRowsOf } from "../../store/clickhouse/coverage";
import { registeredShipper } from "../../store/clickhouse/shipper";
import { isCohortBreakdown, type ReportQuery } from "../model";
import { clickHouseEvents, type ClickHouseEvents } from "./source";

/** How long a report waits for the shipper to copy what the outbox holds of its project. */
const OUTBOX_WAIT_MS = 3_000;
const OUTBOX_POLL_MS = 25;

/**
 * True when the ClickHouse dialect compiles this report: every report but a
 * breakdown by a user's property (its values live with the persons). Person
 * filters compile, once their distinct ids are read
 * (lib/query/personFilterIds.ts), and so do breakdowns by cohorts, which are
 * the report filtered to each cohort (cohortSlices.ts); filters picking too
 * many ids leave the report to the database (lib/query/report.ts).
 */
export function clickHouseCompiles(query: ReportQuery): boolean {
  if (query.kind === "trends" || query.kind === "funnel") {
    return !query.breakdown || isCohortBreakdown(query.breakdown) || query.breakdown.scope === "event";
  }
  return true;
}

/** ClickHouse, when it answers this project's report (see the top of the file); null for the Prisma database. */
export async function clickHouseFor(projectId: string, query: ReportQuery, signal?: AbortSignal): Promise<ClickHouseEvents | null> {
  return clickHouseCompiles(query) ? clickHouseHoldingProject(projectId, signal) : null;
}

/**
 * ClickHouse, when it holds every event of the project, the outbox's too (the
 * first two conditions at the top of the file): for numbers that read events
 * alone, like the Overview's. Null for the Prisma database.
 */
export async function clickHouseHoldingProject(projectId: string, signal?: AbortSignal): Promise<ClickHouseEvents | null> {
  let settings;
  try {
    settings = clickHouseConfig();
  } catch {
    return null; // unusable settings: the server said so at start; reports go on from the database
  }
  if (!settings) return null;
  const { db } = connections();
  if (!(await clickHouseHoldsAll(db, projectId))) return null;
  if (!(await outboxDrained(projectId, signal))) return null;
  return clickHouseEvents(settings.client, settings.cluster, settings.reportMemoryBytes);
}

async function outboxDrained(projectId: string, signal?: AbortSignal): Promise<boolean> {
  const { db } = connections();
  const until = Date.now() + OUTBOX_WAIT_MS;
  for (;;) {
    if (!(await outboxHasRowsOf(db, projectId))) return true;
    if (Date.now() >= until || signal?.aborted) return false;
    registeredShipper()?.nudge();
    await new Promise((resolve) => setTimeout(resolve, OUTBOX_POLL_MS));
  }
}

let lastFailure = "";

/**
 * Says, once until the failure changes, that `what` was read from the Prisma
 * database because ClickHouse failed (down, timing out): the answer is the same.
 */
export function noteClickHouseFallback(what: string, error: Error): void {
  if (error.message !== lastFailure) console.error(`[crumbtrail] ${what} read the database instead of ClickHouse, which failed: ${error.message}`);
  lastFailure = error.message;
}
