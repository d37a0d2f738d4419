// Trends on ClickHouse: a series' math per window and group (trendsAggregates.ts),
// one statement over the series' events in the windows' span. trends.ts
// assembles the report from these exactly as it does from SQL's.
import { z } from "zod";
import { quoteString } from "../../store/clickhouse/literal";
import type { Breakdown, SeriesMath, TrendsQuery } from "../model";
import { percentile } from "../stats";
import { ALL, OTHER, WHOLE, type Aggregates, type AggregateSpec } from "../trendsAggregates";
import { breakdownValueOf, clickHouseKeyOf, compileWhere, eventProperty, windowOf } from "./expressions";
import { BYTES_PER_UNIQUE_EVENT, eventsFrom, personsInParts, reportRows, sharingMemory, type ClickHouseEvents } from "./source";

/** The group "$other" stands for in a statement: no key (JSON text, 's' + text, or '') starts with it. */
const OTHER_KEY = "\u0001other";

const PERCENTILES: Partial<Record<SeriesMath, number>> = { median: 0.5, p90: 0.9 };

const MATHS: Record<SeriesMath, string> = {
  total: "count()",
  unique_users: "uniqExact(person)",
  sum: "sum(value)",
  avg: "avg(value)",
  min: "min(value)",
  max: "max(value)",
  // The values themselves: the percentile is taken here, as on SQLite (stats.ts), to the same definition.
  median: "groupArray(value)",
  p90: "groupArray(value)",
};

const rowSchema = z.object({
  i: z.number(),
  k: z.string(),
  v: z.union([z.number(), z.null(), z.array(z.number())]),
});

/** The aggregate of `spec` (see AggregateSpec), read from ClickHouse. */
export async function aggregateInClickHouse(source: ClickHouseEvents, projectId: string, q: TrendsQuery, spec: AggregateSpec, signal?: AbortSignal): Promise<Aggregates> {
  const { series, windows } = spec;
  for (let k = 1; k < windows.length; k++) {
    if (windows[k].start !== windows[k - 1].end) throw new Error("ClickHouse trends read windows that tile their span");
  }
  const math = series.math;
  const fraction = PERCENTILES[math];
  const breakdown = spec.groupBy ?? spec.restrict?.breakdown;
  const key = breakdown ? eventProperty(breakdown.property).key : "''";
  let group = spec.groupBy ? key : quoteString(ALL);
  if (spec.groupBy && spec.lumpExcept) {
    const kept = spec.lumpExcept.map((json) => clickHouseKeyOf(spec.groupBy!, json));
    group = kept.length ? `if(${key} IN (${kept.map(quoteString).join(", ")}), ${key}, ${quoteString(OTHER_KEY)})` : quoteString(OTHER_KEY);
  }
  let restriction = "1";
  if (spec.restrict) {
    const keys = spec.restrict.keys.map((json) => clickHouseKeyOf(spec.restrict!.breakdown, json));
    const list = keys.map(quoteString).join(", ");
    if (spec.restrict.inside) restriction = keys.length ? `${key} IN (${list})` : "0";
    else if (keys.length) restriction = `${key} NOT IN (${list})`;
  }
  const readsPersons = math === "unique_users";
  const value = series.property ? eventProperty(series.property).number : "CAST(NULL AS Nullable(Float64))";
  const from = windows[0].start;
  const to = windows[windows.length - 1].end;
  const inRange = `project_id = ${quoteString(projectId)} AND event = ${quoteString(series.event)} AND ts >= ${from} AND ts < ${to}`;
  // Unique users of a big range are counted in parts of the persons; other maths read the events once.
  const statementsPerPart = spec.withWhole ? 2 : 1; // they run at once, each holding its sets
  const { persons, parts } = readsPersons
    ? await personsInParts(sharingMemory(source, statementsPerPart), projectId, inRange, BYTES_PER_UNIQUE_EVENT, signal)
    : { persons: null, parts: ["1"] };
  const inner = (part: string) => `
    SELECT ${windowOf("ts", windows)} AS i, ${group} AS k${persons ? `, ${persons.person} AS person` : ""}, ${value} AS value
    FROM ${persons?.from ?? eventsFrom(source)}
    WHERE ${inRange} AND ${part}
      AND ${compileWhere([...q.where, ...series.where], source.personFilters)} AND ${restriction}${fraction !== undefined ? " AND isNotNull(value)" : ""}`;
  const statementsOf = (part: string) => [
    `SELECT i, k, ${MATHS[math]} AS v FROM (${inner(part)}) GROUP BY i, k`,
    // Each value's distinct users over every window too: not a sum of the windows'.
    ...(spec.withWhole ? [`SELECT ${WHOLE} AS i, k, ${MATHS[math]} AS v FROM (${inner(part)}) GROUP BY k`] : []),
  ];

  const out: Aggregates = new Map();
  for (const part of parts) {
    const answers = await Promise.all(statementsOf(part).map((statement) => reportRows(source, statement, rowSchema, signal)));
    for (const row of answers.flat()) {
      const k = !spec.groupBy ? ALL : row.k === OTHER_KEY ? OTHER : breakdownValueOf(spec.groupBy, row.k);
      const v = Array.isArray(row.v) ? percentile(row.v, fraction ?? 0.5) : row.v === null || !Number.isFinite(row.v) ? 0 : row.v;
      if (!out.has(row.i)) out.set(row.i, new Map());
      const counts = out.get(row.i)!;
      // Parts hold disjoint persons, so their unique users add up.
      counts.set(k, (counts.get(k) ?? 0) + v);
    }
  }
  return out;
}

/**
 * About how many values the breakdown takes among the series' events of the
 * range (uniq: an estimate, which only chooses how trends.ts reads; both reads
 * give the same exact answer). A count over the key column alone, no person join.
 */
export async function breakdownValuesInClickHouse(
  source: ClickHouseEvents,
  projectId: string,
  event: string,
  from: number,
  to: number,
  breakdown: Breakdown,
  signal?: AbortSignal,
): Promise<number> {
  const statement = `SELECT uniq(${eventProperty(breakdown.property).key}) AS n FROM ${eventsFrom(source)}
    WHERE project_id = ${quoteString(projectId)} AND event = ${quoteString(event)} AND ts >= ${from} AND ts < ${to}`;
  const [row] = await reportRows(source, statement, z.object({ n: z.number() }), signal);
  return row?.n ?? 0;
}
