// Paths on ClickHouse: for each current person with a start in range, their
// anchor (first start) and their first step events from it on, by time. paths.ts
// cuts each list into the person's path exactly as it does the SQL reports'
// lists, and reads a person again without the cut when it may have split
// events of equal time (as on SQLite and PostgreSQL).
import { z } from "zod";
import { inList, quoteString } from "../../store/clickhouse/literal";
import type { PathsQuery } from "../model";
import { compileWhere, eventProperty } from "./expressions";
import { eventsFrom, PERSON, personParts, reportRows, type ClickHouseEvents } from "./source";

/**
 * An event's share of the statement's peak memory: each person's events from the
 * anchor on are gathered before the cut, ~300 MB for 1M events (bench/, 18.16).
 */
const BYTES_PER_EVENT = 300;

/** The events that are steps in "pages" mode (as in paths.ts). */
const PAGE_EVENT = "$pageview";
const SCREEN_EVENT = "$screen";

/** One person's anchor and the [ts, id, step] of their step events from it on. */
export interface AnchoredEvents {
  person: number;
  anchor: number;
  events: [number, number, string][];
}

const rowSchema = z.object({ person: z.number(), anchor: z.number(), events: z.array(z.tuple([z.number(), z.number(), z.string()])) });

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
  // A few persons read again (onlyPersons) fit in one statement; everyone may not (personParts).
  const parts = onlyPersons ? ["1"] : await personParts(source, projectId, conditions, BYTES_PER_EVENT, signal);
  const rows: AnchoredEvents[] = [];
  for (const part of parts) {
    const stepEvents = `SELECT ${PERSON} AS person, ts, event_id, ${step} AS step FROM ${eventsFrom(source, projectId, true)} WHERE ${conditions} AND ${part}`;
    // Sorted by time alone, a number: sorting the tuples themselves took most of the statement (18.16).
    const byTime = "arraySort((x, t) -> t, groupArray((ts, event_id, assumeNotNull(step))), groupArray(ts))";
    const statement = `
    SELECT person, anchor, ${limit === null ? byTime : `arraySlice(${byTime}, 1, ${limit})`} AS events
    FROM (${stepEvents})
    ANY INNER JOIN (
      SELECT person, min(ts) AS anchor
      FROM (${stepEvents})
      WHERE ts < ${q.to}${q.startEvent ? ` AND step = ${quoteString(q.startEvent)}` : ""}
      GROUP BY person
    ) USING person
    WHERE ts >= anchor${onlyPersons ? ` AND person IN ${inList(onlyPersons)}` : ""}
    GROUP BY person, anchor`;
    for (const row of await reportRows(source, statement, rowSchema, signal)) rows.push(row);
  }
  return rows;
}
