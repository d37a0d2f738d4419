// Writes groups of normalized messages to the hot tables in one transaction:
// identity first (so each event carries its person's final id), then the events
// (a repeated messageId is skipped, not stored twice), then the catalog.
import type Database from "better-sqlite3";
import { sql, type Kysely, type Transaction } from "kysely";
import type { HotTables } from "../db/tables";
import type { NormalizedMessage } from "../ingest/normalize";
import { resolveIdentities } from "../identity";
import { slotAtOrBefore } from "../query/activitySlots";
import { updateCatalog } from "./catalog";
import { admitNames, type Admission, type CatalogLimits } from "./catalogCaps";
import { KnownNamesCache } from "./knownNamesCache";
import { addBotCount, addRefusedNames, updateGroups, updatePersonActivity } from "./projectCounters";
import type { Dialect } from "./dialect";
import { rowsByKeys } from "./keyLookup";
import { quarantineMessages, recordViolations, type PlanWrite } from "./trackingPlan";
import { markClickHouseIncomplete } from "./clickhouse/coverage";
import { namedDistinctIds, recordOutbox } from "./clickhouse/outbox";

/** The messages of one ingestion request, for one project. */
export interface WriteRequest {
  projectId: string;
  messages: NormalizedMessage[];
  /** Messages from bots in the same request: only counted. */
  bots?: number;
  /** The project's catalog caps; absent means none (operator imports). */
  limits?: CatalogLimits;
  /** What the project's tracking plan found (lib/plan): violations to count and blocked messages to keep. */
  plan?: PlanWrite;
}

/**
 * `accepted` counts every valid message acknowledged, repeats included (a repeat
 * is accepted, API.md 2.1); `duplicates` counts those that were already stored.
 */
export interface WriteOutcome {
  accepted: number;
  duplicates: number;
  /** Indexes into the request's messages refused by the event-name cap: not stored, not accepted. */
  refused: number[];
  /** Messages the tracking plan blocked into the quarantine (accepted too: the SDK must not retry them). */
  blocked?: number;
}

type EventRow = ReturnType<typeof eventRow>;

function eventRow(projectId: string, m: NormalizedMessage, personId: number) {
  const c = m.columns;
  return {
    project_id: projectId,
    event: m.event,
    ts: m.ts,
    received_at: m.receivedAt,
    distinct_id: m.distinctId,
    person_id: personId,
    message_id: m.messageId,
    properties: JSON.stringify(m.properties),
    context: JSON.stringify(m.context),
    url: c.url,
    path: c.path,
    referrer: c.referrer,
    referring_domain: c.referringDomain,
    utm_source: c.utmSource,
    utm_medium: c.utmMedium,
    utm_campaign: c.utmCampaign,
    utm_term: c.utmTerm,
    utm_content: c.utmContent,
    browser: c.browser,
    browser_version: c.browserVersion,
    os: c.os,
    os_version: c.osVersion,
    device_type: c.deviceType,
    country: c.country,
    city: c.city,
    library_name: c.libraryName,
  };
}

const EVENT_COLUMNS = [
  "project_id", "event", "ts", "received_at", "distinct_id", "person_id", "message_id", "properties", "context",
  "url", "path", "referrer", "referring_domain", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content",
  "browser", "browser_version", "os", "os_version", "device_type", "country", "city", "library_name",
] as const satisfies readonly (keyof EventRow)[];

/** The events' integer columns; the others go to PostgreSQL's unnest as text (JSON too, cast per row). */
const BIGINT_COLUMNS = new Set<string>(["ts", "received_at", "person_id"]);

export class EventStore {
  private insertOne: Database.Statement | null = null;
  private insertSlot: Database.Statement | null = null;

  /**
   * `sqlite` is the connection under `db` on SQLite (null on PostgreSQL):
   * events are inserted with one prepared statement reused for every row,
   * several times faster than building a 500-row statement per chunk, and
   * their activity slots with another.
   */
  constructor(
    private readonly db: Kysely<HotTables>,
    private readonly dialect: Dialect,
    private readonly sqlite: Database.Database | null = null,
    /** What the catalog caps check against (tests pass one with their own clock). */
    private readonly knownNames: KnownNamesCache = new KnownNamesCache(),
    /** With CLICKHOUSE_URL: each group's stored events are recorded in the outbox for the shipper (lib/store/clickhouse/outbox.ts). */
    private readonly clickHouseOutbox = false,
  ) {
    if (dialect.kind === "sqlite" && !sqlite) throw new Error("EventStore on SQLite needs the connection under db (it inserts the activity slots)");
  }

