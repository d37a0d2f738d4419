// Removing events and undoing what they added elsewhere: each person's event
// count and first/last seen, and the catalog's counts. Shared by erasing a
// person (lib/store/erase.ts) and retention (lib/store/purge.ts).
//
// Events go in bounded batches (DELETE ... RETURNING, at most BATCH rows), so
// memory stays flat whatever the number of events: what a batch returns is
// folded into a Tally (one entry per event name, property and person), and the
// tally is applied to the other tables in the same transaction.
import { sql, type Transaction } from "kysely";
import type { HotTables } from "../db/tables";
import { jsonColumn } from "../query/json";
import { inferType } from "./catalog";
import { chunks } from "./chunks";

export const REMOVAL_BATCH = 2000;

/**
 * Between two batches of a long deletion: a pause as long as the batch took
 * (10 to 100 ms), so that another connection waiting for SQLite's write lock
 * gets it. The writer thread waits in SQLite's busy handler, which retries
 * every few to 100 ms; a loop that only yielded to the event loop would take
 * the lock straight back and keep ingestion waiting until the whole deletion
 * was done. Returns when the next batch may start.
 */
export async function pauseForOtherWriters(batchStarted: number): Promise<void> {
  const pause = Math.min(100, Math.max(10, Date.now() - batchStarted));
  await new Promise((resolve) => setTimeout(resolve, pause));
}

type Tx = Transaction<HotTables>;

/** What some removed events had contributed. */
export interface Tally {
  events: number;
  perEvent: Map<string, number>;
  /** Keyed by event name + NUL + property name. */
  perProperty: Map<string, number>;
  perPerson: Map<number, number>;
}

export function emptyTally(): Tally {
  return { events: 0, perEvent: new Map(), perProperty: new Map(), perPerson: new Map() };
}

const SEP = "\u0000";

function add<K>(map: Map<K, number>, key: K, n = 1): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

/** Which events to remove: one person's (all their distinct ids), or those older than a moment. */
export type EventSelection = { personId: number } | { before: number };

/**
 * Deletes at most REMOVAL_BATCH events of the project in `selection`, adding
 * what they carried to `tally`; returns how many were deleted (0: none left).
 * The ids come from an index ((project_id, person_id, ts) or (project_id, ts)),
 * so a batch costs the same however big the table is. The DELETE is the
 * transaction's first statement: on SQLite it takes the write lock at once
 * instead of failing to upgrade a read lock under a concurrent writer.
 */
export async function deleteEventBatch(tx: Tx, projectId: string, selection: EventSelection, tally: Tally): Promise<number> {
  let ids = tx.selectFrom("events").select("id").where("project_id", "=", projectId);
  ids = "personId" in selection ? ids.where("person_id", "=", selection.personId) : ids.where("ts", "<", selection.before).orderBy("ts");
  const removed = await tx
    .deleteFrom("events")
    .where("id", "in", ids.limit(REMOVAL_BATCH))
    .returning(["event", "person_id", "properties"])
    .execute();
  for (const row of removed) {
    tally.events += 1;
    add(tally.perEvent, row.event);
    add(tally.perPerson, Number(row.person_id));
    // The same rule as the catalog at ingestion: a null value says nothing and was not counted.
    for (const [name, value] of Object.entries(jsonColumn(row.properties))) {
      if (inferType(value)) add(tally.perProperty, `${row.event}${SEP}${name}`);
    }
  }
  return removed.length;
}

const ROWS_PER_STATEMENT = 500;

/**
 * Takes a tally off the catalog: counts go down, definitions nobody sends any
 * more (count 0) leave, and the first/last seen of what remains follows the
 * events still stored (one index lookup per event name).
 */
export async function subtractFromCatalog(tx: Tx, projectId: string, tally: Tally): Promise<void> {
  const names = [...tally.perEvent.keys()];
  for (const [name, n] of tally.perEvent) {
    await tx
      .updateTable("event_definitions")
      .set({ count: sql<number>`count - ${n}` })
      .where("project_id", "=", projectId)
      .where("name", "=", name)
      .execute();
  }
  for (const [key, n] of tally.perProperty) {
    const [event, name] = key.split(SEP) as [string, string];
    await tx
      .updateTable("property_definitions")
      .set({ count: sql<number>`count - ${n}` })
      .where("project_id", "=", projectId)
      .where("scope", "=", "event")
      .where("event_name", "=", event)
      .where("name", "=", name)
      .execute();
  }
  for (const part of chunks(names, ROWS_PER_STATEMENT)) {
    await tx.deleteFrom("event_definitions").where("project_id", "=", projectId).where("name", "in", part).where("count", "<=", 0).execute();
    await tx
      .updateTable("event_definitions")
      .set({
        first_seen: sql<number>`coalesce((SELECT min(e.ts) FROM events e WHERE e.project_id = event_definitions.project_id AND e.event = event_definitions.name), first_seen)`,
        last_seen: sql<number>`coalesce((SELECT max(e.ts) FROM events e WHERE e.project_id = event_definitions.project_id AND e.event = event_definitions.name), last_seen)`,
      })
      .where("project_id", "=", projectId)
      .where("name", "in", part)
      .execute();
  }
  await tx.deleteFrom("property_definitions").where("project_id", "=", projectId).where("scope", "=", "event").where("count", "<=", 0).execute();
}

/**
 * Takes a tally off the persons who keep living: event counts go down and
 * first/last seen follow the events still stored (NULL when none is left; the
 * person row itself, with its ids and properties, stays).
 */
export async function subtractFromPersons(tx: Tx, projectId: string, tally: Tally): Promise<void> {
  for (const part of chunks([...tally.perPerson], ROWS_PER_STATEMENT)) {
    const values = sql.join(part.map(([id, n]) => sql`(cast(${id} as bigint), cast(${n} as bigint))`));
    await sql`
      WITH v(id, n) AS (VALUES ${values})
      UPDATE persons SET
        event_count = CASE WHEN persons.event_count > v.n THEN persons.event_count - v.n ELSE 0 END,
        first_seen = (SELECT min(e.ts) FROM events e WHERE e.project_id = persons.project_id AND e.person_id = persons.id),
        last_seen = (SELECT max(e.ts) FROM events e WHERE e.project_id = persons.project_id AND e.person_id = persons.id)
      FROM v WHERE persons.id = v.id AND persons.project_id = ${projectId}`.execute(tx);
  }
}
