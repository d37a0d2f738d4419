// Finding a project's rows by a list of unique keys (message ids, distinct
// ids), the lookup every ingested group starts with.
import { sql, type Kysely } from "kysely";
import type { DatabaseKind } from "../config";
import type { HotTables } from "../db/tables";
import { chunks } from "./chunks";

/** Keys a statement on SQLite: below its limit of bound values. */
const KEYS_PER_STATEMENT = 500;

/** The tables looked up by key, each with the column of its (project_id, key) unique index. */
const KEYED = {
  events: "message_id",
  person_distinct_ids: "distinct_id",
} as const;

type KeyedTable = keyof typeof KEYED;

/**
 * The rows of `table` in `projectId` whose key is one of `keys`, with the
 * `columns` asked for (the key among them if wanted).
 *
 * PostgreSQL probes the (project_id, key) unique index once per key, whatever
 * its statistics say: with `key IN (...)`, a project that grew since the last
 * ANALYZE (a new project's first import) looks small to the planner, which
 * then reads all of the project's rows for every group: 133 ms instead of
 * 1.7 ms for 500 keys over 100k events, worse as the project grows.
 */
export async function rowsByKeys<T extends KeyedTable, C extends keyof HotTables[T] & string>(
  tx: Kysely<HotTables>,
  kind: DatabaseKind,
  table: T,
  projectId: string,
  keys: string[],
  columns: readonly C[],
): Promise<Pick<HotTables[T], C>[]> {
  const unique = [...new Set(keys)];
  if (!unique.length) return [];
  const keyColumn = KEYED[table];
  const selected = sql.join(columns.map((column) => sql.ref(column)));
  if (kind === "postgres") {
    const found = await sql<Pick<HotTables[T], C>>`
      SELECT t.*
      FROM unnest(${unique}::text[]) AS k (key)
      CROSS JOIN LATERAL (SELECT ${selected} FROM ${sql.table(table)} WHERE project_id = ${projectId} AND ${sql.ref(keyColumn)} = k.key LIMIT 1) AS t`.execute(tx);
    return found.rows;
  }
  const rows: Pick<HotTables[T], C>[] = [];
  for (const part of chunks(unique, KEYS_PER_STATEMENT)) {
    const found = await sql<Pick<HotTables[T], C>>`
      SELECT ${selected} FROM ${sql.table(table)}
      WHERE project_id = ${projectId} AND ${sql.ref(keyColumn)} IN (${sql.join(part)})`.execute(tx);
    rows.push(...found.rows);
  }
  return rows;
}
