// Whether ClickHouse holds every stored event of a project, so that its reports
// may be read there (lib/query/clickhouse): the project's `clickhouseHoldsAll`.
//
// Set when a project is created with CLICKHOUSE_URL (it has no events yet, and
// the server's outbox copies each one), and by a backfill that ends with
// ClickHouse holding as many of the project's events as the Prisma database.
// Cleared by whatever makes the two differ: events stored without the outbox (a
// server or import run without CLICKHOUSE_URL), or deleted in the Prisma
// database while ClickHouse's half of the deletion did not finish (an erase or a
// purge without CLICKHOUSE_URL, failed, or still pending). Until a backfill sets
// it again, reports read the Prisma database, which stays exact.
import { sql, type Kysely, type Transaction } from "kysely";
import type { HotTables } from "../../db/tables";

type Db = Kysely<HotTables> | Transaction<HotTables>;

/** True when the project's reports may read ClickHouse. */
export async function clickHouseHoldsAll(db: Db, projectId: string): Promise<boolean> {
  const row = await sql<{ holds: number | boolean }>`SELECT "clickhouseHoldsAll" AS holds FROM "Project" WHERE "id" = ${projectId}`.execute(db);
  return Boolean(row.rows[0]?.holds);
}

/** ClickHouse may now lack events of the project, or hold events it no longer has. */
export async function markClickHouseIncomplete(db: Db, projectId: string): Promise<void> {
  // (1 = 0) is false on both databases: SQLite keeps booleans as integers, PostgreSQL as booleans.
  await sql`UPDATE "Project" SET "clickhouseHoldsAll" = (1 = 0) WHERE "id" = ${projectId} AND "clickhouseHoldsAll"`.execute(db);
}

/** ClickHouse holds every stored event of the project (a complete backfill said so). */
export async function markClickHouseComplete(db: Db, projectId: string): Promise<void> {
  await sql`UPDATE "Project" SET "clickhouseHoldsAll" = (1 = 1) WHERE "id" = ${projectId}`.execute(db);
}

/** True when the project still has groups waiting in the outbox: ClickHouse is behind the Prisma database. */
export async function outboxHasRowsOf(db: Db, projectId: string): Promise<boolean> {
  const row = await db.selectFrom("clickhouse_outbox").select("id").where("project_id", "=", projectId).limit(1).executeTakeFirst();
  return row !== undefined;
}
