// Trends (API.md 3.1): per series, a number per time bucket and over the whole
// range, optionally broken down by a property's value (top N plus "$other").
import { sql, type RawBuilder } from "kysely";
import type { ReportContext } from "./context";
import { windowValues, type Condition } from "./sqlDialect";
import { config } from "../config";
import { chooseMembersFirst, filtersBeyondMembers, medianMember } from "./membersFirst";
import { compileWhere, EVENT_ROW_SOURCES, needsPersons, propertyValue, type PropertySources } from "./filters";
import { throwIfAborted } from "./limits";
import { uniqueUsersPerWindow } from "./activitySlots";
import { bothAtOnce, byPersonShares } from "./parallel/shares";
import { inShare } from "./personsSeen";
import { cohortSlices } from "./cohortSlices";
import { isCohortBreakdown, isCohortFilter, type Breakdown, type CohortBreakdown, type Series, type SeriesMath, type TrendsQuery, type WhereFilter } from "./model";
import { sharingMemory } from "./clickhouse/source";
import { aggregateInClickHouse, breakdownValuesInClickHouse } from "./clickhouse/trends";
import { percentile } from "./stats";
import { sampledValueCount } from "./breakdownSample";
import { timeBuckets } from "./timeBuckets";
import { ALL, OTHER, WHOLE, type Aggregates, type AggregateSpec, type Window } from "./trendsAggregates";

export { OTHER, WHOLE, type Aggregates, type AggregateSpec, type Window } from "./trendsAggregates";

/** This module's task for the report helper thread (parallel/protocol.ts). */
declare module "./parallel/protocol" {
  interface HelperTasks {
    trendsAggregate: { args: { query: TrendsQuery; spec: AggregateSpec }; result: Aggregates };
  }
}

export interface TrendsSeries {
  label: string;
  breakdownValue?: unknown;
  total: number;
  data: { t: string; value: number }[];
}

export interface TrendsResult {
  series: TrendsSeries[];
}

const PERCENTILES: Partial<Record<SeriesMath, number>> = { median: 0.5, p90: 0.9 };

/** What every trends statement reads: the event row `e`, its person `p` when joined. */
const SOURCES: PropertySources = EVENT_ROW_SOURCES;

function breakdownKey(ctx: ReportContext, breakdown: Breakdown): RawBuilder<string> {
  // Missing and JSON null are one value, null.
  return sql<string>`coalesce(${propertyValue(ctx.dialect, SOURCES, breakdown.scope, breakdown.property).json}, 'null')`;
}

/** `key`, or OTHER where it is not one of `kept` (when given). Keys are JSON text, so OTHER is never one. */
function lumped(key: RawBuilder<string>, kept: string[] | undefined): RawBuilder<string> {
  if (!kept) return key;
  if (!kept.length) return sql<string>`cast(${OTHER} as text)`;
  return sql<string>`(CASE WHEN ${key} IN (${sql.join(kept)}) THEN ${key} ELSE cast(${OTHER} as text) END)`;
}

/**
 * True when a unique-users series broken down by `breakdown` seems to have
 * more values than the breakdown keeps (breakdownSample.ts; on ClickHouse an
 * estimate over the range's key column, which it reads cheaply). Then the one
 * read of every value's buckets (withWhole) hands back a row per (bucket,
 * value) for values that end up in "$other", which needs two more reads:
 * at 1M events with 50,000 values, 1.5 s of statements on one thread for
 * the one read and 0.3 s for each of the others (bench/RESULTS.md). Instead,
 * each value's whole-range figure first, then one read of the kept values'
 * buckets and "$other" (lumpExcept).
 */
async function seemsToHaveMoreValues(ctx: ReportContext, q: TrendsQuery, s: Series, breakdown: Breakdown): Promise<boolean> {
  if (ctx.clickhouse) return (await breakdownValuesInClickHouse(ctx.clickhouse, ctx.projectId, s.event, q.from, q.to, breakdown, ctx.signal)) > breakdown.limit;
  const seen = await sampledValueCount(ctx, s.event, q.from, q.to, breakdownKey(ctx, breakdown), needsPersons([], breakdown.scope));
  return seen > breakdown.limit;
}

/** Maths whose figure for all persons is the sum of the figures of any split of them. */
const ADDS_UP_BY_PERSONS = new Set<SeriesMath>(["total", "unique_users", "sum"]);

