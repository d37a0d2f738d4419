// Statements straight on a test server's database, for what no API shows
// (settings the UI stores, the audit log, tables' invariants).
import Database from "better-sqlite3";
import pg from "pg";
import type { TestDatabase } from "./server";

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
