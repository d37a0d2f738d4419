// Applies the committed migrations in prisma/<sqlite|postgres>/migrations that
// the database has not seen yet, each in its own transaction, and records them
// in Prisma's own `_prisma_migrations` table (same columns, same checksum), so
// `prisma migrate status` agrees with us.
//
// Why not `prisma migrate deploy` at start: it boots Prisma's wasm schema engine
// (seconds, and a CLI process that lingers), and through the pg driver adapter it
// cannot read Postgres catalog columns. The migrations themselves are still
// authored by Prisma (`npm run db:migration`).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import type { AppConfig } from "../config";
import { ensureDataDirs } from "../config";
import { openSqlite } from "./sqlite";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  total: number;
}

/** Prisma's own lock id for migrations, so we never race `prisma migrate`. */
const ADVISORY_LOCK_ID = 72707369;

export function migrationsDir(kind: AppConfig["databaseKind"]): string {
  return path.join(process.cwd(), "prisma", kind, "migrations");
}

export function readMigrations(kind: AppConfig["databaseKind"]): Migration[] {
  const dir = migrationsDir(kind);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

function pending(all: Migration[], applied: Map<string, string>): Migration[] {
  for (const migration of all) {
    const checksum = applied.get(migration.name);
    if (checksum && checksum !== migration.checksum) {
      throw new Error(`migration ${migration.name} was changed after it was applied to this database`);
    }
  }
  return all.filter((m) => !applied.has(m.name));
}

const SQLITE_LEDGER = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const POSTGRES_LEDGER = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

function migrateSqlite(file: string, all: Migration[], onApply: (name: string) => void): string[] {
  const db = openSqlite(file);
  // Prisma rebuilds SQLite tables (create new, copy, drop old, rename). With
  // foreign keys on, dropping the old table would cascade-delete the rows that
  // point at it, and PRAGMA foreign_keys cannot change inside a transaction: so
  // keys are off for the whole run and checked before each commit instead.
  db.pragma("foreign_keys = OFF");
  try {
    db.exec(SQLITE_LEDGER);
    const done: string[] = [];
    // IMMEDIATE takes the write lock first, so two processes starting together
    // apply each migration once.
    const applyAll = db.transaction(() => {
      const rows = db
        .prepare(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`)
        .all() as { migration_name: string; checksum: string }[];
      for (const migration of pending(all, new Map(rows.map((r) => [r.migration_name, r.checksum])))) {
        onApply(migration.name);
        db.exec(migration.sql);
        const broken = db.pragma("foreign_key_check") as unknown[];
        if (broken.length) throw new Error(`migration ${migration.name} leaves ${broken.length} broken foreign key(s)`);
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES (?, ?, current_timestamp, ?, 1)`,
        ).run(crypto.randomUUID(), migration.checksum, migration.name);
        done.push(migration.name);
      }
    });
    applyAll.immediate();
    return done;
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, all: Migration[], onApply: (name: string) => void): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_ID]);
    await client.query(POSTGRES_LEDGER);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`,
    );
    const done: string[] = [];
    for (const migration of pending(all, new Map(rows.map((r) => [r.migration_name, r.checksum])))) {
      onApply(migration.name);
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
          [crypto.randomUUID(), migration.checksum, migration.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`);
      }
      done.push(migration.name);
    }
    return done;
  } finally {
    await client.end();
  }
}

/**
 * Brings the configured database up to date; safe to run from several
 * processes at once. `onApply` hears each migration's name as it starts: some
 * rebuild an index of every event, a minute or more on a big database.
 */
export async function migrate(cfg: AppConfig, onApply: (name: string) => void = () => {}): Promise<MigrateResult> {
  const all = readMigrations(cfg.databaseKind);
  if (cfg.databaseKind === "sqlite") {
    ensureDataDirs(cfg);
    return { applied: migrateSqlite(cfg.sqlitePath!, all, onApply), total: all.length };
  }
  return { applied: await migratePostgres(cfg.databaseUrl, all, onApply), total: all.length };
}
