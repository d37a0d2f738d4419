// Where a ClickHouse report reads events, and who each event's person is.
//
// The person of an event is its distinct id's person NOW: the newest row of
// the versioned distinct-id table (argMax by version), which the shipper and
// the backfill write after every merge, so merges count retroactively without
// rewriting an event (docs/clickhouse.md, "How identity reaches ClickHouse").
//
// Events are not joined to that table by their distinct id, a string looked up
// once per event. A person only ever merges whole (lib/identity), so every event
// written with person P now belongs to the same person, and the map from
// write-time persons to current ones is one row per person that merged: built
// from event_persons (the (distinct id, write-time person) pairs the events hold)
// and the distinct-id table. A report reads the map once (eventsWithPersons):
// while it is small, every statement carries it as a transform() of the
// write-time person, which costs a third of what joining it did (2,000 merged
// persons, bench/RESULTS.md); a bigger map is joined to the events by number,
// built again in each statement.
// An event whose distinct id has no row there yet keeps its person at write time.
// On a cluster the map is built at the initiator and sent to every shard (inside
// the statement's text, or by GLOBAL JOIN): a person merged across shards is one person.
import { z } from "zod";
import type { ClickHouseClient } from "../../store/clickhouse/client";
import type { RowBinaryReader } from "../../store/clickhouse/rowBinary";
import { quoteString } from "../../store/clickhouse/literal";
import { distinctIdsTable, eventPersonsTable, eventsTable, type Topology } from "../../store/clickhouse/schema";
import type { PersonFilterIds } from "../personFilterIds";

export interface ClickHouseEvents {
  client: ClickHouseClient;
  topology: Topology;
  /** What one per-person statement may plan to hold (CLICKHOUSE_REPORT_MEMORY_MB): see personsInParts. */
  reportMemoryBytes: number;
  /**
   * When the report stops waiting for ClickHouse (ms since the epoch; lib/query/report.ts).
   * Statements carry it as max_execution_time: 18.16 does not notice an HTTP client that
   * went away, so without it an abandoned statement would run to its end on the server.
   */
  deadline?: number;
  /** The report's reads of the merged-person map, by project (eventsWithPersons): one per report, whatever its statements. */
  mergedPersons?: Map<string, Promise<EventsWithPersons>>;
  /** The distinct ids of the report's person filters (lib/query/personFilterIds.ts), read before its statements. */
  personFilters?: PersonFilterIds;
}

export function clickHouseEvents(client: ClickHouseClient, cluster: string | null, reportMemoryBytes: number): ClickHouseEvents {
  return { client, topology: { database: client.database, cluster }, reportMemoryBytes, mergedPersons: new Map() };
}

/** The events table, for statements that do not read persons (see eventsWithPersons). */
export function eventsFrom(source: ClickHouseEvents): string {
  return eventsTable(source.topology);
}

/** Where a per-person statement reads its events: the FROM clause, and the SQL of an event's current person there (UInt64). */
export interface EventsWithPersons {
  from: string;
  person: string;
}

/**
 * The map carried inline up to this many merged persons, and within the report
 * budget at 4 kB each (each pair is text, two parsed literals and an entry of
 * transform()'s table in every statement; counted with room): 10,000 pairs are
 * about 200 kB of statement text.
 */
const MOST_MERGED_INLINE = 10_000;
const BYTES_PER_MERGED_INLINE = 4_000;

/** Most merged persons a statement carries inline, for this report budget. */
export function mostMergedInline(source: ClickHouseEvents): number {
  return Math.min(MOST_MERGED_INLINE, Math.floor(source.reportMemoryBytes / BYTES_PER_MERGED_INLINE));
}

/** The events and their current persons (see the top of the file), the merged-person map read once per report. */
export function eventsWithPersons(source: ClickHouseEvents, projectId: string, signal?: AbortSignal): Promise<EventsWithPersons> {
  const known = source.mergedPersons?.get(projectId);
  if (known) return known;
  const read = readEventsWithPersons(source, projectId, signal);
  source.mergedPersons?.set(projectId, read);
  // A failed read (an aborted report) is not remembered.
  read.catch(() => source.mergedPersons?.delete(projectId));
  return read;
}

async function readEventsWithPersons(source: ClickHouseEvents, projectId: string, signal?: AbortSignal): Promise<EventsWithPersons> {
  const events = eventsTable(source.topology);
  const limit = mostMergedInline(source);
  const pairs = await reportRows(source, `${mergedPersonMap(source, projectId)} LIMIT ${limit + 1}`, mergedPairSchema, signal);
  if (pairs.length > limit) {
    const global = source.topology.cluster ? "GLOBAL " : "";
    return { from: `${events} ${global}ANY LEFT JOIN (${mergedPersonMap(source, projectId)}) USING person_id`, person: "if(current_person = 0, person_id, current_person)" };
  }
  if (!pairs.length) return { from: events, person: "person_id" };
  const list = (pick: (pair: z.infer<typeof mergedPairSchema>) => number) => `CAST([${pairs.map(pick).join(", ")}] AS Array(UInt64))`;
  return { from: events, person: `transform(person_id, ${list((pair) => pair.person_id)}, ${list((pair) => pair.current_person)}, person_id)` };
}

