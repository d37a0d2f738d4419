// Funnels, with the exact meaning of API.md 3.1. SQL narrows the events to the
// candidates (step events of the persons seen during the range, each
// row flagged with the steps it satisfies), ordered by person, time and arrival;
// the matching itself is a plain walk per person, the same on every database,
// done as each person's row (their events aggregated in order) streams in.
import { sql } from "kysely";
import type { ReportContext } from "./context";
import { compileWhere, EVENT_ROW_SOURCES, needsPersons, propertyValue, type PropertySources } from "./filters";
import { cohortSlice, cohortSlices } from "./cohortSlices";
import { isCohortBreakdown, type CohortBreakdown, type FunnelQuery } from "./model";
import { byPersonShares } from "./parallel/shares";
import { inShare, personsSeenDuring } from "./personsSeen";
import { forEachRow } from "./scan";
import { median } from "./stats";
import { usersByPersonIds, type UserSummary } from "./users";
import { walkEvents, type PersonJourney } from "./funnelWalk";
import { journeysInClickHouse } from "./clickhouse/funnel";

export { walkEvents, walkPerson, type PersonJourney } from "./funnelWalk";

/** This module's task for the report helper thread (parallel/protocol.ts). */
declare module "./parallel/protocol" {
  interface HelperTasks {
    funnelJourneys: { args: FunnelQuery; result: PackedJourneys };
  }
}

export interface FunnelStep {
  event: string;
  label: string;
  users: number;
  conversionFromStart: number;
  conversionFromPrevious: number;
  medianSecondsFromPrevious: number | null;
}

export interface FunnelResult {
  steps: FunnelStep[];
  breakdowns?: { value: unknown; steps: FunnelStep[] }[];
}

/**
 * The candidates (see the top of the file), one row per person: their times
 * and step masks (bit k: satisfies step k+1) interleaved in one list, and
 * their breakdown keys, each list in (time, arrival) order. Times are counted
 * from q.from: 10 digits instead of 13 for a month's range, a fifth less text
 * for the database to build and hand over and for the walk to parse.
 *
 * `listOrder: "scan"` leaves out the ORDER BY inside the aggregates: the
 * plan walks the (project, person, ts, event) index person by person, so each
 * list comes in time order already, without a sort per person (a third of the
 * query's cost). Equal times then come in event-name order, not arrival order,
 * so the caller takes any person whose times are not strictly increasing
 * again, from `onlyPersons`, with the lists sorted in SQL. (PostgreSQL gets
 * its own statement for it, see personByPersonCandidates; SQLite walks that
 * index by itself.)
 */
function candidateQuery(ctx: ReportContext, q: FunnelQuery, listOrder: "sql" | "scan", onlyPersons?: number[]) {
  const d = ctx.dialect;
  if (d.kind === "postgres" && listOrder === "scan") return personByPersonCandidates(ctx, q);
  const sources = EVENT_ROW_SOURCES;
  const allFilters = [...q.where, ...q.steps.flatMap((s) => s.where)];
  const breakdown = q.breakdown && !isCohortBreakdown(q.breakdown) ? q.breakdown : undefined;
  const joinPersons = needsPersons(allFilters, breakdown?.scope);
  const windowMs = q.windowSeconds * 1000;
  const mask = stepMask(d, q, sources);
  const order = listOrder === "sql" ? sql`e.ts, e.id` : undefined;
  const keys = breakdown
    ? d.textList(sql<string>`coalesce(${propertyValue(d, sources, breakdown.scope, breakdown.property).json}, 'null')`, order)
    : sql`NULL`;
  const names = [...new Set(q.steps.map((s) => s.event))];
  // SQLite tests a short chain of = faster than IN (...), which it runs as a
  // lookup in a temporary index for every candidate: 10% of the query at 10M.
  const isStepEvent =
    d.kind === "sqlite" ? sql`(${sql.join(names.map((name) => sql`e.event = ${name}`), sql` OR `)})` : sql`e.event IN (${sql.join(names)})`;
  // The walk drops whoever has no start in range. PostgreSQL, past about a
  // million events, merge-joins the persons with the (project, person, ts)
  // index: without its share's bounds on the events themselves, the upper
  // share's scan starts at the project's first person and reads both shares
  // (10M events: 4.5M entries instead of 2.3M).
  const persons = onlyPersons ? d.integersOf(onlyPersons) : personsSeenDuring(ctx, q.from, q.to);
  return sql`
    SELECT e.person_id AS person, ${d.numberPairs(sql<number>`e.ts - CAST(${q.from} AS BIGINT)`, mask, order)} AS tm, ${keys} AS k
    FROM events e
    ${joinPersons ? sql`LEFT JOIN persons p ON p.id = e.person_id` : sql``}
    WHERE e.project_id = ${ctx.projectId}
      AND ${isStepEvent}
      AND e.ts >= ${q.from} AND e.ts <= ${q.to - 1 + windowMs}
      AND ${compileWhere(d, q.where, sources)}
      AND e.person_id IN (${persons})${d.kind === "postgres" ? inShare(ctx, sql.ref("e.person_id")) : sql``}
    GROUP BY e.person_id`;
}

