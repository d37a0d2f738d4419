// Retention: deleting a project's events older than a moment, in bounded
// batches. Each batch is its own short transaction (delete at most
// REMOVAL_BATCH events by index, fix the persons and the catalog they touched),
// so SQLite's write lock is never held for long and ingestion, which takes the
// same lock, gets it between batches (pauseForOtherWriters).
//
// With CLICKHOUSE_URL set, the copies in ClickHouse older than the same moment go
// too, after the last batch, waited for (lib/store/clickhouse/mutations.ts). It is
// asked every run, not only when the Prisma database deleted something, so a run
// after a failed one finishes the job; no mutation is issued when ClickHouse has
// no such rows.
import { connections } from "../db";
import { clickHouseConfig } from "./clickhouse/config";
import { markClickHouseIncomplete } from "./clickhouse/coverage";
import { deleteClickHouseEvents, type ClickHouseDeleteOutcome } from "./clickhouse/mutations";
import { withShippingPaused } from "./clickhouse/shipper";
import { deleteEventBatch, emptyTally, pauseForOtherWriters, subtractFromCatalog, subtractFromPersons } from "./eventRemoval";

/** How many events of the project are older than `before` (what a purge would delete). */
export async function countEventsBefore(projectId: string, before: number): Promise<number> {
  const row = await connections()
    .db.selectFrom("events")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("project_id", "=", projectId)
    .where("ts", "<", before)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface PurgeResult {
  /** Events deleted from the Prisma database. */
  events: number;
  /** With CLICKHOUSE_URL set: whether ClickHouse's copies older than the moment are gone. */
  clickhouse?: ClickHouseDeleteOutcome;
}

/** The ClickHouse half of a purge; never throws. */
async function purgeInClickHouse(projectId: string, before: number): Promise<ClickHouseDeleteOutcome | undefined> {
  let outcome: ClickHouseDeleteOutcome | null;
  try {
    outcome = await withShippingPaused(() => deleteClickHouseEvents(projectId, { before }, clickHouseConfig()));
  } catch (error) {
    outcome = { status: "failed", message: (error as Error).message };
  }
  if (!outcome || outcome.status === "done") return outcome ?? undefined;
  return { status: outcome.status, message: `${outcome.message} The next purge ${outcome.status === "failed" ? "tries again" : "checks again"}.` };
}

/** Deletes every event of the project older than `before`, in the Prisma database and then in ClickHouse. */
export async function purgeEventsBefore(projectId: string, before: number): Promise<PurgeResult> {
  const { db } = connections();
  let total = 0;
  for (;;) {
    const started = Date.now();
    const deleted = await db.transaction().execute(async (tx) => {
      const tally = emptyTally();
      const n = await deleteEventBatch(tx, projectId, { before }, tally);
      if (n) {
        await subtractFromPersons(tx, projectId, tally);
        await subtractFromCatalog(tx, projectId, tally);
      }
      return n;
    });
    total += deleted;
    if (!deleted) break;
    await pauseForOtherWriters(started);
  }
  const clickhouse = await purgeInClickHouse(projectId, before);
  // ClickHouse may still hold the purged events: its reports would count them.
  if (total > 0 && clickhouse?.status !== "done") await markClickHouseIncomplete(db, projectId);
  return clickhouse ? { events: total, clickhouse } : { events: total };
}
