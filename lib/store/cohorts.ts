// Cohort membership in cohort_members: written whole by a computation (one
// transaction: the old list goes, the new one comes, nothing in between is
// seen), or a row at a time for a static cohort's additions and removals.
import { sql, type Kysely } from "kysely";
import type { HotTables } from "../db/tables";
import type { Condition as SqlCondition } from "../query/sqlDialect";

/**
 * The persons of the project meeting `condition` (on `persons p`). Read apart
 * from the write below, so SQLite's write lock is held only while the rows are
 * swapped, not while the events are read.
 */
export async function selectCohortPersons(db: Kysely<HotTables>, projectId: string, condition: SqlCondition): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`SELECT p.id FROM persons p WHERE p.project_id = ${projectId} AND ${condition} ORDER BY p.id`.execute(db);
  return rows.map((r) => Number(r.id));
}

/** Replaces the cohort's members with these persons, in one transaction; returns how many. */
export async function replaceCohortMembers(db: Kysely<HotTables>, projectId: string, cohortId: string, personIds: number[]): Promise<number> {
  return db.transaction().execute(async (tx) => {
    await tx.deleteFrom("cohort_members").where("cohort_id", "=", cohortId).execute();
    for (let i = 0; i < personIds.length; i += 500) {
      await tx
        .insertInto("cohort_members")
        .values(personIds.slice(i, i + 500).map((personId) => ({ project_id: projectId, cohort_id: cohortId, person_id: personId })))
        .execute();
    }
    return countCohortMembers(tx, cohortId);
  });
}

export async function countCohortMembers(db: Kysely<HotTables>, cohortId: string): Promise<number> {
  const row = await db
    .selectFrom("cohort_members")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("cohort_id", "=", cohortId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Distinct id -> person id for the ids the project knows. */
export async function personIdsOfDistinctIds(db: Kysely<HotTables>, projectId: string, distinctIds: string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  // Chunks keep every statement under SQLite's and PostgreSQL's parameter limits.
  for (let i = 0; i < distinctIds.length; i += 500) {
    const rows = await db
      .selectFrom("person_distinct_ids")
      .select(["distinct_id", "person_id"])
      .where("project_id", "=", projectId)
      .where("distinct_id", "in", distinctIds.slice(i, i + 500))
      .execute();
    for (const row of rows) found.set(row.distinct_id, Number(row.person_id));
  }
  return found;
}

/** Adds persons to a cohort (those already in it stay once); returns the new count. */
export async function addCohortMembers(db: Kysely<HotTables>, projectId: string, cohortId: string, personIds: number[]): Promise<number> {
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < personIds.length; i += 500) {
      const chunk = [...new Set(personIds.slice(i, i + 500))];
      if (!chunk.length) continue;
      await tx
        .insertInto("cohort_members")
        .values(chunk.map((personId) => ({ project_id: projectId, cohort_id: cohortId, person_id: personId })))
        .onConflict((oc) => oc.columns(["cohort_id", "person_id"]).doNothing())
        .execute();
    }
  });
  return countCohortMembers(db, cohortId);
}

/** Takes persons out of a cohort; returns the new count. */
export async function removeCohortMembers(db: Kysely<HotTables>, cohortId: string, personIds: number[]): Promise<number> {
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < personIds.length; i += 500) {
      const chunk = personIds.slice(i, i + 500);
      if (chunk.length) await tx.deleteFrom("cohort_members").where("cohort_id", "=", cohortId).where("person_id", "in", chunk).execute();
    }
  });
  return countCohortMembers(db, cohortId);
}

/** One page of members by person id, after `afterPersonId` (keyset: stable while members change). */
export async function cohortMemberPage(db: Kysely<HotTables>, cohortId: string, afterPersonId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom("cohort_members")
    .select("person_id")
    .where("cohort_id", "=", cohortId)
    .where("person_id", ">", afterPersonId)
    .orderBy("person_id")
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.person_id));
}

export async function deleteCohortMembers(db: Kysely<HotTables>, cohortId: string): Promise<void> {
  await db.deleteFrom("cohort_members").where("cohort_id", "=", cohortId).execute();
}

/** Every member's person id, in person id order (pages through the key, so no statement grows with the cohort). */
export async function allCohortMemberIds(db: Kysely<HotTables>, cohortId: string): Promise<number[]> {
  const out: number[] = [];
  for (let after = 0; ; ) {
    const page = await cohortMemberPage(db, cohortId, after, 10_000);
    out.push(...page);
    if (page.length < 10_000) return out;
    after = page[page.length - 1];
  }
}

/** The ids of the cohorts a person is a member of (as of each cohort's last computation). */
export async function cohortIdsOfPerson(db: Kysely<HotTables>, projectId: string, personId: number): Promise<string[]> {
  const rows = await db.selectFrom("cohort_members").select("cohort_id").where("project_id", "=", projectId).where("person_id", "=", personId).execute();
  return rows.map((r) => r.cohort_id);
}