/**
 * True when the aggregate reads each event's properties (a breakdown, a filter,
 * a property's value), not only its name, time and person: from an index
 * entry that carries them (on PostgreSQL, for events with small properties;
 * see eventsWithProperties).
 */
function readsProperties(q: TrendsQuery, spec: AggregateSpec): boolean {
  return Boolean(spec.groupBy || spec.restrict || q.where.length || spec.series.where.length || spec.series.property);
}

/** readsProperties, but a cohort filter does not count: it reads the event's person alone. */
function readsEventProperties(q: TrendsQuery, spec: AggregateSpec): boolean {
  const propertyFilter = (f: WhereFilter) => !isCohortFilter(f);
  return Boolean(spec.groupBy || spec.restrict || q.where.some(propertyFilter) || spec.series.where.some(propertyFilter) || spec.series.property);
}

/** True when the aggregate is split in two shares by persons (see aggregate). */
function splitsByPersons(q: TrendsQuery, spec: AggregateSpec): boolean {
  return ADDS_UP_BY_PERSONS.has(spec.series.math) && readsProperties(q, spec) && (spec.windows.length < 2 || Boolean(spec.withWhole));
}

/**
 * A series' figures per bucket and over the whole range, for a math that does
 * not add up over buckets (distinct users, averages, percentiles): two
 * statements that each read every event of the range. When neither is split
 * by persons, they run at once on the two threads (parallel/shares.ts): the
 * two halves of a unique-users count at 10M events took 0.70 and 0.78 s.
 */
async function bucketsAndWhole(ctx: ReportContext, q: TrendsQuery, undecided: AggregateSpec, wholeRange: AggregateSpec): Promise<[Aggregates, Aggregates]> {
  if (ctx.clickhouse) {
    // At once, the two share the report's memory: each sizes its parts of the persons against half.
    const half: ReportContext = { ...ctx, clickhouse: sharingMemory(ctx.clickhouse, 2) };
    return Promise.all([aggregate(half, q, undecided), aggregate(half, q, wholeRange)]);
  }
  // One decision for both: they read the same range (withReadDecided).
  const buckets = await withReadDecided(ctx, q, undecided);
  const whole: AggregateSpec = { ...wholeRange, membersOf: buckets.membersOf };
  if (splitsByPersons(q, buckets)) return [await aggregate(ctx, q, buckets), await aggregate(ctx, q, whole)];
  return bothAtOnce(ctx, q.from, (here) => aggregateShare(here, q, buckets), {
    run: (there) => aggregateShare(there, q, whole),
    onHelper: { task: "trendsAggregate", args: { query: q, spec: whole }, fromHelper: (answer) => answer },
  });
}

/**
 * (window, group) -> the series' math, over events of the series inside each
 * window. Split in two halves of its windows (byWindowHalves) where it has
 * several: each half reads half of the index range. Split by persons, each
 * share walked all of it: a unique-users count at 10M events on SQLite was 8%
 * faster for 60% more CPU, and once PostgreSQL's breakdowns read the
 * properties from an index too, a breakdown at 10M took 0.95 s by persons and
 * 0.57-0.67 s by windows (bench/RESULTS.md). A single window (a whole-range
 * figure) that reads properties and adds up over persons is split by persons
 * (parallel/shares.ts) instead.
 */
async function aggregate(ctx: ReportContext, q: TrendsQuery, unsettled: AggregateSpec): Promise<Aggregates> {
  if (ctx.clickhouse) return aggregateInClickHouse(ctx.clickhouse, ctx.projectId, q, unsettled, ctx.signal);
  const spec = await withReadDecided(ctx, q, unsettled);
  if (spec.membersOf) return byMemberHalves(ctx, q, spec, spec.membersOf);
  if (!splitsByPersons(q, spec)) return byWindowHalves(ctx, q, spec);
  return sumOfShares(await byPersonShares(ctx, q.from, "trendsAggregate", { query: q, spec }, (share) => aggregateShare(share, q, spec), (answer) => answer));
}

/** The spec with membersOf decided (see rangeRead), so that every share of it reads the same way. */
async function withReadDecided(ctx: ReportContext, q: TrendsQuery, spec: AggregateSpec): Promise<AggregateSpec> {
  if (spec.membersOf !== undefined) return spec;
  const bounds = tiledBounds(spec.windows);
  const cohort = bounds && (await chooseMembersFirst(ctx, [...q.where, ...spec.series.where], spec.series.event, bounds[0], bounds[bounds.length - 1]));
  return { ...spec, membersOf: cohort || null };
}

