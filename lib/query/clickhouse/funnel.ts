// Funnels on ClickHouse: one row per current person with their step events in
// time order, walked here by the same walk as on SQLite and PostgreSQL
// (funnelWalk.ts). ClickHouse's windowFunnel() is not used: it keeps neither the
// best start nor the times between steps that API.md 3.1 defines.
//
// Each step event travels as ONE number (packed.ts): its time and a code for its
// step mask (the range's distinct masks, counted first). A person with two step
// events at the same millisecond is read again with their ids. The rows come as
// RowBinary (lib/store/clickhouse/rowBinary.ts): as JSON, parsing them took a
// third of a 10M-event funnel.
import { z } from "zod";
import { chunks } from "../../store/chunks";
import { inList, quoteString } from "../../store/clickhouse/literal";
import { walkEvents, type PersonJourney } from "../funnelWalk";
import { isCohortBreakdown, type FunnelQuery } from "../model";
import { breakdownValueOf, compileWhere, eventProperty } from "./expressions";
import { packedEvent, packingFor, PERSONS_PER_REREAD, unpack, type Packing } from "./packed";
import { eventsFrom, eventsWithPersons, numberList, personPartsFor, reportRowBinary, reportRows, type ClickHouseEvents, type EventsWithPersons } from "./source";

/** A step event's share of a statement's peak memory, one packed number each: ~65 measured at 1M (bench/, 18.16), with room. */
const BYTES_PER_EVENT = 90;

const fullRowSchema = z.object({
  person: z.number(),
  /** Each step event's time from q.from, id (arrival), step mask and breakdown key, in time order. */
  t: numberList,
  i: numberList,
  m: numberList,
  k: z.array(z.string()),
});

/** The steps an event satisfies, as bits (bit k: step k+1). */
function stepMask(q: FunnelQuery, source: ClickHouseEvents): string {
  if (q.steps.every((step) => !step.where.length)) {
    const bits = new Map<string, number>();
    q.steps.forEach((step, k) => bits.set(step.event, (bits.get(step.event) ?? 0) | (1 << k)));
    const names = [...bits.keys()];
    return `transform(event, [${names.map(quoteString).join(", ")}], [${names.map((name) => bits.get(name)).join(", ")}], 0)`;
  }
  return `(${q.steps.map((step, k) => `if(event = ${quoteString(step.event)} AND ${compileWhere(step.where, source.personFilters)}, ${1 << k}, 0)`).join(" + ")})`;
}

/** How a funnel statement reads: its events' condition, and the SQL of their breakdown key (null without a breakdown). */
interface FunnelRead {
  source: ClickHouseEvents;
  persons: EventsWithPersons;
  q: FunnelQuery;
  matching: string;
  key: string | null;
}

