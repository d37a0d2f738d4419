// Erasing a person (a GDPR erasure request): their events under every distinct
// id, their ids, their person row, and their catalog contributions, all in one
// transaction, so a crash leaves either the whole person or nothing of them.
//
// "Catalog contributions" (docs/privacy.md):
// - event names and event properties: the counts their events added are taken
//   off; a definition whose count reaches 0 (only this person sent it) is
//   dropped; first/last seen follow the events that remain;
// - person properties: a name that no remaining person of the project carries
//   is dropped. (Their counts tally identify calls, which are not kept per
//   person, so they cannot be taken off exactly and are left as they are.)
import { sql, type Transaction } from "kysely";
import { connections } from "../db";
import type { HotTables } from "../db/tables";
import { jsonColumn } from "../query/json";
import { queryDialect } from "../query/sqlDialect";
import { forgetCohortMemberships } from "./cohortMembers";
import { deleteEventBatch, emptyTally, subtractFromCatalog } from "./eventRemoval";
import { forgetPlanRecordsOf } from "./trackingPlan";

async function dropUnusedPersonProperties(tx: Transaction<HotTables>, projectId: string, names: string[]): Promise<void> {
  const dialect = queryDialect(connections().kind);
  for (const name of names) {
    const used = await tx
      .selectFrom("persons")
      .select("id")
      .where("project_id", "=", projectId)
      .where(dialect.typeOf(sql.ref("persons.properties"), name), "is not", null)
      .limit(1)
      .executeTakeFirst();
    if (!used) {
      await tx.deleteFrom("property_definitions").where("project_id", "=", projectId).where("scope", "=", "person").where("event_name", "=", "").where("name", "=", name).execute();
    }
  }
}

export async function erasePerson(projectId: string, personId: number): Promise<{ deletedEvents: number }> {
  const { db } = connections();
  return db.transaction().execute(async (tx) => {
    const tally = emptyTally();
    // Batches keep memory flat for a person with millions of events; the
    // transaction keeps it all-or-nothing.
    while ((await deleteEventBatch(tx, projectId, { personId }, tally)) > 0) {
      // next batch
    }
    await subtractFromCatalog(tx, projectId, tally);

    const person = await tx.selectFrom("persons").select("properties").where("project_id", "=", projectId).where("id", "=", personId).executeTakeFirst();
    const ids = await tx.selectFrom("person_distinct_ids").select("distinct_id").where("project_id", "=", projectId).where("person_id", "=", personId).execute();
    await forgetPlanRecordsOf(tx, connections().kind, projectId, ids.map((row) => row.distinct_id));
    await tx.deleteFrom("person_distinct_ids").where("project_id", "=", projectId).where("person_id", "=", personId).execute();
    await forgetCohortMemberships(tx, projectId, personId);
    await tx.deleteFrom("persons").where("project_id", "=", projectId).where("id", "=", personId).execute();
    await dropUnusedPersonProperties(tx, projectId, Object.keys(person ? jsonColumn(person.properties) : {}));
    return { deletedEvents: tally.events };
  });
}

/**
 * Erases the persons of these distinct ids, as DELETE .../users/{id} does
 * (Mixpanel's engage $delete, API.md 2.5); ids no person has are skipped.
 * Returns how many persons and events were erased.
 */
export async function eraseByDistinctIds(projectId: string, distinctIds: string[]): Promise<{ persons: number; deletedEvents: number }> {
  const { db } = connections();
  const erased = { persons: 0, deletedEvents: 0 };
  for (const distinctId of new Set(distinctIds)) {
    const row = await db
      .selectFrom("person_distinct_ids")
      .select("person_id")
      .where("project_id", "=", projectId)
      .where("distinct_id", "=", distinctId)
      .executeTakeFirst();
    if (!row) continue;
    const { deletedEvents } = await erasePerson(projectId, Number(row.person_id));
    erased.persons += 1;
    erased.deletedEvents += deletedEvents;
  }
  return erased;
}