/**
 * An aggregate read members first: the members cut in two halves at their
 * median id, read at once (byPersonShares), when there are enough of them and
 * the math adds up over persons; otherwise in one piece.
 */
async function byMemberHalves(ctx: ReportContext, q: TrendsQuery, spec: AggregateSpec, cohort: string): Promise<Aggregates> {
  if (!ADDS_UP_BY_PERSONS.has(spec.series.math) || ctx.personRange) return aggregateShare(ctx, q, spec);
  const pivot = await medianMember(ctx, cohort, config().reportSplitMinPersons);
  if (pivot === null) return aggregateShare(ctx, q, spec);
  return sumOfShares(await byPersonShares(ctx, q.from, "trendsAggregate", { query: q, spec }, (share) => aggregateShare(share, q, spec), (answer) => answer, { pivot }));
}

/** Aggregates of disjoint persons, added up. */
function sumOfShares(shares: Aggregates[]): Aggregates {
  if (shares.length === 1) return shares[0];
  const sum: Aggregates = new Map();
  for (const share of shares) {
    for (const [i, groups] of share) {
      const into = sum.get(i) ?? new Map<string, number>();
      for (const [key, value] of groups) into.set(key, (into.get(key) ?? 0) + value);
      sum.set(i, into);
    }
  }
  return sum;
}

/**
 * An aggregate not split by persons, in two halves of its windows at once
 * (bothAtOnce): each window's figure depends on its own events alone, and
 * each half reads only its part of the index range. At 10M events a daily
 * total over 30 days read 3M index entries: 0.32 s on SQLite, 1.05 s on
 * PostgreSQL, in one statement.
 */
async function byWindowHalves(ctx: ReportContext, q: TrendsQuery, spec: AggregateSpec): Promise<Aggregates> {
  if (spec.windows.length < 2) return aggregateShare(ctx, q, spec);
  const middle = Math.ceil(spec.windows.length / 2);
  const early: AggregateSpec = { ...spec, windows: spec.windows.slice(0, middle) };
  const late: AggregateSpec = { ...spec, windows: spec.windows.slice(middle) };
  const [first, second] = await bothAtOnce(ctx, q.from, (here) => aggregateShare(here, q, early), {
    run: (there) => aggregateShare(there, q, late),
    onHelper: { task: "trendsAggregate", args: { query: q, spec: late }, fromHelper: (answer) => answer },
  });
  return new Map([...first, ...second]);
}

