// Funnels on ClickHouse: one row per current person with their step events,
// put in (time, arrival) order and walked here by the same walk as on SQLite and
// PostgreSQL (funnelWalk.ts). ClickHouse's windowFunnel() is not used: it keeps
// neither the best start nor the times between steps that API.md 3.1 defines.
import { z } from "zod";
import { inList, quoteString } from "../../store/clickhouse/literal";
import { walkEvents, type PersonJourney } from "../funnelWalk";
import { isCohortBreakdown, type FunnelQuery } from "../model";
import { breakdownValueOf, compileWhere, eventProperty } from "./expressions";
import { eventsFrom, numberList, PERSON, personParts, reportRows, type ClickHouseEvents } from "./source";

/** A step event's share of the statement's peak memory: ~150 MB for 0.9M of them (bench/, 18.16). */
const BYTES_PER_EVENT = 170;

const rowSchema = z.object({
  person: z.number(),
  /** Each step event's time from q.from, id (arrival), step mask and breakdown key, in time order (see below). */
  t: numberList,
  i: numberList,
  m: numberList,
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
  // Each list sorted by the time alone, a number, with the same permutation (one key
  // array, one deterministic sort): sorting arrays of (time, id) tuples took half of
  // the statement on 18.16. Equal times are put in arrival order here (inArrivalOrder).
  const byTime = (list: string) => `arraySort((x, time) -> time, ${list}, groupArray(ts))`;
  const matching = `project_id = ${quoteString(projectId)} AND event IN ${inList(names)}
        AND ts >= ${q.from} AND ts <= ${q.to - 1 + windowMs}
        AND ${compileWhere(q.where)}`;
  const journeys: PersonJourney[] = [];
  for (const part of await personParts(source, projectId, matching, BYTES_PER_EVENT, signal)) {
    const statement = `
    SELECT person, arraySort(groupArray(toInt64(ts) - ${q.from})) AS t, ${byTime("groupArray(event_id)")} AS i, ${byTime("groupArray(mask)")} AS m,
      ${breakdown ? byTime("groupArray(key)") : "emptyArrayString()"} AS k
    FROM (
      SELECT ${PERSON} AS person, ts, event_id, ${stepMask(q)} AS mask, ${key} AS key
      FROM ${eventsFrom(source, projectId, true)}
      WHERE ${matching} AND ${part}
    )
    WHERE mask != 0
    GROUP BY person`;
    // Each part is walked as it arrives: only the journeys are kept.
    for (const row of await reportRows(source, statement, rowSchema, signal)) {
      inArrivalOrder(row);
      const keyOf = breakdown ? (n: number) => breakdownValueOf(breakdown, row.k[n]) : () => "all";
      const journey = walkEvents(row.t, row.m, keyOf, q.steps.length, 0, q.to - q.from, windowMs);
      if (journey) journeys.push({ personId: row.person, ...journey });
    }
  }
  // In person order, as funnelJourneys gives them (the persons of a step are listed in that order).
  return journeys.sort((a, b) => a.personId - b.personId);
}

/**
 * A person's lists, sorted by time, with each run of equal times put in arrival
 * (id) order in place: rare, so most persons cost one pass over their times.
 */
function inArrivalOrder(row: z.infer<typeof rowSchema>): void {
  const { t, i, m, k } = row;
  for (let start = 0; start < t.length; ) {
    let end = start + 1;
    while (end < t.length && t[end] === t[start]) end++;
    if (end - start > 1) {
      const run = Array.from({ length: end - start }, (_, n) => start + n).sort((a, b) => i[a] - i[b]);
      const [ids, masks, keys] = [run.map((j) => i[j]), run.map((j) => m[j]), run.map((j) => k[j])];
      run.forEach((_, n) => {
        i[start + n] = ids[n];
        m[start + n] = masks[n];
        if (k.length) k[start + n] = keys[n];
      });
    }
    start = end;
  }
}