  private async storedMessageIds(tx: Transaction<HotTables>, projectId: string, messageIds: string[]): Promise<Set<string>> {
    const rows = await rowsByKeys(tx, this.dialect.kind, "events", projectId, messageIds, ["message_id"]);
    return new Set(rows.map((row) => row.message_id));
  }

  /** Inserts rows, skipping repeated message ids (a race with another writer); returns the stored message ids with their event ids. */
  private async insertEvents(tx: Transaction<HotTables>, rows: EventRow[]): Promise<Map<string, number>> {
    const stored = new Map<string, number>();
    if (this.sqlite) {
      this.insertOne ??= this.sqlite.prepare(
        `INSERT INTO events (${EVENT_COLUMNS.join(", ")}) VALUES (${EVENT_COLUMNS.map(() => "?").join(", ")}) ON CONFLICT (project_id, message_id) DO NOTHING`,
      );
      // Each stored event's activity slot (lib/query/activitySlots.ts). On
      // PostgreSQL a statement trigger adds them; on SQLite a row trigger cost
      // 12 us a row, this statement 4 us (migration *_sqlite_slots_from_the_writer).
      this.insertSlot ??= this.sqlite.prepare(`INSERT OR IGNORE INTO activity_slots (project_id, event, slot, person_id) VALUES (?, ?, ?, ?)`);
      for (const row of rows) {
        const result = this.insertOne.run(...EVENT_COLUMNS.map((c) => row[c]));
        if (result.changes) {
          stored.set(row.message_id, Number(result.lastInsertRowid));
          this.insertSlot.run(row.project_id, row.event, slotAtOrBefore(row.ts), row.person_id);
        }
      }
      return stored;
    }
    if (!rows.length) return stored;
    // One array a column, unnested into rows: a few bound values however many
    // rows, where a multi-row VALUES had 26 a row for PostgreSQL to parse and plan
    // and for Kysely and pg to compile and encode one by one.
    const columns = EVENT_COLUMNS.map((column) => sql`${rows.map((row) => row[column])}::${sql.raw(BIGINT_COLUMNS.has(column) ? "bigint[]" : "text[]")}`);
    const values = EVENT_COLUMNS.map((column) => (column === "properties" || column === "context" ? sql`${sql.ref(column)}::jsonb` : sql.ref(column)));
    const inserted = await sql<{ id: number | string; message_id: string }>`
      INSERT INTO events (${sql.join(EVENT_COLUMNS.map((column) => sql.ref(column)))})
      SELECT ${sql.join(values)} FROM unnest(${sql.join(columns)}) AS r (${sql.join(EVENT_COLUMNS.map((column) => sql.ref(column)))})
      ON CONFLICT (project_id, message_id) DO NOTHING
      RETURNING id, message_id`.execute(tx);
    for (const r of inserted.rows) stored.set(r.message_id, Number(r.id));
    return stored;
  }

  /**
   * Which of a project's new messages go in under its catalog caps. A refusal
   * made from names loaded a while ago is checked again against the catalog
   * (names may have been erased or purged since), so the caps never refuse on
   * stale memory for long, and a group at the cap costs at most a reload a minute.
   */
  private async admit(tx: Transaction<HotTables>, projectId: string, limits: CatalogLimits | null, fresh: NormalizedMessage[]): Promise<Admission> {
    let known = await this.knownNames.forProject(tx, projectId);
    const admission = admitNames(known, limits, fresh);
    if ((admission.refused.length || admission.refusedPropertyNames) && this.knownNames.isStale(known)) {
      known = await this.knownNames.load(tx, projectId);
      return admitNames(known, limits, fresh);
    }
    return admission;
  }

  /** Stores every request of a group atomically; one outcome per request, in order. */
  async writeGroup(requests: WriteRequest[]): Promise<WriteOutcome[]> {
    const projectIds = new Set(requests.map((r) => r.projectId));
    try {
      return await this.writeGroupOnce(requests);
    } catch (error) {
      // Names the rolled-back transaction added to memory were never committed.
      for (const projectId of projectIds) this.knownNames.forget(projectId);
      throw error;
    }
  }

