// Filters of API.md 3.1 compiled to SQL conditions, the same way for every
// report. Comparisons are typed: gt and friends hold only for JSON numbers,
// and a number sent as a string stays a string.
import { sql } from "kysely";
import type { Filter } from "./model";
import type { Condition, Json, QueryDialect } from "./sqlDialect";

export interface PropertySources {
  /** The event's properties column. */
  event: Json;
  /** The person's properties column (the report must join persons for it). */
  user: Json;
}

type Scalar = string | number | boolean;

function equalsAny(d: QueryDialect, column: Json, name: string, values: Scalar[]): Condition {
  if (!values.length) return sql`(1 = 0)`;
  return sql`(${sql.join(values.map((v) => d.equals(column, name, v)), sql` OR `)})`;
}

function compare(d: QueryDialect, column: Json, name: string, op: "gt" | "gte" | "lt" | "lte", value: number): Condition {
  const number = d.numberOf(column, name);
  const operator = { gt: ">", gte: ">=", lt: "<", lte: "<=" }[op];
  return sql`(${number} ${sql.raw(operator)} ${value})`;
}

export function compileFilter(d: QueryDialect, filter: Filter, sources: PropertySources): Condition {
  const column = filter.scope === "user" ? sources.user : sources.event;
  const name = filter.property;
  const value = filter.value;
  switch (filter.op) {
    case "eq":
      return d.isTrue(d.equals(column, name, value as Scalar));
    case "neq":
      return sql`NOT ${d.isTrue(d.equals(column, name, value as Scalar))}`;
    case "in":
      return d.isTrue(equalsAny(d, column, name, value as Scalar[]));
    case "contains":
      return d.isTrue(d.containsText(column, name, value as string));
    case "not_contains":
      return sql`NOT ${d.isTrue(d.containsText(column, name, value as string))}`;
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return d.isTrue(compare(d, column, name, filter.op, value as number));
    case "is_set":
      return sql`(coalesce(${d.typeOf(column, name)}, 'null') <> 'null')`;
    case "is_not_set":
      return sql`(coalesce(${d.typeOf(column, name)}, 'null') = 'null')`;
  }
}

/** All filters must hold; an empty list is "true". */
export function compileWhere(d: QueryDialect, filters: Filter[], sources: PropertySources): Condition {
  if (!filters.length) return sql`(1 = 1)`;
  return sql`(${sql.join(
    filters.map((f) => compileFilter(d, f, sources)),
    sql` AND `,
  )})`;
}

export function needsPersons(filters: Filter[], breakdownScope?: "event" | "user"): boolean {
  return breakdownScope === "user" || filters.some((f) => f.scope === "user");
}
