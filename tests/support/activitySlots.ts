// activity_slots must always equal the (project, event, slot, person) set of
// the stored events (its migration's triggers keep it so). Checked straight on
// the server's database after ingestion, merges, erasure, purges and project
// deletion: a report reading a stale slot row would count a person twice or miss one.
import Database from "better-sqlite3";
import pg from "pg";
import type { TestDatabase } from "./server";

const FROM_EVENTS = `SELECT DISTINCT project_id, event, ts - ((ts % 900000) + 900000) % 900000, person_id FROM events`;
const FROM_SLOTS = `SELECT project_id, event, slot, person_id FROM activity_slots`;
const MISSING = `SELECT count(*) AS n FROM (${FROM_EVENTS} EXCEPT ${FROM_SLOTS}) x`;
const EXTRA = `SELECT count(*) AS n FROM (${FROM_SLOTS} EXCEPT ${FROM_EVENTS}) x`;
const ROWS = `SELECT count(*) AS n FROM activity_slots`;

/** Runs statements on a test database: `?` placeholders on both kinds. */
export interface SqlSession {
  /** Resolves to how many rows the statement changed. */
  run(query: string, params?: unknown[]): Promise<number>;
  rows<T>(query: string, params?: unknown[]): Promise<T[]>;
}

export async function withSql<T>(db: TestDatabase, use: (session: SqlSession) => Promise<T>): Promise<T> {
  if (db.kind === "sqlite") {
    const sqlite = new Database(db.databaseUrl.slice("file:".length), { timeout: 10_000 });
    sqlite.defaultSafeIntegers(false);
    try {
      return await use({
        run: async (query, params = []) => sqlite.prepare(query).run(...params).changes,
        rows: async <R>(query: string, params: unknown[] = []) => sqlite.prepare(query).all(...params) as R[],
      });
    } finally {
      sqlite.close();
    }
  }
  const client = new pg.Client({ connectionString: db.databaseUrl });
  await client.connect();
  const numbered = (query: string) => {
    let n = 0;
    return query.replace(/\?/g, () => `$${++n}`);
  };
  try {
    return await use({
      run: async (query, params = []) => (await client.query(numbered(query), params)).rowCount ?? 0,
      rows: async <R>(query: string, params: unknown[] = []) => (await client.query(numbered(query), params)).rows as R[],
    });
  } finally {
    await client.end();
  }
}

export interface SlotCheck {
  /** (project, event, slot, person) of some event with no slot row. */
  missing: number;
  /** Slot rows with no event left. */
  extra: number;
  rows: number;
}

export async function checkActivitySlots(db: TestDatabase): Promise<SlotCheck> {
  return withSql(db, async (session) => {
    const count = async (query: string) => Number((await session.rows<{ n: number | string }>(query))[0].n);
    return { missing: await count(MISSING), extra: await count(EXTRA), rows: await count(ROWS) };
  });
}