/**
 * candidateQuery in scan order on PostgreSQL, for funnels that read no event
 * row (no breakdown, no filter): for each person seen during the range, their
 * step events of [from, to + window) straight from the (project, person, ts,
 * event) index, already in (ts, event) order. One range of the index a person:
 * grouping the whole share instead read all of its persons' entries, the 60
 * days before the range as well, merge-joined them with the persons, and
 * sorted every person's events inside the aggregate (PostgreSQL 15 has no
 * presorted aggregates). The lists follow the order of the subquery, as
 * PostgreSQL's aggregates do; the caller's check of strictly increasing times
 * would catch any other order.
 */
function personByPersonCandidates(ctx: ReportContext, q: FunnelQuery) {
  const d = ctx.dialect;
  const names = [...new Set(q.steps.map((s) => s.event))];
  return sql`
    SELECT p_seen.id AS person, c.tm, NULL AS k
    FROM (${personsSeenDuring(ctx, q.from, q.to)}) AS p_seen
    CROSS JOIN LATERAL (
      SELECT ${d.numberPairs(sql<number>`e.ts - CAST(${q.from} AS BIGINT)`, stepMask(d, q, EVENT_ROW_SOURCES))} AS tm
      FROM (
        SELECT ts, event FROM events
        WHERE project_id = ${ctx.projectId} AND person_id = p_seen.id
          AND event IN (${sql.join(names)})
          AND ts >= ${q.from} AND ts <= ${q.to - 1 + q.windowSeconds * 1000}
        ORDER BY ts, event
      ) AS e
    ) AS c
    WHERE c.tm IS NOT NULL
    ORDER BY p_seen.id`;
}

/** The steps an event satisfies, as bits (bit k: step k+1). */
function stepMask(d: ReportContext["dialect"], q: FunnelQuery, sources: PropertySources) {
  if (q.steps.every((step) => !step.where.length)) {
    // Without step filters the event name decides alone: one simple CASE over
    // the distinct names, each with the bits of every step it stands for, is
    // about 20% cheaper per candidate than one searched CASE per step.
    const bits = new Map<string, number>();
    q.steps.forEach((step, k) => bits.set(step.event, (bits.get(step.event) ?? 0) | (1 << k)));
    return sql<number>`(CASE e.event ${sql.join(
      [...bits].map(([event, mask]) => sql`WHEN ${event} THEN ${sql.lit(mask)}`),
      sql` `,
    )} ELSE 0 END)`;
  }
  return sql<number>`(${sql.join(
    q.steps.map((step, k) => sql`(CASE WHEN e.event = ${step.event} AND ${compileWhere(d, step.where, sources)} THEN ${sql.lit(1 << k)} ELSE 0 END)`),
    sql` + `,
  )})`;
}

/**
 * Every person with a start in range, and how far they got, in person order.
 * A big funnel is split in two shares by persons (parallel/shares.ts): each
 * person's journey depends on their events alone.
 */
export async function funnelJourneys(ctx: ReportContext, q: FunnelQuery): Promise<PersonJourney[]> {
  if (ctx.clickhouse) return journeysInClickHouse(ctx.clickhouse, ctx.projectId, q, ctx.signal);
  // PostgreSQL answers a funnel that reads event rows (a breakdown, a filter) with a
  // parallel scan of the table, which two shares would each run: 0.55 -> 0.7 s at 1M.
  const shares = await byPersonShares(ctx, q.from, "funnelJourneys", q, (share) => journeysOfShare(share, q), unpackJourneys, {
    onPostgres: !readsEventRows(q),
  });
  return shares.length === 1 ? shares[0] : shares.flat();
}

/** True when a funnel needs more of its events than their names and times (a breakdown, a filter). */
function readsEventRows(q: FunnelQuery): boolean {
  return Boolean(q.breakdown || q.where.length || q.steps.some((step) => step.where.length));
}

/** The journeys of the persons of ctx.personRange, packed: the helper thread's share of a split funnel. */
export async function funnelShare(ctx: ReportContext, q: FunnelQuery): Promise<PackedJourneys> {
  return packJourneys(await journeysOfShare(ctx, q), q.steps.length);
}

