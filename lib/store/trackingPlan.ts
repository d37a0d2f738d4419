// The tracking plan's rows (API.md 7): violations, counted per (event,
// property, type) with the latest samples, and the quarantine of blocked
// messages. The writer adds to both inside its group commit (eventStore.ts), so
// a blocked message is durable before its request is answered and recording a
// violation costs one read and one upsert per group, not per message.
import { sql, type Kysely, type Transaction } from "kysely";
import { connections } from "../db";
import type { HotTables } from "../db/tables";
import type { NormalizedMessage } from "../ingest/normalize";
import { chunks } from "./chunks";
import type { Dialect } from "./dialect";

/** Samples kept per violation: the latest ten (API.md 7). */
export const SAMPLES_KEPT = 10;
/** How long a blocked message waits in the quarantine for a replay. */
export const QUARANTINE_MS = 7 * 86_400_000;
/** The `property` of an event-level violation in the table (the API says null). */
const EVENT_LEVEL = "";

/** One message as a violation's sample shows it. */
export interface ViolationSample {
  messageId: string;
  receivedAt: string;
  distinctId: string;
  properties: Record<string, unknown>;
}

/** What the plan found wrong with one message, for the writer to record if the message is new. */
export interface PlanNote {
  messageId: string;
  event: string;
  receivedAt: number;
  violations: { property: string | null; type: string }[];
  sample: ViolationSample;
}

/** A request's tracking-plan work for the writer. */
export interface PlanWrite {
  notes: PlanNote[];
  /** Blocked messages, kept as received (before any strip) for a replay. */
  quarantine: NormalizedMessage[];
}

export interface ViolationRow {
  event: string;
  property: string | null;
  type: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  samples: ViolationSample[];
}

const ROWS_PER_STATEMENT = 500;

function parseJson<T>(value: unknown, fallback: T): T {
  if (typeof value !== "string") return (value as T) ?? fallback;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
}

/**
 * Keeps the blocked messages not stored or quarantined before; returns the
 * message ids it added (a retried batch adds nothing twice).
 */
export async function quarantineMessages(tx: Transaction<HotTables>, projectId: string, messages: NormalizedMessage[], alreadyStored: Set<string>): Promise<Set<string>> {
  const added = new Set<string>();
  const seen = new Set<string>();
  const fresh = messages.filter((m) => !alreadyStored.has(m.messageId) && !seen.has(m.messageId) && seen.add(m.messageId));
  for (const part of chunks(fresh, ROWS_PER_STATEMENT)) {
    const rows = part.map((m) => ({
      project_id: projectId,
      message_id: m.messageId,
      received_at: m.receivedAt,
      expires_at: m.receivedAt + QUARANTINE_MS,
      message: JSON.stringify(m),
    }));
    const inserted = await tx
      .insertInto("plan_quarantine")
      .values(rows)
      .onConflict((oc) => oc.columns(["project_id", "message_id"]).doNothing())
      .returning("message_id")
      .execute();
    for (const row of inserted) added.add(row.message_id);
  }
  return added;
}

interface Tally {
  event: string;
  property: string;
  type: string;
  count: number;
  first: number;
  last: number;
  /** Newest first. */
  samples: ViolationSample[];
}

const SEP = "\u0000";

/** Adds the notes of the messages this group actually kept (stored or quarantined) to the violation counts. */
export async function recordViolations(tx: Transaction<HotTables>, dialect: Dialect, projectId: string, notes: PlanNote[], kept: Set<string>): Promise<void> {
  const tallies = new Map<string, Tally>();
  for (const note of notes) {
    if (!kept.has(note.messageId)) continue;
    for (const v of note.violations) {
      const property = v.property ?? EVENT_LEVEL;
      const key = [note.event, property, v.type].join(SEP);
      let t = tallies.get(key);
      if (!t) tallies.set(key, (t = { event: note.event, property, type: v.type, count: 0, first: note.receivedAt, last: note.receivedAt, samples: [] }));
      t.count += 1;
      t.first = Math.min(t.first, note.receivedAt);
      t.last = Math.max(t.last, note.receivedAt);
      t.samples.unshift(note.sample);
      if (t.samples.length > SAMPLES_KEPT) t.samples.pop();
    }
  }
  if (!tallies.size) return;

  // The samples already kept, to keep the newest ten of old and new together.
  const events = [...new Set([...tallies.values()].map((t) => t.event))];
  for (const part of chunks(events, ROWS_PER_STATEMENT)) {
    const existing = await tx
      .selectFrom("plan_violations")
      .select(["event", "property", "type", "samples"])
      .where("project_id", "=", projectId)
      .where("event", "in", part)
      .execute();
    for (const row of existing) {
      const t = tallies.get([row.event, row.property, row.type].join(SEP));
      if (t && t.samples.length < SAMPLES_KEPT) t.samples.push(...parseJson<ViolationSample[]>(row.samples, []).slice(0, SAMPLES_KEPT - t.samples.length));
    }
  }

  // Rows in key order, so two writers upserting the same rows wait instead of deadlocking.
  const rows = [...tallies.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, t]) => ({
      project_id: projectId,
      event: t.event,
      property: t.property,
      type: t.type,
      count: t.count,
      first_seen: t.first,
      last_seen: t.last,
      samples: JSON.stringify(t.samples),
    }));
  for (const part of chunks(rows, ROWS_PER_STATEMENT / 5)) {
    await tx
      .insertInto("plan_violations")
      .values(part)
      .onConflict((oc) =>
        oc.columns(["project_id", "event", "property", "type"]).doUpdateSet({
          count: sql<number>`plan_violations.count + excluded.count`,
          first_seen: dialect.least(sql.ref("plan_violations.first_seen"), sql.ref("excluded.first_seen")),
          last_seen: dialect.greatest(sql.ref("plan_violations.last_seen"), sql.ref("excluded.last_seen")),
          samples: sql<string>`excluded.samples`,
        }),
      )
      .execute();
  }
}

