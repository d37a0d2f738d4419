// Paths on ClickHouse: for each current person with a start in range, their
// anchor (first start) and their first step events from it on, by time. paths.ts
// cuts each list into the person's path exactly as it does the SQL reports'
// lists, and reads a person again without the cut when it may have split
// events of equal time (as on SQLite and PostgreSQL).
import { z } from "zod";
import { chunks } from "../../store/chunks";
import { inList, quoteString } from "../../store/clickhouse/literal";
import type { PathsQuery } from "../model";
import { compileWhere, eventProperty } from "./expressions";
import { packedEvent, packedTime, packingFor, PERSONS_PER_REREAD, unpack, type Packing } from "./packed";
import { eventsFrom, eventsWithPersons, numberList, personPartsFor, reportRowBinary, reportRows, type ClickHouseEvents, type EventsWithPersons } from "./source";

/** The events that are steps in "pages" mode (as in paths.ts). */
const PAGE_EVENT = "$pageview";
const SCREEN_EVENT = "$screen";

/**
 * An event's share of the statement's peak memory: every step event of a person
 * from the range's start is gathered (one packed number each) before the cut;
 * ~73 measured at 1M (bench/, 18.16), with room.
 */
const BYTES_PER_EVENT = 100;

/** One person's anchor and the [ts, id, step] of their step events from it on. */
export interface AnchoredEvents {
  person: number;
  anchor: number;
  events: [number, number, string][];
}

const rowSchema = z.object({ person: z.number(), anchor: z.number(), times: numberList, ids: numberList, codes: numberList });

/**
 * What a step of an event is called: its name, or in "pages" mode its path
 * ($pageview) or its `name` property as text ($screen); NULL when it has none.
 */
function stepOf(q: PathsQuery): string {
  if (q.mode === "events") return "event";
  const name = eventProperty("name").key; // JSON text, '' when missing or null
  const screenName = `multiIf(${name} = '', NULL, startsWith(${name}, '"'), visitParamExtractString(concat('{"v":', ${name}, '}'), 'v'), ${name})`;
  return `if(event = ${quoteString(SCREEN_EVENT)}, ${screenName}, path)`;
}

/** How a paths statement reads: its conditions and the step names' codes. */
interface PathsRead {
  source: ClickHouseEvents;
  persons: EventsWithPersons;
  q: PathsQuery;
  limit: number | null;
  conditions: string;
  names: string[];
  code: string;
  isStart: string;
}

/**
 * Every person's anchored events (see AnchoredEvents), read from ClickHouse: the
 * first `limit` by time (null: all), of the persons `onlyPersons` (default: all).
 *
 * One pass per part of the persons: each person's anchor (first start before the
 * range's end) and all their step events, cut to those from the anchor on and
 * sorted by time there. Each event travels as ONE number (packed.ts): its time
 * and its step's code (its place in the range's distinct steps, read first),
 * where times, ids and steps took an array each. A person with two events at
 * the same millisecond in their list needs the arrival order too, and is read
 * again with ids (rare).
 */