/** Every person with a start in range, and how far they got (PersonJourney), read from ClickHouse. */
export async function journeysInClickHouse(source: ClickHouseEvents, projectId: string, q: FunnelQuery, signal?: AbortSignal): Promise<PersonJourney[]> {
  const windowMs = q.windowSeconds * 1000;
  const breakdown = q.breakdown && !isCohortBreakdown(q.breakdown) ? q.breakdown : undefined;
  const names = [...new Set(q.steps.map((s) => s.event))];
  const matching = `project_id = ${quoteString(projectId)} AND event IN ${inList(names)}
        AND ts >= ${q.from} AND ts <= ${q.to - 1 + windowMs}
        AND ${compileWhere(q.where, source.personFilters)}`;

  // The range's distinct step masks, with how many events carry each (personPartsFor).
  const [maskRows, persons] = await Promise.all([
    reportRows(
      source,
      `SELECT mask, count() AS n FROM (SELECT ${stepMask(q, source)} AS mask FROM ${eventsFrom(source)} WHERE ${matching}) WHERE mask != 0 GROUP BY mask`,
      z.object({ mask: z.number(), n: z.number() }),
      signal,
    ),
    eventsWithPersons(source, projectId, signal),
  ]);
  const read: FunnelRead = { source, persons, q, matching, key: breakdown ? eventProperty(breakdown.property).key : null };
  if (!maskRows.length) return [];
  const masks = maskRows.map((row) => row.mask);
  const packing = packingFor("funnel", q.from, q.to - 1 + windowMs, masks.length);

  const journeys: PersonJourney[] = [];
  const walk = (person: number, times: number[], stepMasks: number[], keys: string[]) => {
    const keyOf = breakdown ? (n: number) => breakdownValueOf(breakdown, keys[n]) : () => "all";
    const journey = walkEvents(times, stepMasks, keyOf, q.steps.length, 0, q.to - q.from, windowMs);
    if (journey) journeys.push({ personId: person, ...journey });
  };
  const withTies: number[] = [];
  const events = maskRows.reduce((sum, row) => sum + row.n, 0);
  for (const part of personPartsFor(source, persons, events, BYTES_PER_EVENT)) {
    // Rows of (person UInt64, p Array(UInt64): packed events ascending, k Array(String): their keys in p's order).
    const rows = await packedRows(read, packing, masks, part, signal);
    while (!rows.done) {
      const person = rows.uint64();
      const packed = rows.uint64Array();
      const keys = rows.stringArray();
      const unpacked = unpack(packing, packed);
      if (!unpacked) {
        withTies.push(person);
        continue;
      }
      const { times, codes } = unpacked;
      walk(person, times, codes.map((code) => masks[code]), keys);
    }
  }
  for (const persons of chunks(withTies, PERSONS_PER_REREAD)) {
    for (const row of await fullRows(read, persons, signal)) {
      inArrivalOrder(row);
      walk(row.person, row.t, row.m, row.k);
    }
  }
  // In person order, as funnelJourneys gives them (the persons of a step are listed in that order).
  return journeys.sort((a, b) => a.personId - b.personId);
}

/** The step events of a part of the persons, one packed number each (packed.ts); only persons with a start in range. */
function packedRows(read: FunnelRead, packing: Packing, masks: number[], part: string, signal?: AbortSignal) {
  const { source, persons, q, matching, key } = read;
  const code = `transform(mask, [${masks.join(", ")}], [${masks.map((_, n) => n).join(", ")}], 0)`;
  const statement = `
    SELECT toUInt64(person), arraySort(groupArray(packed)) AS p,
      ${key ? "arraySort((x, y) -> y, groupArray(key), groupArray(packed))" : "emptyArrayString()"} AS k
    FROM (
      SELECT person, ${packedEvent(packing, code)} AS packed, key, bitAnd(mask, 1) = 1 AND ts < ${q.to} AS is_start
      FROM (
        SELECT ${persons.person} AS person, ts, ${stepMask(q, source)} AS mask, ${key ?? "''"} AS key
        FROM ${persons.from}
        WHERE ${matching} AND ${part}
      )
      WHERE mask != 0
    )
    GROUP BY person
    HAVING max(is_start)`;
  return reportRowBinary(source, statement, signal);
}

/** The named persons' step events with their ids, each list sorted by time (equal times put in arrival order by inArrivalOrder). */
function fullRows(read: FunnelRead, persons: number[], signal?: AbortSignal) {
  const { source, q, matching, key } = read;
  // Each list sorted by the time alone with the same permutation (one key array): sorting
  // arrays of (time, id) tuples took half of the statement on 18.16.
  const byTime = (list: string) => `arraySort((x, time) -> time, ${list}, groupArray(ts))`;
  const statement = `
    SELECT person, arraySort(groupArray(toInt64(ts) - ${q.from})) AS t, ${byTime("groupArray(event_id)")} AS i, ${byTime("groupArray(mask)")} AS m,
      ${key ? byTime("groupArray(key)") : "emptyArrayString()"} AS k
    FROM (
      SELECT ${read.persons.person} AS person, ts, event_id, ${stepMask(q, source)} AS mask, ${key ?? "''"} AS key
      FROM ${read.persons.from}
      WHERE ${matching} AND ${read.persons.person} IN ${inList(persons)}
    )
    WHERE mask != 0
    GROUP BY person`;
  return reportRows(source, statement, fullRowSchema, signal);
}

/**
 * A person's lists, sorted by time, with each run of equal times put in arrival
 * (id) order in place.
 */
function inArrivalOrder(row: z.infer<typeof fullRowSchema>): void {
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