  private async writeGroupOnce(requests: WriteRequest[]): Promise<WriteOutcome[]> {
    return this.db.transaction().execute(async (tx) => {
      const storedIds = new Set<string>();
      const quarantinedIds = new Set<string>();
      const refusedIds = new Set<string>();
      const byProject = new Map<string, NormalizedMessage[]>();
      const limitsOf = new Map<string, CatalogLimits | null>();
      const bots = new Map<string, number>();
      const planOf = new Map<string, PlanWrite>();
      for (const request of requests) {
        if (request.plan) {
          const plan = planOf.get(request.projectId) ?? { notes: [], quarantine: [] };
          plan.notes.push(...request.plan.notes);
          plan.quarantine.push(...request.plan.quarantine);
          planOf.set(request.projectId, plan);
          if (!byProject.has(request.projectId)) byProject.set(request.projectId, []);
        }
        const list = byProject.get(request.projectId) ?? [];
        list.push(...request.messages);
        byProject.set(request.projectId, list);
        // The latest request's caps: a changed setting applies from then on.
        limitsOf.set(request.projectId, request.limits ?? limitsOf.get(request.projectId) ?? null);
        if (request.bots) bots.set(request.projectId, (bots.get(request.projectId) ?? 0) + request.bots);
      }
      for (const [projectId, count] of bots) await addBotCount(tx, projectId, count);

      for (const [projectId, messages] of byProject) {
        // Repeats (in this group, or already stored) are acknowledged and otherwise
        // ignored: they must not stitch identities or change properties again.
        const seen = new Set<string>();
        const unique = messages.filter((m) => !seen.has(m.messageId) && seen.add(m.messageId));
        const plan = planOf.get(projectId);
        const known = await this.storedMessageIds(tx, projectId, [...unique, ...(plan?.quarantine ?? [])].map((m) => m.messageId));
        const admission = await this.admit(tx, projectId, limitsOf.get(projectId) ?? null, unique.filter((m) => !known.has(m.messageId)));
        for (const m of admission.refused) refusedIds.add(`${projectId}\u0000${m.messageId}`);
        await addRefusedNames(tx, projectId, admission, Date.now());
        const fresh = admission.admitted;
        const personOf = await resolveIdentities(tx, this.dialect.kind, projectId, fresh);
        const insertedIds = await this.insertEvents(
          tx,
          fresh.map((m) => eventRow(projectId, m, personOf.get(m.distinctId)!)),
        );
        const stored = fresh.filter((m) => insertedIds.has(m.messageId));
        for (const m of stored) storedIds.add(`${projectId}\u0000${m.messageId}`);
        if (this.clickHouseOutbox) {
          await recordOutbox(tx, projectId, [...insertedIds.values()], fresh.flatMap(namedDistinctIds));
        } else if (fresh.length) {
          // Stored without a copy owed to ClickHouse: its reports must not read ClickHouse now (coverage.ts).
          await markClickHouseIncomplete(tx, projectId);
        }
        await updatePersonActivity(tx, stored, personOf);
        await updateCatalog(tx, this.dialect, projectId, stored);
        await updateGroups(tx, projectId, stored);
        if (plan) {
          // Violations count once per message: a retried batch's repeats add nothing.
          const kept = await quarantineMessages(tx, projectId, plan.quarantine, known);
          for (const id of kept) quarantinedIds.add(`${projectId}\u0000${id}`);
          for (const m of stored) kept.add(m.messageId);
          await recordViolations(tx, this.dialect, projectId, plan.notes, kept);
        }
      }

      // Attribute each stored message to the first request in the group that carried it.
      const claimed = new Set<string>();
      return requests.map((request) => {
        let fresh = 0;
        const refused: number[] = [];
        request.messages.forEach((m, index) => {
          const key = `${request.projectId}\u0000${m.messageId}`;
          if (refusedIds.has(key)) {
            refused.push(index);
          } else if (storedIds.has(key) && !claimed.has(key)) {
            claimed.add(key);
            fresh += 1;
          }
        });
        const accepted = request.messages.length - refused.length;
        const blocked = request.plan?.quarantine.length ?? 0;
        // A blocked message is accepted as well; it is a duplicate when it was already kept or stored.
        let freshBlocked = 0;
        for (const m of request.plan?.quarantine ?? []) {
          const key = `${request.projectId}\u0000${m.messageId}`;
          if (quarantinedIds.has(key) && !claimed.has(key)) {
            claimed.add(key);
            freshBlocked += 1;
          }
        }
        return { accepted: accepted + blocked, duplicates: accepted - fresh + blocked - freshBlocked, refused, ...(request.plan ? { blocked } : {}) };
      });
    });
  }
}