export async function anchoredEventsInClickHouse(
  source: ClickHouseEvents,
  projectId: string,
  q: PathsQuery,
  limit: number | null,
  onlyPersons: number[] | null,
  signal?: AbortSignal,
): Promise<AnchoredEvents[]> {
  const step = stepOf(q);
  const conditions = [
    `project_id = ${quoteString(projectId)}`,
    `ts >= ${q.from}`,
    compileWhere(q.where, source.personFilters),
    ...(q.mode === "pages" ? [`event IN (${quoteString(PAGE_EVENT)}, ${quoteString(SCREEN_EVENT)})`, `isNotNull(${step})`] : []),
    ...(q.exclude.length ? [`NOT ifNull(${step} IN ${inList(q.exclude)}, 0)`] : []),
  ].join(" AND ");
  // The range's distinct steps and, with them, how many events the statement reads (personPartsFor) and the latest time.
  const [stepRows, persons] = await Promise.all([
    reportRows(
      source,
      `SELECT assumeNotNull(${step}) AS step, count() AS n, max(ts) AS last FROM ${eventsFrom(source)} WHERE ${conditions} GROUP BY step`,
      z.object({ step: z.string(), n: z.number(), last: z.number() }),
      signal,
    ),
    eventsWithPersons(source, projectId, signal),
  ]);
  const names = stepRows.map((row) => row.step);
  if (!names.length) return [];
  const code = `transform(assumeNotNull(${step}), [${names.map(quoteString).join(", ")}], CAST([${names.map((_, n) => n).join(", ")}] AS Array(UInt32)), toUInt32(${names.length}))`;
  // Not Nullable (a page's step is), or the anchor and every comparison with it would be.
  const isStart = `ts < ${q.to}${q.startEvent ? ` AND ifNull(${step} = ${quoteString(q.startEvent)}, 0)` : ""}`;
  const read: PathsRead = { source, persons, q, limit, conditions, names, code, isStart };
  if (onlyPersons) return fullRows(read, onlyPersons, signal);

  // Paths follow events past the range's end: the latest one bounds the packed times.
  const packing = packingFor("paths", q.from, Math.max(...stepRows.map((row) => row.last)), names.length);

  const events = stepRows.reduce((sum, row) => sum + row.n, 0);
  const anchored: AnchoredEvents[] = [];
  const withTies: number[] = [];
  for (const part of personPartsFor(source, persons, events, BYTES_PER_EVENT)) {
    // Rows of (person UInt64, anchor UInt64, p Array(UInt64): packed events from the anchor on, ascending).
    const rows = await packedRows(read, packing, part, signal);
    while (!rows.done) {
      const person = rows.uint64();
      const anchor = rows.uint64();
      const unpacked = unpack(packing, rows.uint64Array());
      if (!unpacked) {
        withTies.push(person);
        continue;
      }
      // Times differ here, so the arrival order is not needed: the place stands in for the id.
      const { times, codes } = unpacked;
      anchored.push({ person, anchor, events: times.map((time, n) => [q.from + time, n, names[codes[n]]]) });
    }
  }
  for (const persons of chunks(withTies, PERSONS_PER_REREAD)) anchored.push(...(await fullRows(read, persons, signal)));
  return anchored;
}

const cutOf = (limit: number | null) => (list: string) => (limit === null ? list : `arraySlice(${list}, 1, ${limit})`);

/** A part of the persons: anchors and packed events (see anchoredEventsInClickHouse). */
function packedRows(read: PathsRead, packing: Packing, part: string, signal?: AbortSignal) {
  const { source, persons, conditions, code, isStart } = read;
  const cut = cutOf(read.limit);
  const statement = `
    SELECT toUInt64(person), toUInt64(anchor), ${cut(`arraySort(arrayFilter(x -> x >= ${packedTime(packing, "anchor")}, ps))`)} AS p
    FROM (
      SELECT person, minIf(ts, is_start) AS anchor, countIf(is_start) AS starts, groupArray(packed) AS ps
      FROM (
        SELECT ${persons.person} AS person, ts, ${packedEvent(packing, code)} AS packed, ${isStart} AS is_start
        FROM ${persons.from}
        WHERE ${conditions} AND ${part}
      )
      GROUP BY person
      HAVING starts > 0
    )`;
  return reportRowBinary(source, statement, signal);
}

/** The named persons' anchored events with their ids, sorted by time (paths.ts orders equal times by id). */
async function fullRows(read: PathsRead, persons: number[], signal?: AbortSignal): Promise<AnchoredEvents[]> {
  const { source, conditions, names, code, isStart } = read;
  const cut = cutOf(read.limit);
  const fromAnchor = "arrayFilter(t -> t >= anchor, tss)";
  const byTime = (list: string) => cut(`arraySort((x, t) -> t, arrayFilter((x, t) -> t >= anchor, ${list}, tss), ${fromAnchor})`);
  const statement = `
    SELECT person, anchor, ${cut(`arraySort(${fromAnchor})`)} AS times, ${byTime("ids")} AS ids, ${byTime("codes")} AS codes
    FROM (
      SELECT person, minIf(ts, is_start) AS anchor, countIf(is_start) AS starts, groupArray(ts) AS tss, groupArray(event_id) AS ids, groupArray(code) AS codes
      FROM (
        SELECT ${read.persons.person} AS person, ts, event_id, ${code} AS code, ${isStart} AS is_start
        FROM ${read.persons.from}
        WHERE ${conditions} AND ${read.persons.person} IN ${inList(persons)}
      )
      GROUP BY person
      HAVING starts > 0
    )`;
  const rows = await reportRows(source, statement, rowSchema, signal);
  return rows.map((row) => ({ person: row.person, anchor: row.anchor, events: row.times.map((ts, n) => [ts, row.ids[n], names[row.codes[n]]]) }));
}
