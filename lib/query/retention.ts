// Retention (API.md 3.1): cohorts by the interval of each person's first
// start event in range; returned[n] counts those back with a return event in
// the n-th interval after their cohort's. Intervals are calendar days or
// Monday weeks in the project's zone.
import { sql } from "kysely";
import { DateTime } from "luxon";
import type { ReportContext } from "./context";
import { compileWhere, EVENT_ROW_SOURCES, needsPersons } from "./filters";
import { cohortSlice, cohortSlices } from "./cohortSlices";
import type { CohortBreakdown, RetentionQuery } from "./model";
import { byPersonShares } from "./parallel/shares";
import { inShare, personsSeenDuring } from "./personsSeen";
import { forEachRow } from "./scan";
import { retentionPersonsInClickHouse } from "./clickhouse/retention";

/** This module's task for the report helper thread (parallel/protocol.ts). */
declare module "./parallel/protocol" {
  interface HelperTasks {
    retentionShare: { args: RetentionQuery; result: RetentionPersons };
  }
}

export interface RetentionCohort {
  start: string;
  users: number;
  returned: number[];
}

export interface RetentionResult {
  cohorts: RetentionCohort[];
  /** With a breakdown by cohorts: the table of each slice (a cohort's members, then "$none"). */
  breakdowns?: { value: string; cohorts: RetentionCohort[] }[];
}

/** The index of the interval holding `ms`: the last whose start is at or before it (starts ascending). */
function intervalIndex(starts: number[], ms: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= ms) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * One row per person seen during the range: their first start (NULL for those
 * without one), and the times of their return events from `from` to `until`.
 * Read through the (project, person, ts, event) index, one range per person,
 * and grouped there: no sort of all the range's events, and a few thousand rows
 * instead of one per event. On SQLite the persons are those seen during the
 * range (personsSeen.ts). The return times come in
 * the index's order, which is time order; the caller sorts them if they ever
 * do not, instead of SQLite sorting each person's list.
 */
function personsQuery(ctx: ReportContext, q: RetentionQuery, until: number) {
  const d = ctx.dialect;
  const joinPersons = needsPersons(q.where);
  const matches = compileWhere(d, q.where, EVENT_ROW_SOURCES);
  const isStart = sql`e.event = ${q.startEvent} AND e.ts < ${q.to} AND ${matches}`;
  const isReturn = sql`e.event = ${q.returnEvent} AND ${matches}`;
  const first = sql`min(CASE WHEN ${isStart} THEN e.ts END)`;
  // PostgreSQL reads the person index once, in person order (it carries id and
  // every column used here), and keeps the persons with a start (bench/postgres-notes.md).
  // SQLite, without statistics, is best served by one person-index range per
  // person seen during the range.
  const starting =
    d.kind === "postgres"
      ? sql`${inShare(ctx, sql.ref("e.person_id"))} GROUP BY e.person_id HAVING ${first} IS NOT NULL`
      : sql`AND e.person_id IN (${personsSeenDuring(ctx, q.from, q.to)})
    GROUP BY e.person_id`;
  return sql`
    SELECT e.person_id AS person,
      ${first} AS first,
      ${d.numberList(sql<number>`CASE WHEN ${isReturn} THEN e.ts END`)} AS returns
    FROM events e
    ${joinPersons ? sql`LEFT JOIN persons p ON p.id = e.person_id` : sql``}
    WHERE e.project_id = ${ctx.projectId}
      AND e.event IN (${q.startEvent}, ${q.returnEvent})
      AND e.ts >= ${q.from} AND e.ts < ${until}
      ${starting}`;
}

function inOrder(times: number[]): boolean {
  for (let i = 1; i < times.length; i++) if (times[i] < times[i - 1]) return false;
  return true;
}

/** The start of the calendar interval (day or Monday week, in the project's zone) holding `ms`. */
function intervalStartOf(ctx: ReportContext, q: RetentionQuery, ms: number): DateTime {
  return DateTime.fromMillis(ms, { zone: ctx.timezone }).startOf(q.interval, { useLocaleWeeks: false });
}

