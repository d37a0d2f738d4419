// activity_slots must always equal the (project, event, slot, person) set of
// the stored events (triggers keep it so, and on SQLite the writer's inserts). Checked straight on
// the server's database after ingestion, merges, erasure, purges and project
// deletion: a report reading a stale slot row would count a person twice or miss one.
import assert from "node:assert/strict";
import type { TestDatabase } from "./server";
import { withSql } from "./sql";

const FROM_EVENTS = `SELECT DISTINCT project_id, event, ts - ((ts % 900000) + 900000) % 900000, person_id FROM events`;
const FROM_SLOTS = `SELECT project_id, event, slot, person_id FROM activity_slots`;
const MISSING = `SELECT count(*) AS n FROM (${FROM_EVENTS} EXCEPT ${FROM_SLOTS}) x`;
const EXTRA = `SELECT count(*) AS n FROM (${FROM_SLOTS} EXCEPT ${FROM_EVENTS}) x`;
const ROWS = `SELECT count(*) AS n FROM activity_slots`;

/**
 * Fails unless every (project, event, slot, person) of a stored event has its
 * slot row (`missing`) and every slot row still has an event (`extra`); with
 * `nonEmpty`, also when there are no slot rows at all (the check would prove
 * nothing).
 */
export async function assertSlotsMatchEvents(db: TestDatabase, { nonEmpty = false } = {}): Promise<void> {
  const { missing, extra, rows } = await withSql(db, async (session) => {
    const count = async (query: string) => Number((await session.rows<{ n: number | string }>(query))[0].n);
    return { missing: await count(MISSING), extra: await count(EXTRA), rows: await count(ROWS) };
  });
  if (nonEmpty) assert.ok(rows > 0, "no activity slots at all");
  assert.deepEqual({ missing, extra }, { missing: 0, extra: 0 });
}
