// Retention: deleting a project's events older than a moment, in bounded
// batches. Each batch is its own short transaction (delete at most
// REMOVAL_BATCH events by index, fix the persons and the catalog they touched),
// so SQLite's write lock is never held for long and ingestion, which takes the
// same lock, gets it between batches (pauseForOtherWriters).
import { connections } from "../db";
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

/** Deletes every event of the project older than `before`; returns how many. */
export async function purgeEventsBefore(projectId: string, before: number): Promise<number> {
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
    if (!deleted) return total;
    await pauseForOtherWriters(started);
  }
}