/**
 * Each person of ctx.personRange (all when unset) with a start in range: their
 * first start, and their return times in order, as flat arrays (what crosses
 * between threads when the report is split, parallel/shares.ts).
 */
export interface RetentionPersons {
  /** Each person's internal id (what "Save as cohort" of a cell needs). */
  ids: Float64Array;
  firsts: Float64Array;
  /** How many of `returns` belong to each person, in order. */
  returnCounts: Uint32Array;
  returns: Float64Array;
}

/**
 * Where reading return events can stop: a return counts only in the `periods`
 * intervals after its cohort's, and the last cohort is the interval of `to`.
 * (Nothing before `from` counts either: returns come after a start in range.)
 */
function returnsUntil(ctx: ReportContext, q: RetentionQuery): number {
  return intervalStartOf(ctx, q, q.to - 1).plus({ [q.interval]: q.periods }).toMillis();
}

export async function retentionShare(ctx: ReportContext, q: RetentionQuery): Promise<RetentionPersons> {
  if (ctx.clickhouse) return retentionPersonsInClickHouse(ctx.clickhouse, ctx.projectId, q, returnsUntil(ctx, q), ctx.signal);
  const until = returnsUntil(ctx, q);
  const ids: number[] = [];
  const firsts: number[] = [];
  const returnCounts: number[] = [];
  const allReturns: number[] = [];
  await forEachRow(ctx, personsQuery(ctx, q, until), (row) => {
    if (row[1] === null) return; // only events after `to`, or none that match: no start in range
    const returns = row[2] === null ? [] : (JSON.parse(`[${String(row[2])}]`) as number[]);
    if (!inOrder(returns)) returns.sort((a, b) => a - b);
    ids.push(Number(row[0]));
    firsts.push(Number(row[1]));
    returnCounts.push(returns.length);
    for (const ts of returns) allReturns.push(ts);
  });
  return { ids: Float64Array.from(ids), firsts: Float64Array.from(firsts), returnCounts: Uint32Array.from(returnCounts), returns: Float64Array.from(allReturns) };
}

interface RetentionPerson {
  id: number;
  first: number;
  returns: ArrayLike<number>;
}

/** The shares' flat arrays as one list of persons. */
function personsOf(shares: RetentionPersons[]): RetentionPerson[] {
  const persons: RetentionPerson[] = [];
  for (const share of shares) {
    let offset = 0;
    share.firsts.forEach((first, i) => {
      const count = share.returnCounts[i];
      persons.push({ id: share.ids[i], first, returns: share.returns.subarray(offset, offset + count) });
      offset += count;
    });
  }
  return persons;
}

/**
 * Where each person falls in the table: the calendar intervals (from the first
 * cohort's to `periods` past the last one's), and per person their cohort's
 * interval and the periods n >= 1 they returned in (each once, ascending).
 * The report and a cell's persons (retentionCellPersonIds) both read this.
 */
function placePersons(ctx: ReportContext, q: RetentionQuery, persons: RetentionPerson[]): { starts: number[]; placed: { id: number; cohort: number; returnedIn: number[] }[] } {
  const unit = q.interval;
  const intervalStart = (ms: number) => intervalStartOf(ctx, q, ms);
  let earliest = Infinity;
  let latest = -Infinity;
  for (const p of persons) {
    earliest = Math.min(earliest, p.first);
    latest = Math.max(latest, p.first);
  }
  const origin = intervalStart(earliest);
  const last = intervalStart(latest);
  const starts: number[] = [];
  for (let cursor = origin; cursor <= last.plus({ [unit]: q.periods - 1 }); cursor = cursor.plus({ [unit]: 1 })) starts.push(cursor.toMillis());
  const end = DateTime.fromMillis(starts[starts.length - 1], { zone: ctx.timezone }).plus({ [unit]: 1 }).toMillis();
  const placed = persons.map((p) => {
    const cohort = intervalIndex(starts, p.first);
    const returnedIn: number[] = [];
    // Returns are in time order: each later interval is counted once per person.
    for (let i = 0; i < p.returns.length; i++) {
      const ts = p.returns[i];
      if (ts < starts[0] || ts >= end) continue;
      const n = intervalIndex(starts, ts) - cohort;
      if (n >= 1 && n < q.periods && n !== returnedIn[returnedIn.length - 1]) returnedIn.push(n);
    }
    return { id: p.id, cohort, returnedIn };
  });
  return { starts, placed };
}