/** aggregate over the persons of ctx.personRange (all when unset). */
export async function aggregateShare(ctx: ReportContext, q: TrendsQuery, spec: AggregateSpec): Promise<Aggregates> {
  throwIfAborted(ctx.signal);
  const d = ctx.dialect;
  const { series } = spec;
  if (series.math === "unique_users" && !readsProperties(q, spec)) {
    // Who did the event when, and nothing else: the slot rows answer it.
    const counts = await uniqueUsersPerWindow(ctx, series.event, spec.windows);
    return new Map([...counts].map(([i, v]) => [i, new Map([[ALL, v]])]));
  }
  const sources = SOURCES;
  const share = inShare(ctx, sql.ref("e.person_id"));
  const bounds = tiledBounds(spec.windows);
  const read = bounds ? await rangeRead(ctx, q, spec, bounds) : null;
  const filters = read ? read.filters : [...q.where, ...series.where];
  const joinPersons = needsPersons(filters, spec.groupBy?.scope ?? spec.restrict?.breakdown.scope);
  const group = spec.groupBy ? lumped(breakdownKey(ctx, spec.groupBy), spec.lumpExcept) : sql<string>`cast(${ALL} as text)`;
  let restriction: RawBuilder<unknown> = sql`1 = 1`;
  if (spec.restrict) {
    const key = breakdownKey(ctx, spec.restrict.breakdown);
    const keys = spec.restrict.keys;
    if (spec.restrict.inside) restriction = keys.length ? sql`${key} IN (${sql.join(keys)})` : sql`1 = 0`;
    else if (keys.length) restriction = sql`${key} NOT IN (${sql.join(keys)})`;
  }

  const value = series.property ? propertyValue(d, sources, "event", series.property).number : sql<number | null>`NULL`;
  const fraction = PERCENTILES[series.math];
  const inJs = fraction !== undefined && !d.percentile;
  const math: Record<SeriesMath, () => RawBuilder<unknown>> = {
    total: () => sql`count(*)`,
    unique_users: () => sql`count(DISTINCT e.person_id)`,
    sum: () => sql`sum(${value})`,
    avg: () => sql`avg(${value})`,
    min: () => sql`min(${value})`,
    max: () => sql`max(${value})`,
    median: () => (inJs ? value : d.percentile!(value, 0.5)),
    p90: () => (inJs ? value : d.percentile!(value, 0.9)),
  };
  const windows = windowValues(spec.windows);
  const persons = joinPersons ? sql`LEFT JOIN persons p ON p.id = e.person_id` : sql``;
  const where = sql`${compileWhere(d, filters, sources)} AND ${restriction}${share}`;
  if (spec.withWhole) {
    // Each (window, value, person) once; counted per (window, value), and per
    // value over every window. Persons are disjoint between shares, so both
    // counts add up over shares (aggregate sums them).
    const seen = read
      ? sql`WITH d AS MATERIALIZED (
      SELECT DISTINCT ${read.window} AS i, ${group} AS k, e.person_id AS person
      FROM ${read.from}
      ${persons}
      WHERE ${read.where} AND ${where})`
      : sql`WITH b(i, bucket_start, bucket_end) AS (VALUES ${windows}),
      d AS MATERIALIZED (
      SELECT DISTINCT b.i AS i, ${group} AS k, e.person_id AS person
      FROM b
      JOIN ${d.eventsWithProperties} ON e.project_id = ${ctx.projectId} AND e.event = ${series.event} AND e.ts >= b.bucket_start AND e.ts < b.bucket_end
      ${persons}
      WHERE ${where})`;
    const rows = await sql<{ i: number; k: string; v: number | string }>`${seen}
      SELECT i, k, count(*) AS v FROM d GROUP BY i, k
      UNION ALL
      SELECT ${sql.lit(WHOLE)} AS i, k, count(*) AS v FROM (SELECT DISTINCT k, person FROM d) AS by_value GROUP BY k`.execute(ctx.db);
    const out: Aggregates = new Map();
    for (const row of rows.rows) {
      const i = Number(row.i);
      if (!out.has(i)) out.set(i, new Map());
      out.get(i)!.set(row.k, Number(row.v));
    }
    return out;
  }
  const body = read
    ? sql`
    SELECT ${read.window} AS i, ${group} AS k, ${math[series.math]()} AS v
    FROM ${read.from}
    ${persons}
    WHERE ${read.where} AND ${where}`
    : sql`
    WITH b(i, bucket_start, bucket_end) AS (VALUES ${windows})
    SELECT b.i AS i, ${group} AS k, ${math[series.math]()} AS v
    FROM b
    JOIN ${d.eventsByNameAndTime} ON e.project_id = ${ctx.projectId} AND e.event = ${series.event} AND e.ts >= b.bucket_start AND e.ts < b.bucket_end
    ${persons}
    WHERE ${where}`;

  const out = new Map<number, Map<string, number>>();
  if (!spec.groupBy && !inJs && !read) {
    // One number per window: a subquery per window reads its index range and
    // aggregates it on the spot. The join above would have SQLite sort every
    // event row by window first (it cannot know the windows come in order):
    // half the cost of a total, a quarter of a unique-users count.
    const rows = await sql<{ i: number; v: number | string | null }>`
      WITH b(i, bucket_start, bucket_end) AS (VALUES ${windows})
      SELECT b.i AS i, (
        SELECT ${math[series.math]()}
        FROM ${d.eventsByNameAndTime} ${persons}
        WHERE e.project_id = ${ctx.projectId} AND e.event = ${series.event} AND e.ts >= b.bucket_start AND e.ts < b.bucket_end
          AND ${where}
      ) AS v
      FROM b`.execute(ctx.db);
    for (const row of rows.rows) out.set(Number(row.i), new Map([[ALL, row.v === null ? 0 : Number(row.v)]]));
    return out;
  }
  const put = (i: number, k: string, v: number) => {
    if (!out.has(i)) out.set(i, new Map());
    out.get(i)!.set(k, v);
  };
  if (inJs) {
    // SQLite has no percentile function: read the numbers and take it here.
    const rows = await sql<{ i: number; k: string; v: number }>`${body} AND ${value} IS NOT NULL`.execute(ctx.db);
    const lists = new Map<string, { i: number; k: string; values: number[] }>();
    for (const row of rows.rows) {
      const id = `${row.i}\u0000${row.k}`;
      if (!lists.has(id)) lists.set(id, { i: Number(row.i), k: row.k, values: [] });
      lists.get(id)!.values.push(Number(row.v));
    }
    for (const { i, k, values } of lists.values()) put(i, k, percentile(values, fraction!));
    return out;
  }
  const rows = await sql<{ i: number; k: string; v: number | string | null }>`${body} GROUP BY ${read ? sql`1, 2` : sql`b.i, k`}`.execute(ctx.db);
  for (const row of rows.rows) put(Number(row.i), row.k, row.v === null ? 0 : Number(row.v));
  return out;
}

