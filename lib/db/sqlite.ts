// One SQLite connection to the hot tables, set up the way Crumbtrail needs it.
// Kept apart from connections.ts so the writer thread (lib/store/writerThread)
// can open its own connection without loading Prisma Client.
import fs from "node:fs";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { HotTables } from "./tables";
import { foldForSearch } from "../text/fold";

export const BUSY_TIMEOUT_MS = 10_000;

/**
 * Page cache of a connection, in MB, unless its opener asks for another size.
 * The server's own connection mostly reads (ingestion writes through the writer
 * thread's connection), and reports read far more than any cache holds, from
 * the operating system's file cache: 16 MB answered the 1M-event reports as
 * fast as 64 MB did, for 48 MB less memory (bench/RESULTS.md).
 */
export const DEFAULT_CACHE_MB = 16;

/**
 * Page cache for a connection that writes events in bulk (import, seed:demo):
 * each event touches a leaf in every B-tree of the events table, and with a
 * small cache those leaves were evicted and read again on every group.
 */
export const BULK_WRITE_CACHE_MB = 64;

/** Gives `sqlite` a page cache of `cacheMb`. */
export function setCacheSize(sqlite: Database.Database, cacheMb: number): void {
  sqlite.pragma(`cache_size = -${Math.round(cacheMb * 1024)}`);
}

/** Owner read and write only: the database holds every event, account and password hash. */
export const SQLITE_FILE_MODE = 0o600;

/** The files SQLite keeps for a database in WAL mode. */
export function sqliteFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
}

/**
 * Makes the database file (created here when missing) and its companions
 * readable by their owner only, like the auth secret (lib/auth/secret.ts).
 * SQLite creates -wal and -shm with the main file's permissions, so a main file
 * made 0600 before SQLite first opens it keeps them all private; files an older
 * version left 0644 are tightened. Not for ":memory:" or URI file names.
 */
export function keepSqliteFilesPrivate(file: string): void {
  if (file === ":memory:" || file === "" || file.startsWith("file:")) return;
  try {
    fs.closeSync(fs.openSync(file, "a", SQLITE_FILE_MODE));
  } catch {
    return; // the folder is missing or not writable: better-sqlite3 says so itself
  }
  for (const one of sqliteFiles(file)) {
    try {
      if ((fs.statSync(one).mode & 0o777) !== SQLITE_FILE_MODE) fs.chmodSync(one, SQLITE_FILE_MODE);
    } catch {
      // not there (no WAL yet), or not ours to change: nothing to tighten
    }
  }
}

export function openSqlite(file: string, busyTimeoutMs = BUSY_TIMEOUT_MS, cacheMb = DEFAULT_CACHE_MB): Database.Database {
  keepSqliteFilesPrivate(file);
  const sqlite = new Database(file, { timeout: busyTimeoutMs });
  // WAL: readers never block the writer. synchronous=NORMAL in WAL keeps every
  // committed transaction across a process crash (only an OS crash or power
  // loss can take the last commits), which is what "acknowledged" promises here.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  // Case folding as JavaScript does it (SQLite's lower() folds ASCII only), for
  // the reports' "contains" filters.
  sqlite.function("ct_lower", { deterministic: true }, (value: unknown) => (typeof value === "string" ? value.toLowerCase() : value));
  // Lower case without accents, for the users search (lib/text/fold.ts).
  sqlite.function("ct_fold", { deterministic: true }, (value: unknown) => (typeof value === "string" ? foldForSearch(value) : value));
  // More page cache than SQLite's 2 MB (see DEFAULT_CACHE_MB and BULK_WRITE_CACHE_MB).
  setCacheSize(sqlite, cacheMb);
  // Checkpoint every ~40 MB of WAL instead of every 4 MB: a checkpoint copies a
  // page once however often it changed, and the hot pages change in every group.
  sqlite.pragma("wal_autocheckpoint = 10000");
  return sqlite;
}

/**
 * Kysely's SQLite driver begins transactions with a deferred `begin`. Every
 * transaction on the hot tables writes, and the writer thread, the dashboard's
 * connection and Prisma's are separate connections: a deferred transaction
 * that has read and then wants to write fails at once with SQLITE_BUSY when
 * another connection committed in between, instead of waiting its turn.
 * `begin immediate` takes the write lock up front and waits for it (busy timeout).
 */
function statementSource(source: string): string {
  return source === "begin" ? "begin immediate" : source;
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
        return (text: string) => {
          const source = statementSource(text);
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

/** The raw connection and Kysely over it (the raw one for the writer's prepared statements). */
export function openSqliteHotTables(file: string, busyTimeoutMs?: number, cacheMb?: number): { db: Kysely<HotTables>; sqlite: Database.Database } {
  const sqlite = openSqlite(file, busyTimeoutMs, cacheMb);
  const db = new Kysely<HotTables>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, sqlite };
}
