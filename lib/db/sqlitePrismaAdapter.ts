// Prisma's SQLite adapter, with transactions that wait their turn to write.
//
// @prisma/adapter-better-sqlite3 (6.19) begins each interactive transaction
// with a deferred BEGIN. In WAL mode a deferred transaction that has read and
// then writes fails at once with SQLITE_BUSY ("database is locked") when
// another connection committed in between: the busy timeout does not cover
// that upgrade. The server writes from its writer and shipper threads, so a
// command's `project:create` (read the owner, then insert) failed that way now
// and then. BEGIN IMMEDIATE takes the write lock first and waits for it within
// the busy timeout, as lib/db/sqlite.ts does for Kysely's transactions.
import type Database from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;

export class ImmediateSqliteAdapter extends PrismaBetterSQLite3 {
  constructor(file: string, busyTimeoutMs: number) {
    super({ url: `file:${file}`, timeout: busyTimeoutMs });
  }

  override async connect(): Promise<Adapter> {
    return beginImmediately(await super.connect());
  }

  override async connectToShadowDb(): Promise<Adapter> {
    return beginImmediately(await super.connectToShadowDb());
  }
}

/**
 * The adapter keeps its better-sqlite3 connection as `client` and begins with
 * `client.prepare("BEGIN")`: that one statement becomes BEGIN IMMEDIATE. An
 * adapter without that shape (another Prisma release) stops the start with a
 * message, rather than quietly bringing the failures back.
 */
function beginImmediately(adapter: Adapter): Adapter {
  const client = (adapter as unknown as { client?: Database.Database }).client;
  if (!client || typeof client.prepare !== "function") {
    throw new Error("@prisma/adapter-better-sqlite3 no longer exposes its connection as `client`: check lib/db/sqlitePrismaAdapter.ts against this release");
  }
  const prepare = client.prepare.bind(client);
  client.prepare = ((source: string) => prepare(source === "BEGIN" ? "BEGIN IMMEDIATE" : source)) as Database.Database["prepare"];
  return adapter;
}
