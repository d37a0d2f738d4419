// Funnels on ClickHouse: one row per current person with their step events,
// put in (time, arrival) order and walked here by the same walk as on SQLite and
// PostgreSQL (funnelWalk.ts). ClickHouse's windowFunnel() is not used: it keeps
// neither the best start nor the times between steps that API.md 3.1 defines.
import { z } from "zod";
import { inList, quoteString } from "../../store/clickhouse/literal";
import { walkEvents, type PersonJourney } from "../funnelWalk";
import { isCohortBreakdown, type FunnelQuery } from "../model";
import { breakdownValueOf, compileWhere, eventProperty } from "./expressions";
import { eventsFrom, PERSON, reportRows, type ClickHouseEvents } from "./source";

const rowSchema = z.object({
  person: z.number(),
  /** Each step event's time from q.from, its id (arrival), its step mask and breakdown key, in the same (unsorted) order. */
  t: z.array(z.number()),
  i: z.array(z.number()),
  m: z.array(z.number()),
  k: z.array(z.string()),
});

/** The steps an event satisfies, as bits (bit k: step k+1). */
function stepMask(q: FunnelQuery): string {
  if (q.steps.every((step) => !step.where.length)) {
    const bits = new Map<string, number>();
    q.steps.forEach((step, k) => bits.set(step.event, (bits.get(step.event) ?? 0) | (1 << k)));
    const names = [...bits.keys()];
    return `transform(event, [${names.map(quoteString).join(", ")}], [${names.map((name) => bits.get(name)).join(", ")}], 0)`;
  }
  return `(${q.steps.map((step, k) => `if(event = ${quoteString(step.event)} AND ${compileWhere(step.where)}, ${1 << k}, 0)`).join(" + ")})`;
}

/** Every person with a start in range, and how far they got (PersonJourney), read from ClickHouse. */
export async function journeysInClickHouse(source: ClickHouseEvents, projectId: string, q: FunnelQuery, signal?: AbortSignal): Promise<PersonJourney[]> {
  const windowMs = q.windowSeconds * 1000;
  const breakdown = q.breakdown && !isCohortBreakdown(q.breakdown) ? q.breakdown : undefined;
  const key = breakdown ? eventProperty(breakdown.property).key : "''";
  const names = [...new Set(q.steps.map((s) => s.event))];
  // Each column's list in the same order; sorted here, not in ClickHouse, where sorting
  // arrays of tuples took half of the statement's time (18.16, bench/RESULTS.md).
  const statement = `
    SELECT person, groupArray(toInt64(ts) - ${q.from}) AS t, groupArray(event_id) AS i, groupArray(mask) AS m,
      ${breakdown ? "groupArray(key)" : "emptyArrayString()"} AS k
    FROM (
      SELECT ${PERSON} AS person, ts, event_id, ${stepMask(q)} AS mask, ${key} AS key
      FROM ${eventsFrom(source, projectId, true)}
      WHERE project_id = ${quoteString(projectId)} AND event IN ${inList(names)}
        AND ts >= ${q.from} AND ts <= ${q.to - 1 + windowMs}
        AND ${compileWhere(q.where)}
    )
    WHERE mask != 0
    GROUP BY person`;
  const rows = await reportRows(source, statement, rowSchema, signal);
  const journeys: PersonJourney[] = [];
  for (const row of rows) {
    const order = timeAndArrivalOrder(row.t, row.i);
    const times = order.map((j) => row.t[j]);
    const masks = order.map((j) => row.m[j]);
    const keyOf = breakdown ? (n: number) => breakdownValueOf(breakdown, row.k[order[n]]) : () => "all";
    const journey = walkEvents(times, masks, keyOf, q.steps.length, 0, q.to - q.from, windowMs);
    if (journey) journeys.push({ personId: row.person, ...journey });
  }
  // In person order, as funnelJourneys gives them (the persons of a step are listed in that order).
  return journeys.sort((a, b) => a.personId - b.personId);
}

/** The indexes of one person's events in (time, arrival) order. */
function timeAndArrivalOrder(times: number[], ids: number[]): number[] {
  const order = times.map((_, j) => j);
  return order.sort((a, b) => times[a] - times[b] || ids[a] - ids[b]);
}