export async function retention(ctx: ReportContext, q: RetentionQuery): Promise<RetentionResult> {
  if (q.breakdown) return retentionByCohorts(ctx, q, q.breakdown);
  // Big projects: each share of the persons is read at once (parallel/shares.ts).
  const shares = ctx.clickhouse
    ? [await retentionShare(ctx, q)]
    : await byPersonShares(ctx, q.from, "retentionShare", q, (share) => retentionShare(share, q), (answer) => answer);
  const persons = personsOf(shares);
  if (!persons.length) return { cohorts: [] };
  const { starts, placed } = placePersons(ctx, q, persons);
  const cohorts = new Map<number, { users: number; returned: number[] }>();
  for (const p of placed) {
    let entry = cohorts.get(p.cohort);
    if (!entry) cohorts.set(p.cohort, (entry = { users: 0, returned: new Array<number>(q.periods).fill(0) }));
    entry.users += 1;
    for (const n of p.returnedIn) entry.returned[n] += 1;
  }
  return {
    cohorts: [...cohorts]
      .sort((a, b) => a[0] - b[0])
      .map(([g, c]) => ({
        start: new Date(starts[g]).toISOString(),
        users: c.users,
        returned: c.returned.map((count, n) => (n === 0 ? c.users : count)),
      })),
  };
}

/**
 * The persons one cell of the table counts: those of the cohort starting at
 * `cohortStart` (a row's `start`) back in period `period` (0: the whole
 * cohort), within one breakdown slice when given. Exact by the report's own
 * code: the same rows, placed by placePersons. In person id order.
 */
export async function retentionCellPersonIds(ctx: ReportContext, q: RetentionQuery, cohortStart: string, period: number, breakdownValue?: { value: unknown }): Promise<number[]> {
  if (q.breakdown) {
    const slice = breakdownValue ? cohortSlice(q.breakdown, breakdownValue.value) : undefined;
    if (breakdownValue && !slice) return [];
    return retentionCellPersonIds(ctx, { ...q, breakdown: undefined, where: [...q.where, ...(slice?.where ?? [])] }, cohortStart, period);
  }
  if (period < 0 || period >= q.periods) return [];
  const persons = personsOf([await retentionShare({ ...ctx, personRange: undefined }, q)]);
  if (!persons.length) return [];
  const { starts, placed } = placePersons(ctx, q, persons);
  const wanted = starts.indexOf(Date.parse(cohortStart));
  if (wanted < 0) return [];
  return placed
    .filter((p) => p.cohort === wanted && (period === 0 || p.returnedIn.includes(period)))
    .map((p) => p.id)
    .sort((a, b) => a - b);
}

/**
 * A breakdown by cohorts: the table of all persons, then of each slice (a
 * cohort's members, then those in none; cohortSlices.ts), in the order the
 * cohorts were listed. A person in two cohorts counts in both.
 */
async function retentionByCohorts(ctx: ReportContext, q: RetentionQuery, breakdown: CohortBreakdown): Promise<RetentionResult> {
  const plain: RetentionQuery = { ...q, breakdown: undefined };
  const everyone = await retention(ctx, plain);
  const breakdowns: NonNullable<RetentionResult["breakdowns"]> = [];
  for (const slice of cohortSlices(breakdown)) {
    const table = await retention(ctx, { ...plain, where: [...q.where, ...slice.where] });
    breakdowns.push({ value: slice.value, cohorts: table.cohorts });
  }
  return { cohorts: everyone.cohorts, breakdowns };
}