const mergedPairSchema = z.object({ person_id: z.number(), current_person: z.number() });

/** SQL: one row per write-time person that merged, (person_id, current_person). */
function mergedPersonMap(source: ClickHouseEvents, projectId: string): string {
  const global = source.topology.cluster ? "GLOBAL " : "";
  const project = quoteString(projectId);
  // Should two distinct ids of one write-time person disagree (a merge half
  // copied), the newer mapping wins, as it would for each id on its own.
  return `SELECT person_id, argMax(current, newest) AS current_person
      FROM (SELECT distinct_id, person_id FROM ${eventPersonsTable(source.topology)} WHERE project_id = ${project})
      ${global}ANY INNER JOIN (
        SELECT distinct_id, argMax(person_id, version) AS current, max(version) AS newest
        FROM ${distinctIdsTable(source.topology)}
        WHERE project_id = ${project}
        GROUP BY distinct_id
      ) USING distinct_id
      WHERE person_id != current
      GROUP BY person_id`;
}

/**
 * Rows of a report statement. Integers arrive as JSON numbers (a person id or a
 * count is far below 2^53), and the report's signal stops the wait.
 */
export async function reportRows<T>(source: ClickHouseEvents, statement: string, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T[]> {
  return source.client.query(statement, schema, { ...statementSettings(source, statement), output_format_json_quote_64bit_integers: 0 }, signal);
}

/** A report statement's rows in RowBinary, for those with millions of numbers (see rowBinary.ts). */
export async function reportRowBinary(source: ClickHouseEvents, statement: string, signal?: AbortSignal): Promise<RowBinaryReader> {
  return source.client.queryRowBinary(statement, statementSettings(source, statement), signal);
}

function statementSettings(source: ClickHouseEvents, statement: string): Record<string, number> {
  // A statement may carry long lists (a paths report's distinct pages): past the 256 kB
  // ClickHouse parses by default, it says how long it is.
  const settings: Record<string, number> = { max_query_size: Math.max(262_144, Buffer.byteLength(statement) + 1_024) };
  if (source.deadline !== undefined) settings.max_execution_time = Math.max(1, Math.ceil((source.deadline - Date.now()) / 1000));
  return settings;
}

/**
 * How a per-person statement splits its persons so that none plans to hold more
 * than source.reportMemoryBytes: one condition on the person (`persons.person`)
 * per statement (["1"]: one statement for everyone). Per-person statements keep
 * each person's events in memory until the person is complete (groupArray); at
 * 10M events a funnel's one statement outgrew the 1 GB a query may use on a
 * modest server, and ClickHouse 18.16 does not spill these states to disk.
 * `matching` (a condition on the events alone) counts the events first, while
 * the persons are read (eventsWithPersons: one round trip for both);
 * `bytesPerEvent` is the statement's measured peak per event (bench/). Part k
 * takes the persons whose id modulo the number of parts is k, so each person is
 * whole in one part.
 */
export async function personsInParts(
  source: ClickHouseEvents,
  projectId: string,
  matching: string,
  bytesPerEvent: number,
  signal?: AbortSignal,
): Promise<{ persons: EventsWithPersons; parts: string[] }> {
  const statement = `SELECT count() AS n FROM ${eventsFrom(source)} WHERE ${matching}`;
  const [persons, [row]] = await Promise.all([
    eventsWithPersons(source, projectId, signal),
    reportRows(source, statement, z.object({ n: z.number() }), signal),
  ]);
  return { persons, parts: personPartsFor(source, persons, row?.n ?? 0, bytesPerEvent) };
}

/**
 * An event's share of a unique-users statement's peak memory: uniqExact keeps a
 * hash set of persons per window and group, up to one entry per event (~34
 * bytes measured at 100M, 18.16; with room). Past the report budget the persons
 * are counted in parts, whose counts add up: a person is in one part.
 */
export const BYTES_PER_UNIQUE_EVENT = 40;

/** The source for one of `ways` statements that run at once: each plans within its share of the report's memory. */
export function sharingMemory(source: ClickHouseEvents, ways: number): ClickHouseEvents {
  return { ...source, reportMemoryBytes: Math.floor(source.reportMemoryBytes / ways) };
}

/** personsInParts for a statement whose caller already counted its events. */
export function personPartsFor(source: ClickHouseEvents, persons: EventsWithPersons, events: number, bytesPerEvent: number): string[] {
  const eventsPerPart = Math.max(1, Math.floor(source.reportMemoryBytes / bytesPerEvent));
  const parts = Math.ceil(events / eventsPerPart);
  if (parts <= 1) return ["1"];
  return Array.from({ length: parts }, (_, part) => `(${persons.person}) % ${parts} = ${part}`);
}

/**
 * A list of numbers in a report row, checked in one plain loop: per-element
 * parsing of a funnel's million times was a good share of its client time.
 */
export const numberList = z.custom<number[]>((value) => Array.isArray(value) && value.every((x) => typeof x === "number"), "a list of numbers");
