// Side effects of ingestion besides the events themselves: the bot counter,
// each person's event count and first/last seen, and the groups table (traits
// of `group` messages, merged like person properties).
import { sql, type Transaction } from "kysely";
import type { HotTables } from "../db/tables";
import type { NormalizedMessage } from "../ingest/normalize";
import type { Dialect } from "./dialect";
import { jsonColumn } from "../query/json";

export async function addBotCount(tx: Transaction<HotTables>, projectId: string, count: number): Promise<void> {
  await sql`UPDATE "Project" SET "botEventCount" = "botEventCount" + ${count} WHERE "id" = ${projectId}`.execute(tx);
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

export async function updatePersonActivity(
  tx: Transaction<HotTables>,
  dialect: Dialect,
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
  for (const [personId, a] of activity) {
    await tx
      .updateTable("persons")
      .set({
        event_count: sql<number>`event_count + ${a.count}`,
        first_seen: sql<number>`coalesce(${dialect.least(sql.ref("first_seen"), sql<number>`${a.first}`)}, ${a.first})`,
        last_seen: sql<number>`coalesce(${dialect.greatest(sql.ref("last_seen"), sql<number>`${a.last}`)}, ${a.last})`,
      })
      .where("id", "=", personId)
      .execute();
  }
}
