// The ClickHouse outbox (docs/clickhouse.md, "How events reach ClickHouse"): with
// CLICKHOUSE_URL set, the writer records each committed group's event ids in the
// Prisma database, in the group's own transaction. An answered event is then
// durable in the Prisma database AND known to be owed to ClickHouse, whatever
// happens to the process before the shipper copies it (lib/store/clickhouse/shipper.ts).
import type { Kysely, Transaction } from "kysely";
import { z } from "zod";
import type { HotTables } from "../../db/tables";

/** Consecutive ids as [first, last] pairs: a group's ids are mostly one run, so a 5,000-event group costs a few bytes. */
export type IdRuns = [number, number][];

export function idRuns(ids: readonly number[]): IdRuns {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const runs: IdRuns = [];
  for (const id of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[1] + 1 === id) last[1] = id;
    else runs.push([id, id]);
  }
  return runs;
}

const runsSchema = z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]));

/** The ids of an outbox row's event_ids text. */
export function idsOfRunsText(text: string): number[] {
  return idsOfRuns(runsSchema.parse(JSON.parse(text)));
}

export function idsOfRuns(runs: IdRuns): number[] {
  const ids: number[] = [];
  for (const [first, last] of runs) for (let id = first; id <= last; id++) ids.push(id);
  return ids;
}

/** The distinct ids a message names: its own, and those identify and alias join to it. */
export function namedDistinctIds(message: { distinctId: string; userId: string | null; anonymousId: string | null; previousId: string | null }): string[] {
  return [message.distinctId, message.userId, message.anonymousId, message.previousId].filter((id): id is string => !!id);
}

/** Records one group's stored events of a project as owed to ClickHouse, inside the group's transaction. */
export async function recordOutbox(tx: Transaction<HotTables>, projectId: string, eventIds: readonly number[], distinctIds: Iterable<string>, now = Date.now()): Promise<void> {
  const named = [...new Set(distinctIds)];
  if (!eventIds.length && !named.length) return;
  await tx
    .insertInto("clickhouse_outbox")
    .values({ project_id: projectId, event_ids: JSON.stringify(idRuns(eventIds)), distinct_ids: JSON.stringify(named), created_at: now })
    .execute();
}

/** The ids of a project's events the outbox still lists: the shipper's to copy, not a backfill's. */
export async function eventIdsInOutbox(db: Kysely<HotTables>, projectId: string): Promise<Set<number>> {
  const rows = await db.selectFrom("clickhouse_outbox").select("event_ids").where("project_id", "=", projectId).execute();
  const ids = new Set<number>();
  for (const row of rows) for (const id of idsOfRunsText(row.event_ids)) ids.add(id);
  return ids;
}
