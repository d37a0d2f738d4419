// A real read and write against the database, for /api/health.
import { sql } from "kysely";
import { connections } from "../db";

/** null when healthy, else a sentence saying what failed. */
export async function databaseHealthy(): Promise<string | null> {
  try {
    const { db } = connections();
    await db.transaction().execute(async (tx) => {
      await sql`SELECT count(*) FROM event_definitions WHERE project_id = ${"__health__"}`.execute(tx);
      // A write that is always rolled back: proves the database takes writes.
      await tx.insertInto("event_definitions").values({ project_id: "__health__", name: "__health__", count: 0, first_seen: 0, last_seen: 0 }).execute();
      throw new RolledBack();
    });
    return null;
  } catch (error) {
    if (error instanceof RolledBack) return null;
    return `The database cannot be read or written: ${(error as Error).message}`;
  }
}

class RolledBack extends Error {}
