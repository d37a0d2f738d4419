// An event row of the Prisma database as a row of ClickHouse's events table, and
// a distinct id row likewise. Pure functions: the backfill and (later) the writer share them.
import { LIFTED_COLUMNS, type LiftedColumn } from "./schema";

/** What the events table of SQLite/PostgreSQL holds (lib/db/tables.ts EventsTable), as read. */
export interface SourceEvent {
  id: number | string | bigint;
  project_id: string;
  event: string;
  ts: number | string | bigint;
  received_at: number | string | bigint;
  distinct_id: string;
  person_id: number | string | bigint;
  message_id: string;
  /** JSON text on SQLite, already parsed on PostgreSQL (jsonb). */
  properties: unknown;
  context: unknown;
  [column: string]: unknown;
}

export interface ClickHouseEventRow {
  project_id: string;
  event_id: number;
  message_id: string;
  event: string;
  ts: number;
  received_at: number;
  distinct_id: string;
  person_id: number;
  properties: string;
  property_keys: string[];
  property_values: string[];
  context: string;
  [column: string]: string | number | string[] | null;
}

export class RowError extends Error {}

function integer(value: unknown, name: string): number {
  const n = typeof value === "bigint" ? Number(value) : typeof value === "string" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) throw new RowError(`event column ${name} is not a non-negative integer: ${String(value)}`);
  return n;
}

/**
 * A JSON column as { text, object }: SQLite's text is kept byte for byte (it is
 * what ingestion wrote); PostgreSQL's jsonb arrives parsed and is written back as
 * JSON text. Anything but a JSON object counts as {} (what lib/query/json.ts reads).
 */
export function jsonObject(value: unknown): { text: string; object: Record<string, unknown> } {
  if (typeof value === "string") {
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return { text: value, object: parsed as Record<string, unknown> };
    } catch {
      // falls through to {}
    }
    return { text: "{}", object: {} };
  }
  if (value && typeof value === "object" && !Array.isArray(value)) return { text: JSON.stringify(value), object: value as Record<string, unknown> };
  return { text: "{}", object: {} };
}

/**
 * The top-level properties as parallel arrays: keys, and each value as JSON text.
 * A report reads property k exactly as property_values[indexOf(property_keys, k)]
 * (18.16 has no JSONExtract): '"red"' is the string red, '3' the number 3, 'null' a null.
 */
export function propertyArrays(object: Record<string, unknown>): { keys: string[]; values: string[] } {
  const keys: string[] = [];
  const values: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined) continue;
    keys.push(key);
    values.push(JSON.stringify(value));
  }
  return { keys, values };
}

export function eventRowFor(source: SourceEvent): ClickHouseEventRow {
  const properties = jsonObject(source.properties);
  const context = jsonObject(source.context);
  const { keys, values } = propertyArrays(properties.object);
  const row: ClickHouseEventRow = {
    project_id: source.project_id,
    event_id: integer(source.id, "id"),
    message_id: source.message_id,
    event: source.event,
    ts: integer(source.ts, "ts"),
    received_at: integer(source.received_at, "received_at"),
    distinct_id: source.distinct_id,
    person_id: integer(source.person_id, "person_id"),
    properties: properties.text,
    property_keys: keys,
    property_values: values,
    context: context.text,
  };
  for (const column of LIFTED_COLUMNS) row[column satisfies LiftedColumn] = liftedValue(source[column]);
  return row;
}

function liftedValue(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

export interface SourceDistinctId {
  project_id: string;
  distinct_id: string;
  person_id: number | string | bigint;
  is_user_id: unknown;
}

export interface ClickHouseDistinctIdRow {
  project_id: string;
  distinct_id: string;
  person_id: number;
  is_user_id: 0 | 1;
  version: number;
}

/** `version` orders the rows of one distinct id: the greatest wins (argMax), so a re-pointing is written with a later one. */
export function distinctIdRowFor(source: SourceDistinctId, version: number): ClickHouseDistinctIdRow {
  const flag = source.is_user_id;
  return {
    project_id: source.project_id,
    distinct_id: source.distinct_id,
    person_id: integer(source.person_id, "person_id"),
    is_user_id: flag === true || flag === 1 || flag === "1" || flag === "t" || flag === "true" ? 1 : 0,
    version: integer(version, "version"),
  };
}
