// Per-project side effects of ingestion besides events: the bot counter and
// the groups table (traits of `group` messages, merged like person properties).
import { sql, type Transaction } from "kysely";
import type { HotTables } from "../db/tables";
import type { NormalizedMessage } from "../ingest/normalize";
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
