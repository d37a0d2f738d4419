// Removing a project's rows from the hot tables (the metadata rows go through Prisma).
//
// A deleted project's Project row goes first (ingestion and reads stop at once),
// then its hot rows here, events in bounded batches so a big project never holds
// SQLite's write lock for long. Should the process die in between, the rows left
// behind are found again by orphanedProjectIds (the catalog is deleted last, so
// a project with rows left always still has catalog rows) and finished by the
// retention job (lib/retention). With ClickHouse, its copies there go after the
// events, and a failure there leaves the catalog rows, so the retention job retries it too.
import { sql } from "kysely";
import { connections } from "../db";
import { clickHouseConfig } from "./clickhouse/config";
import { deleteClickHouseEvents } from "./clickhouse/mutations";
import { withShippingPaused } from "./clickhouse/shipper";
import { pauseForOtherWriters, REMOVAL_BATCH } from "./eventRemoval";

export async function deleteProjectEvents(projectId: string): Promise<void> {
  const { db } = connections();
  // Nothing of the project is copied to ClickHouse from now on.
  await db.deleteFrom("clickhouse_outbox").where("project_id", "=", projectId).execute();
  for (;;) {
    const started = Date.now();
    const ids = db.selectFrom("events").select("id").where("project_id", "=", projectId).limit(REMOVAL_BATCH);
    const deleted = await db.deleteFrom("events").where("id", "in", ids).executeTakeFirst();
    if (!Number(deleted.numDeletedRows)) break;
    await pauseForOtherWriters(started);
  }
  // With CLICKHOUSE_URL: the copies there, once no copy pass is in flight. A
  // ClickHouse that fails leaves the catalog rows below in place, so the project
  // stays "orphaned" and the retention job tries again (a mutation still running
  // on its own counts as done).
  const inClickHouse = await withShippingPaused(() => deleteClickHouseEvents(projectId, { wholeProject: true }, clickHouseConfig()));
  if (inClickHouse?.status === "failed") {
    console.error(`[crumbtrail] deleting project ${projectId}'s events in ClickHouse failed; the hourly retention run tries again: ${inClickHouse.message}`);
    return;
  }
  await db.transaction().execute(async (tx) => {
    for (const table of ["plan_violations", "plan_quarantine", "cohort_members", "person_distinct_ids", "persons", "groups", "property_definitions", "event_definitions"] as const) {
      await tx.deleteFrom(table).where("project_id", "=", projectId).execute();
    }
  });
}

/** Projects whose row is gone but whose data is not (a deletion cut short). */
export async function orphanedProjectIds(): Promise<string[]> {
  const { rows } = await sql<{ project_id: string }>`
    SELECT DISTINCT d.project_id FROM event_definitions d
    WHERE NOT EXISTS (SELECT 1 FROM "Project" p WHERE p.id = d.project_id)`.execute(connections().db);
  return rows.map((r) => r.project_id);
}
