// Retention (API.md 3.1): cohorts by the interval of each person's first
// start event in range; returned[n] counts those back with a return event in
// the n-th interval after their cohort's. Intervals are calendar days or
// Monday weeks in the project's zone.
import { sql } from "kysely";
import { DateTime } from "luxon";
import type { ReportContext } from "./context";
import { windowValues } from "./sqlDialect";
import { compileWhere, needsPersons } from "./filters";
import type { RetentionQuery } from "./model";

export interface RetentionCohort {
  start: string;
  users: number;
  returned: number[];
}

export interface RetentionResult {
  cohorts: RetentionCohort[];
}

export async function retention(ctx: ReportContext, q: RetentionQuery): Promise<RetentionResult> {
  const d = ctx.dialect;
  const unit = q.interval;
  const starters = { event: sql.ref("s.properties"), user: sql.ref("sp.properties") };
  const joinPersons = needsPersons(q.where);
  const startSql = sql`
    SELECT s.person_id AS person FROM events s
    ${joinPersons ? sql`LEFT JOIN persons sp ON sp.id = s.person_id` : sql``}
    WHERE s.project_id = ${ctx.projectId} AND s.event = ${q.startEvent} AND s.ts >= ${q.from} AND s.ts < ${q.to}
      AND ${compileWhere(d, q.where, starters)}`;

  const firsts = await sql<{ person: number; first: number }>`
    SELECT s.person_id AS person, min(s.ts) AS first FROM events s
    ${joinPersons ? sql`LEFT JOIN persons sp ON sp.id = s.person_id` : sql``}
    WHERE s.project_id = ${ctx.projectId} AND s.event = ${q.startEvent} AND s.ts >= ${q.from} AND s.ts < ${q.to}
      AND ${compileWhere(d, q.where, starters)}
    GROUP BY s.person_id`.execute(ctx.db);
  if (!firsts.rows.length) return { cohorts: [] };

  // Calendar intervals from the first cohort's to `periods` past the last one's.
  const intervalStart = (ms: number) => DateTime.fromMillis(ms, { zone: ctx.timezone }).startOf(unit, { useLocaleWeeks: false });
  const origin = intervalStart(Math.min(...firsts.rows.map((r) => Number(r.first))));
  const last = intervalStart(Math.max(...firsts.rows.map((r) => Number(r.first))));
  const intervals: { g: number; start: number; end: number }[] = [];
  for (let cursor = origin, g = 0; cursor <= last.plus({ [unit]: q.periods - 1 }); cursor = cursor.plus({ [unit]: 1 }), g++) {
    intervals.push({ g, start: cursor.toMillis(), end: cursor.plus({ [unit]: 1 }).toMillis() });
  }
  const indexOf = new Map(intervals.map((i) => [i.start, i.g]));
  const cohortOf = new Map<number, number>();
  for (const row of firsts.rows) cohortOf.set(Number(row.person), indexOf.get(intervalStart(Number(row.first)).toMillis())!);

  const sources = { event: sql.ref("e.properties"), user: sql.ref("p.properties") };
  const values = windowValues(intervals.map((w) => ({ i: w.g, start: w.start, end: w.end })));
  const returns = await sql<{ person: number; g: number }>`
    WITH b(g, interval_start, interval_end) AS (VALUES ${values})
    SELECT DISTINCT e.person_id AS person, b.g AS g
    FROM b
    JOIN events e ON e.project_id = ${ctx.projectId} AND e.event = ${q.returnEvent} AND e.ts >= b.interval_start AND e.ts < b.interval_end
    ${joinPersons ? sql`LEFT JOIN persons p ON p.id = e.person_id` : sql``}
    WHERE ${compileWhere(d, q.where, sources)} AND e.person_id IN (${startSql})`.execute(ctx.db);

  const cohorts = new Map<number, { users: number; returned: Set<number>[] }>();
  for (const cohort of cohortOf.values()) {
    if (!cohorts.has(cohort)) cohorts.set(cohort, { users: 0, returned: Array.from({ length: q.periods }, () => new Set<number>()) });
    cohorts.get(cohort)!.users += 1;
  }
  for (const row of returns.rows) {
    const person = Number(row.person);
    const cohort = cohortOf.get(person);
    if (cohort === undefined) continue;
    const n = Number(row.g) - cohort;
    if (n >= 1 && n < q.periods) cohorts.get(cohort)!.returned[n].add(person);
  }
  return {
    cohorts: [...cohorts]
      .sort((a, b) => a[0] - b[0])
      .map(([g, c]) => ({
        start: new Date(intervals[g].start).toISOString(),
        users: c.users,
        returned: c.returned.map((set, n) => (n === 0 ? c.users : set.size)),
      })),
  };
}
