// The two ways into the database, created once per process:
// - Prisma Client for metadata (users, projects, keys), as the product card says;
// - Kysely over the same driver for the hot tables (events, persons, catalog),
//   where group commits and report SQL need plain, bound-parameter SQL.
// On SQLite each is its own better-sqlite3 connection to the same WAL file; on
// PostgreSQL they share one pg Pool.
import Database from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqlitePrismaClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresPrismaClient } from "./generated/postgres/client";
import { config, ensureDataDirs, type AppConfig } from "../config";
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

const BUSY_TIMEOUT_MS = 10_000;

// Postgres BIGINT (int8) columns hold ms timestamps and ids, all far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

export function openSqlite(file: string): Database.Database {
  const sqlite = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  // WAL: readers never block the writer. synchronous=NORMAL in WAL keeps every
  // committed transaction across a process crash (only an OS crash or power
  // loss can take the last commits), which is what "acknowledged" promises here.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  // Case folding as JavaScript does it (SQLite's lower() folds ASCII only), for
  // the reports' "contains" filters.
  sqlite.function("ct_lower", { deterministic: true }, (value: unknown) => (typeof value === "string" ? value.toLowerCase() : value));
  // 64 MB of page cache instead of 2 MB: an event insert touches a leaf in each
  // of the events table's five B-trees, and with 2 MB they were evicted and
  // re-read on every group (bench/RESULTS.md).
  sqlite.pragma("cache_size = -65536");
  // Checkpoint every ~40 MB of WAL instead of every 4 MB: a checkpoint copies a
  // page once however often it changed, and the hot pages change in every group.
  sqlite.pragma("wal_autocheckpoint = 10000");
  return sqlite;
}

/**
 * Kysely prepares every query it runs, and better-sqlite3 compiles on every
 * prepare(): 7% of the writer's time (bench/RESULTS.md). Statements are cached
 * by SQL text; the hot paths build the same few hundred texts again and again.
 * iterate() gets a fresh statement, since a cached one may be iterating already.
 */
function withStatementCache(sqlite: Database.Database, max = 500): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const cached = (source: string): Database.Statement => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source); // most recently used goes last
    } else {
      statement = sqlite.prepare(source);
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, key, receiver) {
      if (key === "prepare") {
        return (source: string) => {
          const statement = cached(source);
          return {
            reader: statement.reader,
            all: (...args: unknown[]) => statement.all(...args),
            get: (...args: unknown[]) => statement.get(...args),
            run: (...args: unknown[]) => statement.run(...args),
            iterate: (...args: unknown[]) => target.prepare(source).iterate(...args),
          };
        };
      }
      const value = Reflect.get(target, key, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export function createConnections(cfg: AppConfig = config()): Connections {
  if (cfg.databaseKind === "sqlite") {
    ensureDataDirs(cfg);
    const file = cfg.sqlitePath!;
    const sqlite = openSqlite(file);
    const db = new Kysely<HotTables>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    const prisma = new SqlitePrismaClient({
      adapter: new PrismaBetterSQLite3({ url: `file:${file}`, timeout: BUSY_TIMEOUT_MS }),
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
  const pool = new pg.Pool({ connectionString: cfg.databaseUrl, max: 10, allowExitOnIdle: true });
  const db = new Kysely<HotTables>({ dialect: new PostgresDialect({ pool }) });
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