/**
 * funnelJourneys for the persons of ctx.personRange (all when unset). The
 * candidates come a person at a time and are walked as they come: on SQLite
 * only one person's events are ever held in memory (PostgreSQL hands over every
 * person's row at once, still one row per person instead of one per event).
 */
async function journeysOfShare(ctx: ReportContext, q: FunnelQuery): Promise<PersonJourney[]> {
  const stepCount = q.steps.length;
  const windowMs = q.windowSeconds * 1000;
  const journeys: PersonJourney[] = [];
  const walk = (row: unknown[], { times, masks }: Candidates) => {
    const keys = row[2] === null ? null : (JSON.parse(String(row[2])) as string[]);
    // Times come counted from q.from (see candidateQuery).
    const journey = walkEvents(times, masks, keys ? (i) => keys[i] : () => "all", stepCount, 0, q.to - q.from, windowMs);
    if (journey) journeys.push({ personId: Number(row[0]), ...journey });
  };
  if (ctx.dialect.kind === "postgres" && readsEventRows(q)) {
    await forEachRow(ctx, candidateQuery(ctx, q, "sql"), (row) => walk(row, candidates(row[1])));
    return journeys;
  }
  const retry: number[] = [];
  await forEachRow(ctx, candidateQuery(ctx, q, "scan"), (row) => {
    const listed = candidates(row[1]);
    if (strictlyIncreasing(listed.times)) walk(row, listed);
    else retry.push(Number(row[0]));
  });
  if (retry.length) await forEachRow(ctx, candidateQuery(ctx, q, "sql", retry), (row) => walk(row, candidates(row[1])));
  return journeys;
}

/** One person's candidates: their times and step masks, in the same order. */
interface Candidates {
  times: number[];
  masks: number[];
}

/**
 * "t1,m1,t2,m2" (from numberPairs: integers) as times and masks, read digit by
 * digit: JSON.parse of the list built an array of both and then copied it, a
 * fifth of a big funnel's client CPU and much of its garbage.
 */
function candidates(list: unknown): Candidates {
  const text = String(list);
  const times: number[] = [];
  const masks: number[] = [];
  let value = 0;
  let sign = 1;
  let isTime = true;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : COMMA;
    if (c >= DIGIT_0 && c <= DIGIT_9) {
      value = value * 10 + (c - DIGIT_0);
    } else if (c === COMMA) {
      (isTime ? times : masks).push(sign * value);
      isTime = !isTime;
      value = 0;
      sign = 1;
    } else if (c === MINUS) {
      sign = -1;
    } else {
      throw new Error(`funnel candidates: unexpected ${JSON.stringify(text[i])} in a list of integers`);
    }
  }
  return { times, masks };
}

const COMMA = 44;
const MINUS = 45;
const DIGIT_0 = 48;
const DIGIT_9 = 57;

/** Journeys as a few flat arrays: what crosses between threads (one copy each, no object per person). */
export interface PackedJourneys {
  stepCount: number;
  personIds: Float64Array;
  reached: Uint8Array;
  /** `stepCount` entries a journey; those past `reached` are unused. */
  gaps: Float64Array;
  breakdownKeys: string[];
}

export function packJourneys(journeys: PersonJourney[], stepCount: number): PackedJourneys {
  const packed: PackedJourneys = {
    stepCount,
    personIds: new Float64Array(journeys.length),
    reached: new Uint8Array(journeys.length),
    gaps: new Float64Array(journeys.length * stepCount),
    breakdownKeys: new Array<string>(journeys.length),
  };
  journeys.forEach((journey, i) => {
    packed.personIds[i] = journey.personId;
    packed.reached[i] = journey.reached;
    packed.gaps.set(journey.gaps, i * stepCount);
    packed.breakdownKeys[i] = journey.breakdownKey;
  });
  return packed;
}

export function unpackJourneys(packed: PackedJourneys): PersonJourney[] {
  const { stepCount } = packed;
  return Array.from(packed.personIds, (personId, i) => ({
    personId,
    reached: packed.reached[i],
    gaps: Array.from(packed.gaps.subarray(i * stepCount, i * stepCount + packed.reached[i])),
    breakdownKey: packed.breakdownKeys[i],
  }));
}

/** True when no two times are equal or out of order: then scan order is arrival order. */
function strictlyIncreasing(times: number[]): boolean {
  for (let i = 1; i < times.length; i++) if (times[i] <= times[i - 1]) return false;
  return true;
}

