// A cohort definition (lib/cohorts/definition.ts) compiled to one SQL condition
// on a row of `persons p`: exact membership at the instant `asOf` (API.md 5).
// Events count for the person they are stitched to (a merge re-points them),
// so `e.person_id = p.id` is the stitched person. Every value, property name
// and event name is a bound parameter.
import { sql } from "kysely";
import { groupEntries, isGroup, type Condition, type CountOperator, type Group } from "../cohorts/definition";
import { compileFilter, compileWhere, EVENT_ROW_SOURCES, PERSON_ROW_SOURCES } from "./filters";
import type { Condition as SqlCondition, QueryDialect } from "./sqlDialect";

const DAY_MS = 86_400_000;

/** What a `cohort` condition points at, loaded before compiling. */
export type CohortRef = { kind: "static" } | { kind: "dynamic"; match: Group };

export interface CohortEvaluation {
  projectId: string;
  /** ms since the epoch. */
  asOf: number;
  /** Every cohort the definition reaches (directly or through others); acyclic (lib/cohorts checks). */
  cohorts: ReadonlyMap<string, CohortRef>;
}

const COUNT_SQL: Record<CountOperator, string> = { gte: ">=", lte: "<=", eq: "=", gt: ">", lt: "<" };

/** The person row the condition reads. */
const PERSON_ID = sql.ref("p.id");
const PERSON_PROPERTIES = sql.ref("p.properties");

function windowOf(ev: CohortEvaluation, withinDays: number): { from: number; to: number } {
  return { from: ev.asOf - withinDays * DAY_MS, to: ev.asOf };
}

function compileLeaf(d: QueryDialect, ev: CohortEvaluation, condition: Exclude<Condition, Group>, path: string[]): SqlCondition {
  switch (condition.type) {
    case "property":
      return compileFilter(d, { property: condition.property, op: condition.op, value: condition.value, scope: "user" }, PERSON_ROW_SOURCES);
    case "performed": {
      const { from, to } = windowOf(ev, condition.withinDays);
      const where = compileWhere(d, condition.where, { ...EVENT_ROW_SOURCES, user: PERSON_PROPERTIES });
      const events = sql`FROM events e
        WHERE e.project_id = ${ev.projectId} AND e.person_id = ${PERSON_ID} AND e.event = ${condition.event}
          AND e.ts >= ${from} AND e.ts < ${to} AND ${where}`;
      const { op, value } = condition.count;
      // "At least once" needs only the first matching row.
      if ((op === "gte" && value === 1) || (op === "gt" && value === 0)) return sql`EXISTS (SELECT 1 ${events})`;
      return sql`((SELECT COUNT(*) ${events}) ${sql.raw(COUNT_SQL[op])} ${value})`;
    }
    case "first_time": {
      const { from, to } = windowOf(ev, condition.withinDays);
      const named = sql`FROM events e WHERE e.project_id = ${ev.projectId} AND e.person_id = ${PERSON_ID} AND e.event = ${condition.event}`;
      // The first event of that name ever lies in the window: one inside it, none before it.
      return sql`(EXISTS (SELECT 1 ${named} AND e.ts >= ${from} AND e.ts < ${to}) AND NOT EXISTS (SELECT 1 ${named} AND e.ts < ${from}))`;
    }
    case "cohort": {
      const ref = ev.cohorts.get(condition.cohortId);
      if (!ref) throw new Error(`cohort ${condition.cohortId} was not loaded`);
      if (path.includes(condition.cohortId)) throw new Error(`cohort ${condition.cohortId} refers to itself`);
      // A dynamic cohort is evaluated at the same instant (exact, never stale);
      // a static one is its list.
      if (ref.kind === "dynamic") return compileCohort(d, ev, ref.match, [...path, condition.cohortId]);
      return sql`EXISTS (SELECT 1 FROM cohort_members m WHERE m.cohort_id = ${condition.cohortId} AND m.person_id = ${PERSON_ID})`;
    }
  }
}

function compileCondition(d: QueryDialect, ev: CohortEvaluation, condition: Condition, path: string[]): SqlCondition {
  if (isGroup(condition)) return compileCohort(d, ev, condition, path);
  const compiled = compileLeaf(d, ev, condition, path);
  return condition.negate ? sql`(NOT ${compiled})` : compiled;
}

/**
 * The condition a `persons p` row meets when the person belongs to the cohort
 * `match` defines. `path` lists the cohorts being expanded (a guard: cycles are
 * refused when a cohort is saved).
 */
export function compileCohort(d: QueryDialect, ev: CohortEvaluation, match: Group, path: string[] = []): SqlCondition {
  const { mode, entries } = groupEntries(match);
  if (!entries.length) return mode === "all" ? sql`(1 = 1)` : sql`(1 = 0)`;
  const parts = entries.map((entry) => compileCondition(d, ev, entry, path));
  return sql`(${sql.join(parts, mode === "all" ? sql` AND ` : sql` OR `)})`;
}
