// Listing a project's raw events: pages (newest first) for the API and the
// dashboard, and a stream of every match (oldest first) for exports.
import { z } from "zod";
import { connections } from "../db";
import type { EventsTable } from "../db/tables";
import { ApiError } from "../http/errors";
import { BUILTIN_PROPERTIES, type LiftedColumn } from "./builtinProperties";
import { storedInstant } from "./instant";
import { jsonColumn } from "./json";
import { personIdOf } from "./users";

const isoInstant = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), { message: "must be an ISO 8601 date" })
  .transform((v) => Date.parse(v));

export const eventsQuerySchema = z.object({
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  event: z.string().min(1).max(200).optional(),
  distinctId: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(200).optional(),
});

export type EventsQuery = z.output<typeof eventsQuerySchema>;

export interface EventRecord {
  id: string;
  messageId: string;
  event: string;
  distinctId: string;
  personId: string;
  timestamp: string;
  receivedAt: string;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
  /**
   * The built-in properties set on this event, by `$` name ({"$pathname":
   * "/pricing", "$browser": "Chrome", "$country": "DE"}): what ingestion lifted
   * out of context or enriched, so a reader sees the country an IP address gave
   * though the address itself is never stored.
   */
  builtinProperties: Record<string, string>;
}

/** The lifted columns of a stored event that hold a value, under their built-in names. */
function builtinPropertiesOf(row: Pick<EventsTable, LiftedColumn>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of BUILTIN_PROPERTIES) {
    const value = row[p.column];
    if (value !== null && value !== undefined) out[p.name] = String(value);
  }
  return out;
}

interface Cursor {
  ts: number;
  id: number;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.ts, cursor.id])).toString("base64url");
}

function decodeCursor(value: string): Cursor {
  try {
    const [ts, id] = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as unknown[];
    if (Number.isSafeInteger(ts) && Number.isSafeInteger(id)) return { ts: ts as number, id: id as number };
  } catch {
    // fall through to the error below
  }
  throw new ApiError(400, "invalid_cursor", "The cursor is not one this API handed out.");
}

/** Parses query-string parameters; 400 with the first problem. */
export function parseEventsQuery(params: URLSearchParams): EventsQuery {
  const parsed = eventsQuerySchema.safeParse(Object.fromEntries(params));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(400, "invalid_query", `${issue.path.join(".")} ${issue.message}`);
  }
  return parsed.data;
}

/** A page of events, with where the next page starts: the stored ts and id, not the formatted timestamp (which may be clamped, lib/query/instant.ts). */
interface Page {
  events: EventRecord[];
  last: Cursor | null;
}

async function fetchPage(projectId: string, q: EventsQuery, order: "asc" | "desc", after: Cursor | null): Promise<Page> {
  const { db } = connections();
  let query = db.selectFrom("events").selectAll().where("project_id", "=", projectId);
  if (q.from !== undefined) query = query.where("ts", ">=", q.from);
  if (q.to !== undefined) query = query.where("ts", "<", q.to);
  if (q.event) query = query.where("event", "=", q.event);
  if (q.distinctId) {
    // A distinct id stands for its whole person: stitched ids' events included.
    const personId = await personIdOf({ db, projectId }, q.distinctId);
    if (personId === null) return { events: [], last: null };
    query = query.where("person_id", "=", personId);
  }
  if (after) {
    const op = order === "desc" ? "<" : ">";
    query = query.where((eb) => eb.or([eb("ts", op, after.ts), eb.and([eb("ts", "=", after.ts), eb("id", op, after.id)])]));
  }
  const rows = await query.orderBy("ts", order).orderBy("id", order).limit(q.limit).execute();
  const lastRow = rows.at(-1);
  const events = rows.map((row) => ({
    id: String(row.id),
    messageId: row.message_id,
    event: row.event,
    distinctId: row.distinct_id,
    personId: String(row.person_id),
    timestamp: storedInstant(row.ts),
    receivedAt: storedInstant(row.received_at),
    properties: jsonColumn(row.properties),
    context: jsonColumn(row.context),
    builtinProperties: builtinPropertiesOf(row),
  }));
  return { events, last: lastRow ? { ts: Number(lastRow.ts), id: Number(lastRow.id) } : null };
}

export async function listEvents(projectId: string, q: EventsQuery): Promise<{ events: EventRecord[]; nextCursor: string | null }> {
  const { events, last } = await fetchPage(projectId, q, "desc", q.cursor ? decodeCursor(q.cursor) : null);
  const nextCursor = events.length === q.limit && last ? encodeCursor(last) : null;
  return { events, nextCursor };
}

/** Rows per page of a stream: one page is read and sent between two turns of the event loop. */
export const STREAM_PAGE_SIZE = 1000;

/**
 * Every matching event, oldest first, a page at a time (memory stays flat).
 * Between pages the event loop gets a turn (setImmediate): on SQLite every read
 * is synchronous, and a client that reads as fast as we write never makes the
 * response wait, so without it an export of 367k events held the server for
 * 27 s, health checks and ingestion included. The person export streams
 * through here too.
 */
export async function* streamEvents(projectId: string, q: Omit<EventsQuery, "limit" | "cursor">): AsyncGenerator<EventRecord> {
  let after: Cursor | null = null;
  for (;;) {
    const page = await fetchPage(projectId, { ...q, limit: STREAM_PAGE_SIZE }, "asc", after);
    yield* page.events;
    if (page.events.length < STREAM_PAGE_SIZE || !page.last) return;
    after = page.last;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