/**
 * One read of the events of a series over its whole range that serves every
 * window, each row's window found by the dialect's windowOf, instead of one
 * index range per window: `from` and `where` select the rows, `filters` are
 * the report's filters left to test on them.
 */
interface RangeRead {
  from: RawBuilder<unknown>;
  where: Condition;
  window: RawBuilder<number>;
  filters: WhereFilter[];
}

/**
 * How aggregateShare reads a range that its windows tile, or null for one
 * index range per window (joined to a VALUES list, or a subquery per window).
 *
 * Members first (membersFirst.ts), when the series requires a cohort small
 * against the range: each member's events from the person index.
 *
 * PostgreSQL, when more than the event's name and time must be read (a
 * breakdown, a filter, a property's value): one range of the events
 * (eventsWithProperties; for cohort filters alone, the plain index, which
 * carries the person), each event's window found by width_bucket's binary
 * search. Joined to a VALUES list instead, the planner cannot tell how many
 * events each window holds, and it tested every event of the project against
 * every window (bench/postgres-notes.md); a subquery per window re-tested the
 * cohort's members in each (8.7x the unfiltered report at 1M, wide shape).
 * Counts that the index alone answers keep one index range per window: there
 * it is the faster plan, as on SQLite.
 */
async function rangeRead(ctx: ReportContext, q: TrendsQuery, spec: AggregateSpec, bounds: number[]): Promise<RangeRead | null> {
  const d = ctx.dialect;
  const { event } = spec.series;
  const filters = [...q.where, ...spec.series.where];
  const [from, to] = [bounds[0], bounds[bounds.length - 1]];
  const window = d.windowOf(sql.ref("e.ts"), bounds, spec.windows.map((w) => w.i));
  const cohort = spec.membersOf !== undefined ? spec.membersOf : await chooseMembersFirst(ctx, filters, event, from, to);
  if (cohort) {
    return {
      // CROSS JOIN: SQLite keeps the members as the outer loop. The share's
      // persons cut the members' own range too.
      from: sql`cohort_members m CROSS JOIN ${d.eventsByPerson}`,
      where: sql`m.cohort_id = ${cohort}${inShare(ctx, sql.ref("m.person_id"))} AND e.project_id = ${ctx.projectId} AND e.person_id = m.person_id
        AND e.ts >= ${from} AND e.ts < ${to} AND e.event = ${event}`,
      window,
      filters: filtersBeyondMembers(filters, cohort),
    };
  }
  if (d.kind !== "postgres" || !readsProperties(q, spec)) return null;
  return {
    // A cohort filter alone reads the event's person, which the (project, event, ts, person) index carries.
    from: readsEventProperties(q, spec) ? d.eventsWithProperties : d.eventsByNameAndTime,
    where: sql`e.project_id = ${ctx.projectId} AND e.event = ${event} AND e.ts >= ${from} AND e.ts < ${to}`,
    window,
    filters,
  };
}

/** The windows' starts and the last one's end, when each window ends where the next starts; otherwise null. */
function tiledBounds(windows: Window[]): number[] | null {
  if (!windows.length) return null;
  for (let k = 1; k < windows.length; k++) if (windows[k].start !== windows[k - 1].end) return null;
  return [...windows.map((w) => w.start), windows[windows.length - 1].end];
}

