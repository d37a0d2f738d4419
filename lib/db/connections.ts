// The two ways into the database, created once per process:
// - Prisma Client for metadata (users, projects, keys), as the product card says;
// - Kysely over the same driver for the hot tables (events, persons, catalog),
//   where group commits and report SQL need plain, bound-parameter SQL.
// On SQLite each is its own better-sqlite3 connection to the same WAL file; on
// PostgreSQL they share one pg Pool.
import type Database from "better-sqlite3";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqlitePrismaClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresPrismaClient } from "./generated/postgres/client";
import { config, ensureDataDirs, type AppConfig } from "../config";
import { RowStream } from "./rowStream";
import { BUSY_TIMEOUT_MS, openSqliteHotTables } from "./sqlite";
import { ImmediateSqliteAdapter } from "./sqlitePrismaAdapter";
import type { HotTables } from "./tables";

/** Both generated clients have the same models; code is typed against one of them. */
export type Prisma = SqlitePrismaClient;

/** The client inside `prisma.$transaction(async (tx) => ...)`. */
export type Transaction = Omit<Prisma, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export interface Connections {
  kind: AppConfig["databaseKind"];
  prisma: Prisma;
  db: Kysely<HotTables>;
  /**
   * The connection under `db` on SQLite, for the writer's prepared statements.
   * Use it only inside a `db` transaction, which holds the connection.
   */
  sqlite: Database.Database | null;
  close(): Promise<void>;
}

// Postgres BIGINT (int8) columns hold ms timestamps and ids, all far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

export function createConnections(cfg: AppConfig = config()): Connections {
  if (cfg.databaseKind === "sqlite") {
    ensureDataDirs(cfg);
    const file = cfg.sqlitePath!;
    const { db, sqlite } = openSqliteHotTables(file);
    const prisma = new SqlitePrismaClient({
      adapter: new ImmediateSqliteAdapter(file, BUSY_TIMEOUT_MS),
    });
    return {
      kind: "sqlite",
      prisma,
      db,
      sqlite,
      async close() {
        await prisma.$disconnect();
        await db.destroy();
      },
    };
  }
  const pool = new pg.Pool({ connectionString: cfg.databaseUrl, max: 10, allowExitOnIdle: true, options: sessionOptions() });
  const db = new Kysely<HotTables>({ dialect: new PostgresDialect({ pool, cursor: RowStream }) });
  const prisma = new PostgresPrismaClient({ adapter: new PrismaPg(pool) }) as unknown as Prisma;
  return {
    kind: "postgres",
    prisma,
    db,
    sqlite: null,
    async close() {
      await prisma.$disconnect();
      await db.destroy(); // ends the shared pool
    },
  };
}

/**
 * Settings for every PostgreSQL session of the pool. PGOPTIONS of the
 * environment comes after them, so it can set them back (`-c jit=on`); an
 * `options` parameter in DATABASE_URL replaces them all.
 *
 * jit=off: reports are index range scans of a few hundred thousand rows, for
 * which PostgreSQL's JIT (on by default since 12) compiles for 5 to 60 ms and
 * saves less: a breakdown 308 -> 257 ms, top events 126 -> 109 ms at 1M events
 * (bench/postgres-notes.md). work_mem and parallel workers stay at the server's defaults:
 * measured, neither helped every report, and 32MB made the 3-step funnel's
 * planner trade a merge join for a sort (200 -> 317 ms).
 */
function sessionOptions(): string {
  return ["-c jit=off", process.env.PGOPTIONS].filter(Boolean).join(" ");
}

// One set per process. Kept on globalThis so `next dev` module reloads reuse it.
const holder = globalThis as unknown as { __crumbtrailConnections?: Connections };

export function connections(): Connections {
  holder.__crumbtrailConnections ??= createConnections();
  return holder.__crumbtrailConnections;
}

export async function closeConnections(): Promise<void> {
  const open = holder.__crumbtrailConnections;
  holder.__crumbtrailConnections = undefined;
  await open?.close();
}
