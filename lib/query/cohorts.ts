// A cohort definition (lib/cohorts/definition.ts) compiled to one SQL condition
// on a row of `persons p`: exact membership at the instant `asOf` (API.md 5).
// Events count for the person they are stitched to (a merge re-points them),
// so `e.person_id = p.id` is the stitched person. Every value, property name
// and event name is a bound parameter.
import { sql } from "kysely";
import { groupEntries, isGroup, type Condition, type CountOperator, type Group } from "../cohorts/definition";
import { compileFilter, compileWhere, EVENT_ROW_SOURCES, needsPersons, PERSON_ROW_SOURCES } from "./filters";
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

function windowOf(ev: CohortEvaluation, withinDays: number): { from: number; to: number } {
  return { from: ev.asOf - withinDays * DAY_MS, to: ev.asOf };
}

function compileLeaf(d: QueryDialect, ev: CohortEvaluation, condition: Exclude<Condition, Group>, path: string[]): SqlCondition {
  switch (condition.type) {
    case "property":
      return compileFilter(d, { property: condition.property, op: condition.op, value: condition.value, scope: "user" }, PERSON_ROW_SOURCES);
    case "performed": {
      const { from, to } = windowOf(ev, condition.withinDays);
      // The persons with a matching event, as one set read once (the events
      // index by name and time), not a subquery per person: SQLite would read
      // every event of the name for each person (minutes at 1M events).
      const joinPersons = needsPersons(condition.where);
      const where = compileWhere(d, condition.where, { ...EVENT_ROW_SOURCES, user: sql.ref("pw.properties") });
      const events = sql`FROM events e ${joinPersons ? sql`JOIN persons pw ON pw.id = e.person_id` : sql``}
        WHERE e.project_id = ${ev.projectId} AND e.event = ${condition.event}
          AND e.ts >= ${from} AND e.ts < ${to} AND ${where}`;
      const { op, value } = condition.count;
      const holds = (count: number) => ({ gte: count >= value, lte: count <= value, eq: count === value, gt: count > value, lt: count < value })[op];
      // "At least once" needs only who has a matching event.
      if ((op === "gte" && value === 1) || (op === "gt" && value === 0)) return sql`${PERSON_ID} IN (SELECT e.person_id ${events})`;
      // Those with no matching event hold when 0 passes the comparison: then
      // the condition is "not among those whose count fails it", else "among
      // those whose count passes it".
      const compare = sql`COUNT(*) ${sql.raw(COUNT_SQL[op])} ${value}`;
      return holds(0)
        ? sql`${PERSON_ID} NOT IN (SELECT e.person_id ${events} AND e.person_id IS NOT NULL GROUP BY e.person_id HAVING NOT (${compare}))`
        : sql`${PERSON_ID} IN (SELECT e.person_id ${events} GROUP BY e.person_id HAVING ${compare})`;
    }
    case "first_time": {
      const { from, to } = windowOf(ev, condition.withinDays);
      // The first event of that name ever lies in the window.
      return sql`${PERSON_ID} IN (SELECT e.person_id FROM events e WHERE e.project_id = ${ev.projectId} AND e.event = ${condition.event} AND e.ts < ${to}
        GROUP BY e.person_id HAVING MIN(e.ts) >= ${from})`;
    }
    case "cohort": {
      const ref = ev.cohorts.get(condition.cohortId);
      if (!ref) throw new Error(`cohort ${condition.cohortId} was not loaded`);
      if (path.includes(condition.cohortId)) throw new Error(`cohort ${condition.cohortId} refers to itself`);
      // A dynamic cohort is evaluated at the same instant (exact, never stale);
      // a static one is its list, read once as a set (uncorrelated, as the
      // report filters read it: lib/query/filters.ts) rather than probed per
      // person. Its person ids are never NULL (the key), so NOT IN is exact.
      if (ref.kind === "dynamic") return compileCohort(d, ev, ref.match, [...path, condition.cohortId]);
      return sql`${PERSON_ID} IN (SELECT m.person_id FROM cohort_members m WHERE m.cohort_id = ${condition.cohortId})`;
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