/** Sum of one group's values over every window. */
function sumOver(values: Map<number, Map<string, number>>, key: string): number {
  let total = 0;
  for (const groups of values.values()) total += groups.get(key) ?? 0;
  return total;
}

/**
 * Counts add up: a "total" series' whole-range figure is the sum of its
 * buckets (the buckets tile the range), so one scan of the events serves both.
 * Distinct users and the other maths are not additive and get their own query.
 */
const additive = (s: Series) => s.math === "total";

/** Unique users and percentiles: the maths whose statements hold persons or values per event. */
const holdsPerEvent = (s: Series) => s.math === "unique_users" || s.math === "median" || s.math === "p90";

/**
 * `read` for every series, answers in the series' order. The SQL stores read
 * one series after another. ClickHouse runs statements side by side, and a
 * report's wait is mostly theirs: series holding a number per bucket (counts,
 * sums, averages, extremes) all run at once, beside the others, which run in
 * turn since each is sized against the report budget on its own (personsInParts).
 */
async function perSeries<T>(ctx: ReportContext, series: Series[], read: (s: Series, index: number) => Promise<T>): Promise<T[]> {
  const answers: T[] = new Array(series.length);
  if (!ctx.clickhouse) {
    for (const [i, s] of series.entries()) answers[i] = await read(s, i);
    return answers;
  }
  const light = Promise.all(series.map(async (s, i) => !holdsPerEvent(s) && (answers[i] = await read(s, i))));
  light.catch(() => {}); // awaited below, after the others
  for (const [i, s] of series.entries()) if (holdsPerEvent(s)) answers[i] = await read(s, i);
  await light;
  return answers;
}

function parseKey(key: string): unknown {
  try {
    return JSON.parse(key);
  } catch {
    return key;
  }
}

