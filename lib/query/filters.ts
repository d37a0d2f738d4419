// Filters of API.md 3.1 compiled to SQL conditions, the same way for every
// report. Comparisons are typed: gt and friends hold only for JSON numbers,
// and a number sent as a string stays a string.
import { sql, type RawBuilder } from "kysely";
import { builtinFor } from "./builtinProperties";
import { isCohortFilter, type CohortFilter, type Filter, type WhereFilter } from "./model";
import type { Condition, Json, QueryDialect } from "./sqlDialect";

export interface PropertySources {
  /** The event's properties column. */
  event: Json;
  /** The person's properties column (the report must join persons for it). */
  user: Json;
  /**
   * The alias of the events row the statement reads ("e"), whose lifted
   * columns built-in properties ($country...) read; null where no event row
   * is read (the users list), and event-scope names read `event` alone.
   */
  eventRow: string | null;
  /** The row's person, for cohort filters: e.person_id of an event, p.id of a person. */
  person: { id: RawBuilder<unknown> };
}

type Scalar = string | number | boolean;
type Comparison = "gt" | "gte" | "lt" | "lte";

/** One property of a statement's rows in SQL, wherever it is kept: a key of a JSON column, or a built-in's column. */
export interface PropertyValue {
  /** The value as JSON text ('"US"', '1', 'true'); NULL when missing. Breakdown keys. */
  json: RawBuilder<string | null>;
  /** The value when it is a number, else NULL: property maths. */
  number: RawBuilder<number | null>;
  /** Set, and not JSON null. */
  isSet: Condition;
  /** Typed equality with a scalar (may be NULL when missing). */
  equals(value: Scalar): Condition;
  /** Case-insensitive substring test on a string value (may be NULL when missing). */
  contains(needle: string): Condition;
  /** A numeric comparison with a number (may be NULL when missing). */
  compare(op: Comparison, value: number): Condition;
}

const OPERATORS: Record<Comparison, string> = { gt: ">", gte: ">=", lt: "<", lte: "<=" };

function jsonProperty(d: QueryDialect, column: Json, name: string): PropertyValue {
  return {
    json: d.jsonOf(column, name),
    number: d.numberOf(column, name),
    isSet: sql`(coalesce(${d.typeOf(column, name)}, 'null') <> 'null')`,
    equals: (value) => d.equals(column, name, value),
    contains: (needle) => d.containsText(column, name, needle),
    compare: (op, value) => sql`(${d.numberOf(column, name)} ${sql.raw(OPERATORS[op])} ${value})`,
  };
}

/**
 * A built-in's column: always text (or NULL), so it equals only strings and
 * no numeric comparison holds, as for a JSON string. The column name comes
 * from the registry (builtinProperties.ts), the alias from the report's code.
 */
function columnProperty(d: QueryDialect, row: string, column: string): PropertyValue {
  const ref = sql.ref<string | null>(`${row}.${column}`);
  return {
    json: d.columnJson(ref),
    // Typed: the CAST keeps sum() and percentile_cont() of it well-typed on PostgreSQL.
    number: sql<number | null>`CAST(NULL AS DOUBLE PRECISION)`,
    isSet: sql`(${ref} IS NOT NULL)`,
    equals: (value) => (typeof value === "string" ? sql`(${ref} = ${value})` : sql`(1 = 0)`),
    contains: (needle) => d.columnContains(ref, needle),
    compare: () => sql`(1 = 0)`,
  };
}

/** The property `name` of `scope` in a statement reading `sources`: a built-in's column, or a key of JSON properties. */
export function propertyValue(d: QueryDialect, sources: PropertySources, scope: "event" | "user", name: string): PropertyValue {
  const builtin = builtinFor(scope, name);
  if (builtin && sources.eventRow !== null) return columnProperty(d, sources.eventRow, builtin.column);
  return jsonProperty(d, scope === "user" ? sources.user : sources.event, name);
}

function equalsAny(d: QueryDialect, value: PropertyValue, values: Scalar[]): Condition {
  if (!values.length) return sql`(1 = 0)`;
  return sql`(${sql.join(values.map((v) => value.equals(v)), sql` OR `)})`;
}

export function compileFilter(d: QueryDialect, filter: Filter, sources: PropertySources): Condition {
  const property = propertyValue(d, sources, filter.scope, filter.property);
  const value = filter.value;
  switch (filter.op) {
    case "eq":
      return d.isTrue(property.equals(value as Scalar));
    case "neq":
      return sql`NOT ${d.isTrue(property.equals(value as Scalar))}`;
    case "in":
      return d.isTrue(equalsAny(d, property, value as Scalar[]));
    case "contains":
      return d.isTrue(property.contains(value as string));
    case "not_contains":
      return sql`NOT ${d.isTrue(property.contains(value as string))}`;
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return d.isTrue(property.compare(filter.op, value as number));
    case "is_set":
      return property.isSet;
    case "is_not_set":
      return sql`NOT ${property.isSet}`;
  }
}

/**
 * The row's person is (negate: is not) a member of the cohort, as of its last
 * computation: the rows of cohort_members. An uncorrelated IN: the database
 * reads the cohort's members once (SQLite into a temporary index, PostgreSQL a
 * hashed subplan) instead of looking each event's person up in the table.
 * Person ids are unique across projects, so a cohort of another project
 * matches no one here (report.ts refuses those first); both columns are NOT
 * NULL, so NOT IN means "not a member".
 */
export function compileCohortFilter(filter: CohortFilter, sources: PropertySources): Condition {
  const member = sql`${sources.person.id} IN (SELECT m.person_id FROM cohort_members m WHERE m.cohort_id = ${filter.cohort})`;
  return filter.negate ? sql`(NOT ${member})` : sql`(${member})`;
}

/** All filters must hold; an empty list is "true". */
export function compileWhere(d: QueryDialect, filters: WhereFilter[], sources: PropertySources): Condition {
  if (!filters.length) return sql`(1 = 1)`;
  return sql`(${sql.join(
    filters.map((f) => (isCohortFilter(f) ? compileCohortFilter(f, sources) : compileFilter(d, f, sources))),
    sql` AND `,
  )})`;
}

/** True when the filters or the breakdown read the person's properties (the statement must join persons). */
export function needsPersons(filters: WhereFilter[], breakdownScope?: "event" | "user"): boolean {
  return breakdownScope === "user" || filters.some((f) => !isCohortFilter(f) && f.scope === "user");
}

/** Sources of a statement reading the events row `e` (its person's row as `p`, when joined). */
export const EVENT_ROW_SOURCES: PropertySources = {
  event: sql.ref("e.properties"),
  user: sql.ref("p.properties"),
  eventRow: "e",
  person: { id: sql.ref("e.person_id") },
};

/** Sources of a statement reading the persons row `p` alone (the users list, cohort conditions). */
export const PERSON_ROW_SOURCES: PropertySources = {
  event: sql.ref("p.properties"),
  user: sql.ref("p.properties"),
  eventRow: null,
  person: { id: sql.ref("p.id") },
};
