// The person rows identity resolution (lib/identity) writes: newcomers with
// the distinct ids first seen for them, and their properties.
//
// PostgreSQL gets a group's rows in a few statements whatever their number:
// one statement per row waited a round trip each, most of a group's time when
// it brings many new visitors or identify calls. SQLite, in process, has no
// round trip to save and writes a row at a time.
import { sql, type Transaction } from "kysely";
import type { DatabaseKind } from "../config";
import type { HotTables } from "../db/tables";

export interface NewPerson {
  /** When they were first seen: the person's and their distinct ids' created_at. */
  ts: number;
  distinctIds: { distinctId: string; isUserId: boolean }[];
}

/**
 * Inserts the persons and their distinct ids; returns the persons' ids, in
 * order. PostgreSQL takes the ids from the persons' sequence first, to insert
 * every person and every distinct id with one statement each.
 */
export async function createPersons(tx: Transaction<HotTables>, kind: DatabaseKind, projectId: string, persons: NewPerson[]): Promise<number[]> {
  if (!persons.length) return [];
  // One person (an identify's newcomer): two statements, no reservation needed.
  if (kind === "sqlite" || persons.length === 1) {
    const ids: number[] = [];
    for (const person of persons) {
      const row = await tx
        .insertInto("persons")
        .values({ project_id: projectId, properties: "{}", created_at: person.ts, updated_at: person.ts })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(Number(row.id));
      for (const { distinctId, isUserId } of person.distinctIds) await mapDistinctId(tx, projectId, distinctId, Number(row.id), isUserId, person.ts);
    }
    return ids;
  }
  const reserved = await sql<{ id: string }>`
    SELECT nextval(pg_get_serial_sequence('persons', 'id')) AS id FROM generate_series(1, ${persons.length})`.execute(tx);
  const ids = reserved.rows.map((row) => Number(row.id));
  await sql`
    INSERT INTO persons (id, project_id, properties, created_at, updated_at)
    SELECT id, ${projectId}, '{}'::jsonb, ts, ts FROM unnest(${ids}::bigint[], ${persons.map((p) => p.ts)}::bigint[]) AS r (id, ts)`.execute(tx);
  const mapped = persons.flatMap((person, i) => person.distinctIds.map((d) => ({ ...d, personId: ids[i], ts: person.ts })));
  await sql`
    INSERT INTO person_distinct_ids (project_id, distinct_id, person_id, is_user_id, created_at)
    SELECT ${projectId}, distinct_id, person_id, is_user_id, ts
    FROM unnest(${mapped.map((m) => m.distinctId)}::text[], ${mapped.map((m) => m.personId)}::bigint[],
                ${mapped.map((m) => m.isUserId)}::boolean[], ${mapped.map((m) => m.ts)}::bigint[]) AS r (distinct_id, person_id, is_user_id, ts)`.execute(tx);
  return ids;
}

/** Points one more distinct id at an existing person. */
export async function mapDistinctId(
  tx: Transaction<HotTables>,
  projectId: string,
  distinctId: string,
  personId: number,
  isUserId: boolean,
  ts: number,
): Promise<void> {
  await tx
    .insertInto("person_distinct_ids")
    .values({ project_id: projectId, distinct_id: distinctId, person_id: personId, is_user_id: isUserId ? 1 : 0, created_at: ts })
    .execute();
}

/**
 * Replaces persons' properties. On PostgreSQL the ids are repeated as an
 * index condition: joined with the arrays alone, the planner reads every person.
 */
export async function setPersonProperties(
  tx: Transaction<HotTables>,
  kind: DatabaseKind,
  updates: { personId: number; properties: string; updatedAt: number }[],
): Promise<void> {
  if (kind === "sqlite") {
    for (const u of updates) {
      await tx.updateTable("persons").set({ properties: u.properties, updated_at: u.updatedAt }).where("id", "=", u.personId).execute();
    }
    return;
  }
  if (!updates.length) return;
  const ids = updates.map((u) => u.personId);
  await sql`
    UPDATE persons SET properties = v.properties::jsonb, updated_at = v.updated_at
    FROM unnest(${ids}::bigint[], ${updates.map((u) => u.properties)}::text[], ${updates.map((u) => u.updatedAt)}::bigint[]) AS v (id, properties, updated_at)
    WHERE persons.id = v.id AND persons.id = ANY(${ids}::bigint[])`.execute(tx);
}