export async function trends(ctx: ReportContext, q: TrendsQuery): Promise<TrendsResult> {
  const buckets = timeBuckets(q.from, q.to, q.interval, ctx.timezone).map((b, i) => ({ ...b, i }));
  const whole: Window[] = [{ i: 0, start: q.from, end: q.to }];
  const points = (values: Map<number, Map<string, number>>, key: string) =>
    buckets.map((b) => ({ t: new Date(b.t).toISOString(), value: values.get(b.i)?.get(key) ?? 0 }));

  if (!q.breakdown) {
    const series = await perSeries(ctx, q.series, async (s) => {
      if (additive(s)) {
        const perBucket = await aggregate(ctx, q, { series: s, windows: buckets });
        return { label: s.label ?? s.event, total: sumOver(perBucket, ALL), data: points(perBucket, ALL) };
      }
      const [perBucket, overall] = await bucketsAndWhole(ctx, q, { series: s, windows: buckets }, { series: s, windows: whole });
      return { label: s.label ?? s.event, total: overall.get(0)?.get(ALL) ?? 0, data: points(perBucket, ALL) };
    });
    return { series };
  }

  if (isCohortBreakdown(q.breakdown)) return trendsByCohorts(ctx, q, q.breakdown);

  // Every value any series has is a candidate; the first series' totals rank them
  // (0 where it has none), ties by the value's JSON text.
  const breakdown = q.breakdown;
  /**
   * Per series: each value's whole-range figure; for additive series every
   * value's buckets from the one scan that also gave their totals; for unique
   * users every value's buckets from the one read that also gave their
   * whole-range figures, or, with more values than kept (seemsToHaveMoreValues),
   * nothing yet: those are read after the ranking, with "$other" (lumped).
   */
  const firstReads = await perSeries(ctx, q.series, async (s) => {
    if (additive(s)) {
      const perBucket = await aggregate(ctx, q, { series: s, windows: buckets, groupBy: breakdown });
      const totals = new Map<string, number>();
      for (const groups of perBucket.values()) for (const [key, value] of groups) totals.set(key, (totals.get(key) ?? 0) + value);
      return { totals, grouped: perBucket, unique: null, lumped: false };
    }
    if (s.math === "unique_users" && !(await seemsToHaveMoreValues(ctx, q, s, breakdown))) {
      // The most asked breakdown: one read of the events gives every value's
      // buckets and whole-range figure; reading them for the totals and again
      // for the kept values' buckets took twice as long (bench/RESULTS.md).
      const perBucket = await aggregate(ctx, q, { series: s, windows: buckets, groupBy: breakdown, withWhole: true });
      const totals = perBucket.get(WHOLE) ?? new Map<string, number>();
      perBucket.delete(WHOLE);
      return { totals, grouped: null, unique: perBucket, lumped: false };
    }
    // Each value's whole-range figure; its buckets once the kept values are known.
    const totals = (await aggregate(ctx, q, { series: s, windows: whole, groupBy: breakdown })).get(0) ?? new Map<string, number>();
    return { totals, grouped: null, unique: null, lumped: s.math === "unique_users" };
  });
  const totalsBySeries = firstReads.map((r) => r.totals);
  const canonical = (key: string) => JSON.stringify(parseKey(key));
  const candidates = [...new Set(totalsBySeries.flatMap((totals) => [...totals.keys()]))];
  const ranked = candidates
    .map((key) => ({ key, rank: totalsBySeries[0].get(key) ?? 0, text: canonical(key) }))
    .sort((a, b) => b.rank - a.rank || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  const kept = ranked.slice(0, breakdown.limit).map((r) => r.key);
  const hasOther = ranked.length > kept.length;

  const linesBySeries = await perSeries(ctx, q.series, async (s, index): Promise<TrendsSeries[]> => {
    const label = s.label ?? s.event;
    const { grouped, unique, lumped } = firstReads[index];
    // The kept values' buckets and "$other" (buckets, and whole range as WHOLE) from one read.
    const keptAndOther = lumped ? await aggregate(ctx, q, { series: s, windows: buckets, groupBy: breakdown, withWhole: true, lumpExcept: kept }) : null;
    const perBucket =
      grouped ??
      unique ??
      keptAndOther ??
      (await aggregate(ctx, q, { series: s, windows: buckets, groupBy: breakdown, restrict: { breakdown, keys: kept, inside: true } }));
    const lines: TrendsSeries[] = kept.map((key) => ({
      label,
      breakdownValue: parseKey(key),
      total: totalsBySeries[index].get(key) ?? 0,
      data: points(perBucket, key),
    }));
    // Each series lists its values biggest first (stable: ties keep the ranking's order).
    lines.sort((a, b) => b.total - a.total);
    if (!hasOther) return lines;
    // Everything else as one group, so distinct users and percentiles stay right.
    if (grouped) {
      // The values not kept, summed per bucket.
      const keptKeys = new Set(kept);
      const otherBuckets = new Map<number, Map<string, number>>();
      for (const [i, groups] of grouped) {
        let sum = 0;
        for (const [key, value] of groups) if (!keptKeys.has(key)) sum += value;
        otherBuckets.set(i, new Map([[ALL, sum]]));
      }
      return [...lines, { label, breakdownValue: OTHER, total: sumOver(otherBuckets, ALL), data: points(otherBuckets, ALL) }];
    }
    if (keptAndOther) {
      const total = keptAndOther.get(WHOLE)?.get(OTHER) ?? 0;
      return [...lines, { label, breakdownValue: OTHER, total, data: points(keptAndOther, OTHER) }];
    }
    const outside = { breakdown, keys: kept, inside: false };
    const [otherBuckets, otherTotal] = await bucketsAndWhole(ctx, q, { series: s, windows: buckets, restrict: outside }, { series: s, windows: whole, restrict: outside });
    return [...lines, { label, breakdownValue: OTHER, total: otherTotal.get(0)?.get(ALL) ?? 0, data: points(otherBuckets, ALL) }];
  });
  return { series: linesBySeries.flat() };
}

/**
 * A breakdown by cohorts: each slice (a cohort's members, then those in none)
 * is the report without breakdown, filtered to that slice, so every math stays
 * exact and a person in two cohorts counts in both. Per series, its slices in
 * the order the cohorts were listed, then "$none".
 */
async function trendsByCohorts(ctx: ReportContext, q: TrendsQuery, breakdown: CohortBreakdown): Promise<TrendsResult> {
  const slices = cohortSlices(breakdown);
  const answers: TrendsResult[] = [];
  for (const slice of slices) answers.push(await trends(ctx, { ...q, breakdown: undefined, where: [...q.where, ...slice.where] }));
  const series: TrendsSeries[] = [];
  for (const index of q.series.keys()) {
    for (const [k, slice] of slices.entries()) series.push({ ...answers[k].series[index], breakdownValue: slice.value });
  }
  return { series };
}
