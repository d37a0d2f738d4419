// Funnels on ClickHouse: one row per current person with their step events in
// (time, arrival) order, walked here by the same walk as on SQLite and
// PostgreSQL (funnelWalk.ts). ClickHouse's windowFunnel() is not used: it keeps
// neither the best start nor the times between steps that API.md 3.1 defines.
import { z } from "zod";
import { inList, quoteString } from "../../store/clickhouse/literal";
import { candidates, walkEvents, type PersonJourney } from "../funnelWalk";
import { isCohortBreakdown, type FunnelQuery } from "../model";
import { breakdownValueOf, compileWhere, eventProperty } from "./expressions";
import { eventsFrom, PERSON, reportRows, type ClickHouseEvents } from "./source";

const rowSchema = z.object({
  person: z.number(),
  /** "t1,m1,t2,m2,...": times from q.from and step masks, in (time, arrival) order. */
  tm: z.string(),
  /** Each event's breakdown key (ClickHouse's form), in the same order; empty without a breakdown. */
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
  // Sorted as tuples: by time, then by event id (arrival), as the SQL reports order them.
  const statement = `
    SELECT person,
      arrayStringConcat(arrayMap(x -> concat(toString(x.1), ',', toString(x.3)), events), ',') AS tm,
      ${breakdown ? "arrayMap(x -> x.4, events)" : "emptyArrayString()"} AS k
    FROM (
      SELECT person, arraySort(groupArray((toInt64(ts) - ${q.from}, event_id, mask, key))) AS events
      FROM (
        SELECT ${PERSON} AS person, ts, event_id, ${stepMask(q)} AS mask, ${key} AS key
        FROM ${eventsFrom(source, projectId, true)}
        WHERE project_id = ${quoteString(projectId)} AND event IN ${inList(names)}
          AND ts >= ${q.from} AND ts <= ${q.to - 1 + windowMs}
          AND ${compileWhere(q.where)}
      )
      WHERE mask != 0
      GROUP BY person
    )`;
  const rows = await reportRows(source, statement, rowSchema, signal);
  const journeys: PersonJourney[] = [];
  for (const row of rows) {
    const { times, masks } = candidates(row.tm);
    const keyOf = breakdown ? (i: number) => breakdownValueOf(breakdown, row.k[i]) : () => "all";
    const journey = walkEvents(times, masks, keyOf, q.steps.length, 0, q.to - q.from, windowMs);
    if (journey) journeys.push({ personId: row.person, ...journey });
  }
  // In person order, as funnelJourneys gives them (the persons of a step are listed in that order).
  return journeys.sort((a, b) => a.personId - b.personId);
}
