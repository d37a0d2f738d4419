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
//
// With CLICKHOUSE_URL set, the copies in ClickHouse go too, once the transaction
// has committed: the rows of every distinct id the person had (read inside the
// transaction, before it deletes them), waited for, and the outcome returned
// (docs/clickhouse.md, "Erase and retention purge").
import { sql, type Transaction } from "kysely";
import { connections } from "../db";
import type { HotTables } from "../db/tables";
import { jsonColumn } from "../query/json";
import { queryDialect } from "../query/sqlDialect";
import { ClickHouseError } from "./clickhouse/client";
import { clickHouseConfig, type ClickHouseConfig } from "./clickhouse/config";
import { markClickHouseIncomplete } from "./clickhouse/coverage";
import { clickHouseIdsWith } from "./clickhouse/leftovers";
import { deleteClickHouseEvents, worstOutcome, type ClickHouseDeleteOutcome } from "./clickhouse/mutations";
import { withShippingPaused } from "./clickhouse/shipper";
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

/** What an erase answers: events deleted from the Prisma database, and with CLICKHOUSE_URL set, ClickHouse's outcome. */
export interface EraseResult {
  deletedEvents: number;
  clickhouse?: ClickHouseDeleteOutcome;
}

const RETRY = "Repeat the same request to retry: it deletes what ClickHouse still holds of the person.";

/** A reason followed by another sentence: ends with a full stop. */
function asSentence(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

/** ClickHouse's settings, or a failed outcome saying what is wrong with them. */
function configOrFailure(): { config: ClickHouseConfig | null } | { failed: ClickHouseDeleteOutcome } {
  try {
    return { config: clickHouseConfig() };
  } catch (error) {
    return { failed: { status: "failed", message: `ClickHouse erase failed: ${(error as Error).message}` } };
  }
}

/** The ClickHouse half of an erase, phrased for the person who asked for it. */
async function eraseInClickHouse(projectId: string, distinctIds: string[]): Promise<ClickHouseDeleteOutcome | undefined> {
  const settings = configOrFailure();
  if ("failed" in settings) return settings.failed;
  // With no copy in flight: a pass that read the person's events before the erase must not insert them after it.
  const outcome = await withShippingPaused(() => deleteClickHouseEvents(projectId, { distinctIds }, settings.config));
  if (!outcome || outcome.status === "done") return outcome ?? undefined;
  if (outcome.status === "pending") return { status: "pending", message: `${asSentence(outcome.message)} Repeat the same request later to confirm it is done.` };
  return { status: "failed", message: `ClickHouse erase failed, its copies of the person's events are still there: ${asSentence(outcome.message)} ${RETRY}` };
}

export async function erasePerson(projectId: string, personId: number): Promise<EraseResult> {
  const { db } = connections();
  const erased = await db.transaction().execute(async (tx) => {
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
    return { deletedEvents: tally.events, distinctIds: ids.map((row) => row.distinct_id) };
  });
  // After the commit: a ClickHouse that is down must not undo the erase the Prisma database did.
  const clickhouse = await eraseInClickHouse(projectId, erased.distinctIds);
  // ClickHouse may still hold the person's events: its reports would count them.
  if (erased.deletedEvents > 0 && clickhouse?.status !== "done") await markClickHouseIncomplete(connections().db, projectId);
  return clickhouse ? { deletedEvents: erased.deletedEvents, clickhouse } : { deletedEvents: erased.deletedEvents };
}

/**
 * A repeated erase of a distinct id no person has any more: what ClickHouse still
 * holds of it (the ids its copy of the mapping ties to it, minus any the Prisma
 * database gives a living person) is deleted. Null when ClickHouse is not used or
 * holds nothing of it (the caller answers "no such person", as before).
 */
export async function eraseClickHouseLeftovers(projectId: string, distinctId: string): Promise<ClickHouseDeleteOutcome | null> {
  const settings = configOrFailure();
  if ("failed" in settings) return settings.failed;
  if (!settings.config) return null;
  let ids: string[];
  try {
    ids = await clickHouseIdsWith(settings.config.client, settings.config.cluster, projectId, distinctId);
  } catch (error) {
    const reason = error instanceof ClickHouseError ? error.message : String(error);
    return { status: "failed", message: `ClickHouse could not be asked whether it still holds events of this distinct id: ${asSentence(reason)} ${RETRY}` };
  }
  if (!ids.length) return null;
  // ClickHouse's mapping may be older than the Prisma database's (merges since the
  // last backfill): an id a living person holds now is theirs, not the erased one's.
  const living = new Set(
    (await connections().db.selectFrom("person_distinct_ids").select("distinct_id").where("project_id", "=", projectId).where("distinct_id", "in", ids).execute()).map(
      (row) => row.distinct_id,
    ),
  );
  const leftovers = ids.filter((id) => !living.has(id));
  if (!leftovers.length) return null;
  return (await eraseInClickHouse(projectId, leftovers)) ?? null;
}

/**
 * Erases the persons of these distinct ids, as DELETE .../users/{id} does
 * (Mixpanel's engage $delete, API.md 2.5); ids no person has are skipped, once
 * what ClickHouse may still hold of them is deleted. Returns how many persons and
 * events were erased, and the least finished ClickHouse outcome.
 */
export async function eraseByDistinctIds(projectId: string, distinctIds: string[]): Promise<{ persons: number; deletedEvents: number; clickhouse?: ClickHouseDeleteOutcome }> {
  const { db } = connections();
  const erased = { persons: 0, deletedEvents: 0 };
  const outcomes: (ClickHouseDeleteOutcome | null | undefined)[] = [];
  for (const distinctId of new Set(distinctIds)) {
    const row = await db
      .selectFrom("person_distinct_ids")
      .select("person_id")
      .where("project_id", "=", projectId)
      .where("distinct_id", "=", distinctId)
      .executeTakeFirst();
    if (!row) {
      outcomes.push(await eraseClickHouseLeftovers(projectId, distinctId));
      continue;
    }
    const { deletedEvents, clickhouse } = await erasePerson(projectId, Number(row.person_id));
    erased.persons += 1;
    erased.deletedEvents += deletedEvents;
    outcomes.push(clickhouse);
  }
  const clickhouse = worstOutcome(outcomes);
  return clickhouse ? { ...erased, clickhouse } : erased;
}
