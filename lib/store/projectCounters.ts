// Side effects of ingestion besides the events themselves: the bot counter,
// each person's event count and first/last seen, and the groups table (traits
// of `group` messages, merged like person properties).
import { sql, type Transaction } from "kysely";
import type { HotTables } from "../db/tables";
import type { NormalizedMessage } from "../ingest/normalize";
import { jsonColumn } from "../query/json";
import { chunks } from "./chunks";

export async function addBotCount(tx: Transaction<HotTables>, projectId: string, count: number): Promise<void> {
  await sql`UPDATE "Project" SET "botEventCount" = "botEventCount" + ${count} WHERE "id" = ${projectId}`.execute(tx);
}

/** Counts what the catalog caps refused (shown in Settings); `since` marks the first refusal. */
export async function addRefusedNames(
  tx: Transaction<HotTables>,
  projectId: string,
  refused: { refusedEventNames: number; refusedPropertyNames: number },
  now: number,
): Promise<void> {
  if (!refused.refusedEventNames && !refused.refusedPropertyNames) return;
  await sql`UPDATE "Project" SET
      "refusedEventNames" = "refusedEventNames" + ${refused.refusedEventNames},
      "refusedPropertyNames" = "refusedPropertyNames" + ${refused.refusedPropertyNames},
      "refusedNamesSince" = COALESCE("refusedNamesSince", ${now})
    WHERE "id" = ${projectId}`.execute(tx);
}

export async function updateGroups(tx: Transaction<HotTables>, projectId: string, stored: NormalizedMessage[]): Promise<void> {
  const groupMessages = stored.filter((m) => m.type === "group" && m.groupId);
  for (const m of groupMessages) {
    const existing = await tx
      .selectFrom("groups")
      .select("traits")
      .where("project_id", "=", projectId)
      .where("group_id", "=", m.groupId!)
      .executeTakeFirst();
    const traits = JSON.stringify({ ...(existing ? jsonColumn(existing.traits) : {}), ...(m.traits ?? {}) });
    if (existing) {
      await tx.updateTable("groups").set({ traits, updated_at: m.receivedAt }).where("project_id", "=", projectId).where("group_id", "=", m.groupId!).execute();
    } else {
      await tx.insertInto("groups").values({ project_id: projectId, group_id: m.groupId!, traits, created_at: m.receivedAt, updated_at: m.receivedAt }).execute();
    }
  }
}

const PERSONS_PER_UPDATE = 500;

/** Adds a group's events to each person's count and first/last seen: one statement per 500 persons. */
export async function updatePersonActivity(
  tx: Transaction<HotTables>,
  stored: NormalizedMessage[],
  personOf: Map<string, number>,
): Promise<void> {
  const activity = new Map<number, { count: number; first: number; last: number }>();
  for (const m of stored) {
    const personId = personOf.get(m.distinctId)!;
    const a = activity.get(personId);
    if (a) {
      a.count += 1;
      a.first = Math.min(a.first, m.ts);
      a.last = Math.max(a.last, m.ts);
    } else {
      activity.set(personId, { count: 1, first: m.ts, last: m.ts });
    }
  }
  for (const part of chunks([...activity], PERSONS_PER_UPDATE)) {
    const values = sql.join(part.map(([id, a]) => sql`(cast(${id} as bigint), cast(${a.count} as bigint), cast(${a.first} as bigint), cast(${a.last} as bigint))`));
    // The IN list repeats the ids for PostgreSQL's planner: joined with the
    // VALUES alone, it reads every person of every project for each group
    // (a hash join over a full scan: 31 ms at 95k persons, growing with them);
    // given the ids, it fetches those 500 rows by primary key.
    await sql`
      WITH v(id, n, first_ts, last_ts) AS (VALUES ${values})
      UPDATE persons SET
        event_count = persons.event_count + v.n,
        first_seen = CASE WHEN persons.first_seen IS NULL OR v.first_ts < persons.first_seen THEN v.first_ts ELSE persons.first_seen END,
        last_seen = CASE WHEN persons.last_seen IS NULL OR v.last_ts > persons.last_seen THEN v.last_ts ELSE persons.last_seen END
      FROM v WHERE persons.id = v.id AND persons.id IN (${sql.join(part.map(([id]) => id))})`.execute(tx);
  }
}
