// Listing a project's raw events: pages (newest first) for the API and the
// dashboard, and a stream of every match (oldest first) for exports.
import { z } from "zod";
import { connections } from "../db";
import { ApiError } from "../http/errors";
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

async function fetchPage(projectId: string, q: EventsQuery, order: "asc" | "desc", after: Cursor | null): Promise<EventRecord[]> {
  const { db } = connections();
  let query = db.selectFrom("events").selectAll().where("project_id", "=", projectId);
  if (q.from !== undefined) query = query.where("ts", ">=", q.from);
  if (q.to !== undefined) query = query.where("ts", "<", q.to);
  if (q.event) query = query.where("event", "=", q.event);
  if (q.distinctId) {
    // A distinct id stands for its whole person: stitched ids' events included.
    const personId = await personIdOf({ db, projectId }, q.distinctId);
    if (personId === null) return [];
    query = query.where("person_id", "=", personId);
  }
  if (after) {
    const op = order === "desc" ? "<" : ">";
    query = query.where((eb) => eb.or([eb("ts", op, after.ts), eb.and([eb("ts", "=", after.ts), eb("id", op, after.id)])]));
  }
  const rows = await query.orderBy("ts", order).orderBy("id", order).limit(q.limit).execute();
  return rows.map((row) => ({
    id: String(row.id),
    messageId: row.message_id,
    event: row.event,
    distinctId: row.distinct_id,
    personId: String(row.person_id),
    timestamp: new Date(Number(row.ts)).toISOString(),
    receivedAt: new Date(Number(row.received_at)).toISOString(),
    properties: jsonColumn(row.properties),
    context: jsonColumn(row.context),
  }));
}

export async function listEvents(projectId: string, q: EventsQuery): Promise<{ events: EventRecord[]; nextCursor: string | null }> {
  const events = await fetchPage(projectId, q, "desc", q.cursor ? decodeCursor(q.cursor) : null);
  const last = events.at(-1);
  const nextCursor = events.length === q.limit && last ? encodeCursor({ ts: Date.parse(last.timestamp), id: Number(last.id) }) : null;
  return { events, nextCursor };
}

/** Every matching event, oldest first, a page at a time (memory stays flat). */
export async function* streamEvents(projectId: string, q: Omit<EventsQuery, "limit" | "cursor">): AsyncGenerator<EventRecord> {
  let after: Cursor | null = null;
  for (;;) {
    const page = await fetchPage(projectId, { ...q, limit: 1000 }, "asc", after);
    yield* page;
    if (page.length < 1000) return;
    const last = page.at(-1)!;
    after = { ts: Date.parse(last.timestamp), id: Number(last.id) };
  }
}
