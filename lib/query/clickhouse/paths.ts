// Paths on ClickHouse: for each current person with a start in range, their
// anchor (first start) and their first step events from it on, by time. paths.ts
// cuts each list into the person's path exactly as it does the SQL reports'
// lists, and reads a person again without the cut when it may have split
// events of equal time (as on SQLite and PostgreSQL).
import { z } from "zod";
import { inList, quoteString } from "../../store/clickhouse/literal";
import type { PathsQuery } from "../model";
import { compileWhere, eventProperty } from "./expressions";
import { eventsFrom, numberList, PERSON, personPartsFor, reportRows, type ClickHouseEvents } from "./source";

/** The events that are steps in "pages" mode (as in paths.ts). */
const PAGE_EVENT = "$pageview";
const SCREEN_EVENT = "$screen";

/**
 * An event's share of the statement's peak memory: every step event of a person
 * from the range's start is gathered (three numbers each) before the cut; a part
 * of 3.3M events needed 450-600 MB (bench/, 18.16).
 */
const BYTES_PER_EVENT = 180;

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

/**
 * Every person's anchored events (see AnchoredEvents), read from ClickHouse: the
 * first `limit` by time (null: all), of the persons `onlyPersons` (default: all).
 *
 * One pass per part of the persons: each person's anchor (first start before the
 * range's end) and all their step events, as arrays of numbers, cut to those from
 * the anchor on and sorted by time there. The step names travel as numbers (their
 * place in the range's distinct steps, read first): 18.16 groups arrays of tuples
 * with strings at half the speed, and the anchors joined back to the events as a
 * second pass doubled the statement again.
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
    compileWhere(q.where),
    ...(q.mode === "pages" ? [`event IN (${quoteString(PAGE_EVENT)}, ${quoteString(SCREEN_EVENT)})`, `isNotNull(${step})`] : []),
    ...(q.exclude.length ? [`NOT ifNull(${step} IN ${inList(q.exclude)}, 0)`] : []),
  ].join(" AND ");
  // The range's distinct steps and, with them, how many events the statement reads (personPartsFor).
  const stepRows = await reportRows(
    source,
    `SELECT assumeNotNull(${step}) AS step, count() AS n FROM ${eventsFrom(source, projectId, false)} WHERE ${conditions} GROUP BY step`,
    z.object({ step: z.string(), n: z.number() }),
    signal,
  );
  const names = stepRows.map((row) => row.step);
  if (!names.length) return [];
  const code = `transform(assumeNotNull(${step}), [${names.map(quoteString).join(", ")}], CAST([${names.map((_, n) => n).join(", ")}] AS Array(UInt32)), toUInt32(${names.length}))`;
  // Not Nullable (a page's step is), or the anchor and every comparison with it would be.
  const isStart = `ts < ${q.to}${q.startEvent ? ` AND ifNull(${step} = ${quoteString(q.startEvent)}, 0)` : ""}`;
  const cut = (list: string) => (limit === null ? list : `arraySlice(${list}, 1, ${limit})`);
  const fromAnchor = "arrayFilter(t -> t >= anchor, tss)";
  const byTime = (list: string) => cut(`arraySort((x, t) -> t, arrayFilter((x, t) -> t >= anchor, ${list}, tss), ${fromAnchor})`);

  // A few persons read again (onlyPersons) fit in one statement; everyone may not (personParts).
  const events = stepRows.reduce((sum, row) => sum + row.n, 0);
  const parts = onlyPersons ? [`${PERSON} IN ${inList(onlyPersons)}`] : personPartsFor(source, events, BYTES_PER_EVENT);
  const anchored: AnchoredEvents[] = [];
  for (const part of parts) {
    const statement = `
    SELECT person, anchor, ${cut(`arraySort(${fromAnchor})`)} AS times, ${byTime("ids")} AS ids, ${byTime("codes")} AS codes
    FROM (
      SELECT person, minIf(ts, is_start) AS anchor, countIf(is_start) AS starts, groupArray(ts) AS tss, groupArray(event_id) AS ids, groupArray(code) AS codes
      FROM (
        SELECT ${PERSON} AS person, ts, event_id, ${code} AS code, ${isStart} AS is_start
        FROM ${eventsFrom(source, projectId, true)}
        WHERE ${conditions} AND ${part}
      )
      GROUP BY person
      HAVING starts > 0
    )`;
    for (const row of await reportRows(source, statement, rowSchema, signal)) {
      anchored.push({ person: row.person, anchor: row.anchor, events: row.times.map((ts, n) => [ts, row.ids[n], names[row.codes[n]]]) });
    }
  }
  return anchored;
}