export interface ViolationFilter {
  /** Violations last seen at or after this instant (ms). */
  from: number;
  /** ... and first seen at or before this one. */
  to: number;
  event?: string;
  type?: string;
}

/** Most violation rows one answer carries (the most recently seen). */
export const MAX_VIOLATION_ROWS = 1000;

export async function listViolations(projectId: string, filter: ViolationFilter, db: Kysely<HotTables> = connections().db): Promise<ViolationRow[]> {
  let query = db
    .selectFrom("plan_violations")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("last_seen", ">=", filter.from)
    .where("first_seen", "<=", filter.to);
  if (filter.event !== undefined) query = query.where("event", "=", filter.event);
  if (filter.type !== undefined) query = query.where("type", "=", filter.type);
  const rows = await query.orderBy("last_seen", "desc").orderBy("event").orderBy("property").orderBy("type").limit(MAX_VIOLATION_ROWS).execute();
  return rows.map((row) => ({
    event: row.event,
    property: row.property === EVENT_LEVEL ? null : row.property,
    type: row.type,
    count: Number(row.count),
    firstSeen: Number(row.first_seen),
    lastSeen: Number(row.last_seen),
    samples: parseJson<ViolationSample[]>(row.samples, []),
  }));
}

export async function countQuarantined(projectId: string, db: Kysely<HotTables> = connections().db): Promise<number> {
  const row = await db
    .selectFrom("plan_quarantine")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("project_id", "=", projectId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The oldest quarantined messages of a project, at most `limit`, after `afterId` (for paging through a replay). */
export async function quarantinedMessages(projectId: string, limit: number, afterId = "", db: Kysely<HotTables> = connections().db): Promise<NormalizedMessage[]> {
  const rows = await db
    .selectFrom("plan_quarantine")
    .select(["message"])
    .where("project_id", "=", projectId)
    .where("message_id", ">", afterId)
    .orderBy("message_id")
    .limit(limit)
    .execute();
  return rows.map((row) => parseJson<NormalizedMessage>(row.message, null as unknown as NormalizedMessage)).filter(Boolean);
}

export async function removeQuarantined(projectId: string, messageIds: string[], db: Kysely<HotTables> = connections().db): Promise<void> {
  for (const part of chunks(messageIds, ROWS_PER_STATEMENT)) {
    await db.deleteFrom("plan_quarantine").where("project_id", "=", projectId).where("message_id", "in", part).execute();
  }
}

/** Deletes quarantined messages past their 7 days (the retention schedule's hourly run); returns how many. */
export async function purgeExpiredQuarantine(now: number, db: Kysely<HotTables> = connections().db): Promise<number> {
  const deleted = await db.deleteFrom("plan_quarantine").where("expires_at", "<", now).executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/**
 * Erasure (lib/store/erase.ts): a person's blocked messages leave the
 * quarantine and their messages leave the violations' samples (the counts,
 * which name nobody, stay).
 */
export async function forgetPlanRecordsOf(tx: Transaction<HotTables>, kind: "sqlite" | "postgres", projectId: string, distinctIds: string[]): Promise<void> {
  if (!distinctIds.length) return;
  const ids = new Set(distinctIds);
  const distinctIdOf = kind === "sqlite" ? sql<string>`json_extract(message, '$.distinctId')` : sql<string>`message->>'distinctId'`;
  for (const part of chunks([...ids], ROWS_PER_STATEMENT)) {
    await tx.deleteFrom("plan_quarantine").where("project_id", "=", projectId).where(distinctIdOf, "in", part).execute();
  }
  const rows = await tx.selectFrom("plan_violations").select(["event", "property", "type", "samples"]).where("project_id", "=", projectId).execute();
  for (const row of rows) {
    const samples = parseJson<ViolationSample[]>(row.samples, []);
    const kept = samples.filter((s) => !ids.has(s.distinctId));
    if (kept.length === samples.length) continue;
    await tx
      .updateTable("plan_violations")
      .set({ samples: JSON.stringify(kept) })
      .where("project_id", "=", projectId)
      .where("event", "=", row.event)
      .where("property", "=", row.property)
      .where("type", "=", row.type)
      .execute();
  }
}