export function summarize(q: FunnelQuery, journeys: PersonJourney[]): FunnelStep[] {
  const users = q.steps.map((_, k) => journeys.filter((j) => j.reached > k).length);
  return q.steps.map((step, k) => ({
    event: step.event,
    label: step.label ?? step.event,
    users: users[k],
    conversionFromStart: users[0] ? users[k] / users[0] : 0,
    conversionFromPrevious: k === 0 ? (users[0] ? 1 : 0) : users[k - 1] ? users[k] / users[k - 1] : 0,
    medianSecondsFromPrevious: k === 0 ? null : median(journeys.filter((j) => j.reached > k).map((j) => j.gaps[k])),
  }));
}

export async function funnel(ctx: ReportContext, q: FunnelQuery): Promise<FunnelResult> {
  if (q.breakdown && isCohortBreakdown(q.breakdown)) return funnelByCohorts(ctx, q, q.breakdown);
  const journeys = await funnelJourneys(ctx, q);
  const result: FunnelResult = { steps: summarize(q, journeys) };
  if (q.breakdown) {
    const byKey = new Map<string, PersonJourney[]>();
    for (const journey of journeys) {
      if (!byKey.has(journey.breakdownKey)) byKey.set(journey.breakdownKey, []);
      byKey.get(journey.breakdownKey)!.push(journey);
    }
    result.breakdowns = [...byKey]
      .map(([key, list]) => ({ value: JSON.parse(key) as unknown, steps: summarize(q, list) }))
      .sort((a, b) => b.steps[0].users - a.steps[0].users || JSON.stringify(a.value).localeCompare(JSON.stringify(b.value)));
  }
  return result;
}

/**
 * Who dropped out after step `step` (1-based: reached it, not the next), within
 * one breakdown value when given. The first `limit` of them, and how many in all.
 */
export async function funnelDropoffs(
  ctx: ReportContext,
  q: FunnelQuery,
  step: number,
  breakdownValue?: { value: unknown },
  limit = 100,
): Promise<{ total: number; persons: UserSummary[] }> {
  const dropped = await funnelDroppedPersonIds(ctx, q, step, breakdownValue);
  return { total: dropped.length, persons: await usersByPersonIds(ctx, dropped.slice(0, limit)) };
}

/** The ids of every person who dropped out after step `step` (see funnelDropoffs), in person order. */
export async function funnelDroppedPersonIds(ctx: ReportContext, q: FunnelQuery, step: number, breakdownValue?: { value: unknown }): Promise<number[]> {
  return funnelStepPersonIds(ctx, q, step, "dropped", breakdownValue);
}

/**
 * The persons of a step, in person order: "converted", those who reached step
 * `step` (1-based; the `users` the report counts for it), or "dropped", those
 * who reached it and not the next. Within one breakdown value when given.
 */
export async function funnelStepPersonIds(
  ctx: ReportContext,
  q: FunnelQuery,
  step: number,
  which: "converted" | "dropped",
  breakdownValue?: { value: unknown },
): Promise<number[]> {
  if (q.breakdown && isCohortBreakdown(q.breakdown)) {
    // A cohort breakdown's value is a slice of persons: the funnel filtered to it.
    const slice = breakdownValue ? cohortSlice(q.breakdown, breakdownValue.value) : undefined;
    if (breakdownValue && !slice) return [];
    return funnelStepPersonIds(ctx, { ...q, breakdown: undefined, where: [...q.where, ...(slice?.where ?? [])] }, step, which);
  }
  const wanted = breakdownValue ? JSON.stringify(breakdownValue.value) : null;
  // Keys are compared parsed: Postgres may spell the same JSON value differently.
  return (await funnelJourneys(ctx, q))
    .filter((j) => (which === "dropped" ? j.reached === step : j.reached >= step) && (wanted === null || JSON.stringify(JSON.parse(j.breakdownKey)) === wanted))
    .map((j) => j.personId);
}

/**
 * A breakdown by cohorts: the funnel of all persons, then of each slice (a
 * cohort's members, then those in none; cohortSlices.ts), in the order the
 * cohorts were listed. A person in two cohorts counts in both.
 */
async function funnelByCohorts(ctx: ReportContext, q: FunnelQuery, breakdown: CohortBreakdown): Promise<FunnelResult> {
  const plain: FunnelQuery = { ...q, breakdown: undefined };
  const steps = summarize(q, await funnelJourneys(ctx, plain));
  const breakdowns: NonNullable<FunnelResult["breakdowns"]> = [];
  for (const slice of cohortSlices(breakdown)) {
    const journeys = await funnelJourneys(ctx, { ...plain, where: [...q.where, ...slice.where] });
    breakdowns.push({ value: slice.value, steps: summarize(q, journeys) });
  }
  return { steps, breakdowns };
}
