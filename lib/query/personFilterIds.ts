// A report's person filters (a user property, a cohort) as the distinct ids of
// the persons they hold for, read from the Prisma database, where persons,
// their properties and cohort memberships live. ClickHouse then tests each
// event's distinct id (lib/query/clickhouse/expressions.ts): an event's person
// is its distinct id's current person on every store, so "the event's person
// matches" and "the event's distinct id is one of the matching persons' ids"
// are the same test. The conditions are the SQL reports' own (filters.ts) on
// the persons rows.
import { sql, type Kysely } from "kysely";
import type { HotTables } from "../db/tables";
import { compileWhere, PERSON_ROW_SOURCES } from "./filters";
import { isCohortFilter, type WhereFilter } from "./model";
import type { QueryDialect } from "./sqlDialect";

/** Where the persons are read: the report's database (a ReportContext fits). */
interface PersonsDatabase {
  projectId: string;
  db: Kysely<HotTables>;
  dialect: QueryDialect;
}

/**
 * Most distinct ids a report carries to ClickHouse, over all its person
 * filters. Each goes into every statement's text (~40 bytes, and an entry of
 * an IN set): 20,000 keep a statement under a megabyte. Past it the report is
 * answered by the database.
 */
export const MOST_PERSON_FILTER_IDS = 20_000;

/** The distinct ids each person filter holds for, by personFilterKey. */
export type PersonFilterIds = ReadonlyMap<string, readonly string[]>;

/** True for a filter on the event's person (a user property or a cohort) rather than the event. */
export function readsPerson(filter: WhereFilter): boolean {
  return isCohortFilter(filter) || filter.scope !== "event";
}

/** How a person filter is looked up in PersonFilterIds: equal filters share an entry. */
export function personFilterKey(filter: WhereFilter): string {
  return JSON.stringify(filter);
}

/**
 * The filter a negation is the complement of (a negated cohort, neq,
 * not_contains, is_not_set), null for any other. The SQL reports compile each
 * negation as NOT of that filter's condition, which is never NULL (filters.ts),
 * so "the person is not among those the positive filter picks" is the same
 * test, a person without a row included. ClickHouse reads the positive's ids
 * (usually far fewer: `plan neq free` picks the few on a paid plan) and tests
 * NOT IN; a cohort breakdown's "$none" slice reuses its cohorts' members.
 */
export function negationOf(filter: WhereFilter): WhereFilter | null {
  if (isCohortFilter(filter)) return filter.negate ? { ...filter, negate: false } : null;
  if (filter.scope === "event") return null;
  const positive = { neq: "eq", not_contains: "contains", is_not_set: "is_set" } as const;
  const op = positive[filter.op as keyof typeof positive];
  return op ? { ...filter, op } : null;
}

/**
 * The distinct ids of every person filter in `filterLists` (of a negation's
 * positive: see negationOf), or null when they come to more than `most` in all
 * (the report is then the database's).
 */
export async function personFilterIds(ctx: PersonsDatabase, filterLists: readonly WhereFilter[][], most = MOST_PERSON_FILTER_IDS): Promise<PersonFilterIds | null> {
  const filters = new Map<string, WhereFilter>();
  for (const list of filterLists) {
    for (const filter of list) {
      if (!readsPerson(filter)) continue;
      const read = negationOf(filter) ?? filter;
      filters.set(personFilterKey(read), read);
    }
  }
  const ids = new Map<string, string[]>();
  let total = 0;
  for (const [key, filter] of filters) {
    const found = await sql<{ distinct_id: string }>`
      SELECT d.distinct_id AS distinct_id
      FROM person_distinct_ids d JOIN persons p ON p.id = d.person_id
      WHERE d.project_id = ${ctx.projectId} AND p.project_id = ${ctx.projectId}
        AND ${compileWhere(ctx.dialect, [filter], PERSON_ROW_SOURCES)}
      LIMIT ${most - total + 1}`.execute(ctx.db);
    total += found.rows.length;
    if (total > most) return null;
    ids.set(key, found.rows.map((row) => row.distinct_id));
  }
  return ids;
}
