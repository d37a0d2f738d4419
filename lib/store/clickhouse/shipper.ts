// The shipper (docs/clickhouse.md, "How events reach ClickHouse"): copies the
// groups the writer recorded in the outbox (outbox.ts) into ClickHouse, one
// insert block per pass, then deletes their outbox rows.
//
// Exactly once, also across crashes: before inserting, a pass asks ClickHouse
// which of its event ids it already holds (a crash may fall between the insert
// and the outbox delete; a backfill may have copied them) and inserts only the
// others. Passes never overlap: one at a time in a process (a promise chain),
// and on PostgreSQL one at a time across processes (a transaction-scoped
// advisory lock held for the pass; a process that dies mid-pass releases it).
//
// Identity: each pass also writes the current person of every distinct id the
// groups named, and of every other distinct id of those persons (a merge
// re-points the dropped person's ids), with a newer version than any earlier row,
// leaving out those this process wrote already unchanged (writtenMappings.ts).
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { DatabaseKind } from "../../config";
import type { HotTables } from "../../db/tables";
import { chunks } from "../chunks";
import { rowsByKeys } from "../keyLookup";
import type { ClickHouseClient } from "./client";
import { heldByClickHouse } from "./held";
import { idsOfRunsText } from "./outbox";
import { distinctIdRowFor, eventRowFor, RowError, type ClickHouseEventRow } from "./rows";
import { distinctIdsTable, eventsTable, insertSettings, type Topology } from "./schema";
import { WrittenMappings } from "./writtenMappings";

/** Most events one pass inserts as one block (several small groups go together under load). */
const EVENTS_PER_PASS = 20_000;
/** Least time between the starts of two passes, unless a backlog is being caught up. */
const PACE_MS = 1_000;
/** Most outbox rows one pass takes. */
const ROWS_PER_PASS = 200;
const IDS_PER_STATEMENT = 500;
/** An arbitrary constant naming the shipper's advisory lock on PostgreSQL. */
const SHIPPER_LOCK_KEY = 0x63_68_6f_78; // "chox"

const namesSchema = z.array(z.string());

export interface OutboxBacklog {
  groups: number;
  oldest: number | null;
  /** The last failure to reach or write ClickHouse, until a pass succeeds. */
  lastError: string | null;
}

/**
 * What the rest of the process asks of a shipper: ClickHouseShipper here, or on
 * SQLite the same in a thread of its own (shipperThread/), driven by messages.
 */
export interface Shipper {
  /** Ships what an earlier process left, then keeps looking every few seconds. */
  start(): void;
  /** A group committed: ship soon. */
  nudge(): void;
  /** Waits for the pass under way and stops; what is left waits in the outbox for the next start. */
  stop(): Promise<void>;
  /** Runs `work` with no pass in flight (see withShippingPaused). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  backlog(projectId?: string): Promise<OutboxBacklog>;
}

/** The process's shipper, once the server made it (lib/store/index.ts); on globalThis, shared by Next's bundle and the CLI's modules. */
const registry = globalThis as unknown as { __crumbtrailShipper?: Shipper | null };

export function registeredShipper(): Shipper | null | undefined {
  return registry.__crumbtrailShipper;
}

export function registerShipper(shipper: Shipper | null): void {
  registry.__crumbtrailShipper = shipper;
}

/** The outbox's groups still owed to ClickHouse (of one project, or all), and the oldest one's time. */
export async function outboxBacklog(db: Kysely<HotTables>, projectId: string | undefined, lastError: string | null): Promise<OutboxBacklog> {
  let query = db.selectFrom("clickhouse_outbox").select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("created_at").as("oldest")]);
  if (projectId) query = query.where("project_id", "=", projectId);
  const row = await query.executeTakeFirst();
  return { groups: Number(row?.n ?? 0), oldest: row?.oldest == null ? null : Number(row.oldest), lastError };
}

/**
 * Runs a deletion in ClickHouse (an erase, a purge) with no copy in flight in
 * this process: a pass that read events before the deletion must not insert them
 * after it. Without a shipper here (a command-line purge), it runs at once.
 */
export function withShippingPaused<T>(work: () => Promise<T>): Promise<T> {
  const shipper = registry.__crumbtrailShipper;
  return shipper ? shipper.exclusive(work) : work();
}

export class ClickHouseShipper implements Shipper {
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private nudged = false;
  private paced: NodeJS.Timeout | null = null;
  private lastPassAt = 0;
  private stopped = false;
  private lastVersion = 0;
  /** Mappings written lately: a pass writes only those that changed. */
  private readonly written = new WrittenMappings();
  private lastError: string | null = null;
  private readonly topology: Topology;

  constructor(
    private readonly db: Kysely<HotTables>,
    private readonly kind: DatabaseKind,
    private readonly client: ClickHouseClient,
    cluster: string | null,
    /** How soon a failed pass is retried, and how often rows other processes (the import command) recorded are looked for. */
    private readonly retryMs = 5_000,
    /** Told when the last failure changes (a thread's shipper tells the main thread: shipperThread/). */
    private readonly onLastError: (lastError: string | null) => void = () => {},
  ) {
    this.topology = { database: client.database, cluster };
  }

  /** Ships what an earlier process left, then keeps looking every retryMs. */
  start(): void {
    this.stopped = false;
    this.nudge();
    this.timer ??= setInterval(() => this.nudge(), this.retryMs);
    // Shipping is background work: it never keeps a process alive.
    this.timer.unref();
  }

  /**
   * A group committed: ship soon, at most one pass start a PACE_MS. Nudges in
   * between fold into that pass. Under steady load passes then take a second's
   * groups in one block, instead of following every commit with a pass of its
   * own: each pass reads the Prisma database and deletes outbox rows beside the
   * writer, and at 10,000 events/s back-to-back passes cut SQLite ingestion by half.
   */
  nudge(): void {
    if (this.stopped || this.nudged) return;
    this.nudged = true;
    const run = () => {
      this.paced = null;
      this.enqueue(async () => {
        this.nudged = false;
        this.lastPassAt = Date.now();
        await this.shipAll();
      }).catch(() => {});
    };
    const wait = this.lastPassAt + PACE_MS - Date.now();
    if (wait <= 0) return run();
    this.paced = setTimeout(run, wait);
    this.paced.unref();
  }

  /** Waits for the passes under way and stops; whatever is left waits in the outbox for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.paced) clearTimeout(this.paced);
    this.paced = null;
    this.timer = null;
    await this.chain.catch(() => {});
  }

  /**
   * Runs `work` with no pass in flight (an erase or a purge in ClickHouse): a pass
   * that read events before a deletion must not insert them after it.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.enqueue(work);
  }

  backlog(projectId?: string): Promise<OutboxBacklog> {
    return outboxBacklog(this.db, projectId, this.lastError);
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.then(work, work);
    this.chain = run.catch(() => {});
    return run;
  }

  private async shipAll(): Promise<void> {
    try {
      // Another pass at once only while one leaves rows behind (a backlog); otherwise the next nudge, paced.
      while (await this.onePass());
      this.setLastError(null);
    } catch (error) {
      // The rows stay in the outbox; the timer tries again. One line, not one per group.
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.lastError) console.error(`[crumbtrail] copying events to ClickHouse failed (they wait in the outbox and are retried): ${message}`);
      this.setLastError(message);
      throw error;
    }
  }

  private setLastError(lastError: string | null): void {
    if (lastError === this.lastError) return;
    this.lastError = lastError;
    this.onLastError(lastError);
  }

  /** One pass under the cross-process lock; true when it left rows behind (false too when another process holds the lock). */
  private async onePass(): Promise<boolean> {
    if (this.kind !== "postgres") return this.pass(this.db);
    return this.db.transaction().execute(async (tx) => {
      const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${SHIPPER_LOCK_KEY}) AS locked`.execute(tx);
      return rows[0]?.locked ? this.pass(tx) : false;
    });
  }

  /** Copies the oldest outbox rows (up to a pass's worth); true when it left rows behind. */
  private async pass(db: Kysely<HotTables>): Promise<boolean> {
    const taken = await db.selectFrom("clickhouse_outbox").selectAll().orderBy("id").limit(ROWS_PER_PASS).execute();
    const groups: { id: number; projectId: string; ids: number[]; names: string[] }[] = [];
    let size = 0;
    for (const row of taken) {
      const ids = idsOfRunsText(row.event_ids);
      if (groups.length && size + ids.length > EVENTS_PER_PASS) break;
      groups.push({ id: row.id, projectId: row.project_id, ids, names: namesSchema.parse(JSON.parse(row.distinct_ids)) });
      size += ids.length;
    }
    if (!groups.length) return false;

    const rows: ClickHouseEventRow[] = [];
    for (const [projectId, ids] of byProject(groups, (g) => g.ids)) {
      // Events erased or purged since their group committed are simply not found.
      const found = await this.eventsOf(db, projectId, ids);
      const held = await heldByClickHouse(this.client, this.topology, projectId, found);
      rows.push(...found.filter((row) => !held.has(row.event_id)));
    }
    // One block: on each node stored whole or not at all.
    await this.client.insert(eventsTable(this.topology), rows, insertSettings(this.topology));
    for (const [projectId, names] of byProject(groups, (g) => g.names)) await this.copyIdentity(db, projectId, names);
    for (const part of chunks(groups.map((g) => g.id), IDS_PER_STATEMENT)) await db.deleteFrom("clickhouse_outbox").where("id", "in", part).execute();
    return groups.length < taken.length || taken.length === ROWS_PER_PASS;
  }

  private async eventsOf(db: Kysely<HotTables>, projectId: string, ids: number[]): Promise<ClickHouseEventRow[]> {
    const rows: ClickHouseEventRow[] = [];
    for (const part of chunks(ids, IDS_PER_STATEMENT)) {
      const found = await db.selectFrom("events").selectAll().where("project_id", "=", projectId).where("id", "in", part).execute();
      for (const event of found) {
        try {
          rows.push(eventRowFor(event));
        } catch (error) {
          // An event ClickHouse's columns cannot hold (a time before 1970 from an import):
          // skipped with a line, rather than stopping every copy behind it for good.
          if (!(error instanceof RowError)) throw error;
          console.error(`[crumbtrail] event ${String(event.id)} of project ${projectId} is not copied to ClickHouse: ${error.message}`);
        }
      }
    }
    return rows;
  }

  /** The persons of the named distinct ids, with every distinct id each has now, where it is not what this process last wrote. */
  private async copyIdentity(db: Kysely<HotTables>, projectId: string, names: string[]): Promise<void> {
    const named = await rowsByKeys(db, this.kind, "person_distinct_ids", projectId, names, ["person_id"]);
    const persons = [...new Set(named.map((row) => Number(row.person_id)))];
    const version = this.nextVersion();
    for (const part of chunks(persons, IDS_PER_STATEMENT)) {
      const ids = await db
        .selectFrom("person_distinct_ids")
        .select(["project_id", "distinct_id", "person_id", "is_user_id"])
        .where("project_id", "=", projectId)
        .where("person_id", "in", part)
        .execute();
      const changed = this.written.changed(ids.map((row) => distinctIdRowFor(row, version)));
      await this.client.insert(distinctIdsTable(this.topology), changed, insertSettings(this.topology));
      this.written.remember(changed);
    }
  }

  /**
   * Versions order the rows of one distinct id (readers take the greatest): the
   * clock in ms, never repeating in this process. Passes never overlap, and
   * each writes the state it reads then, so a later pass always carries the later state.
   */
  private nextVersion(): number {
    this.lastVersion = Math.max(Date.now(), this.lastVersion + 1);
    return this.lastVersion;
  }
}

function byProject<G extends { projectId: string }, T>(groups: G[], pick: (group: G) => T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const group of groups) {
    const list = map.get(group.projectId) ?? [];
    list.push(...pick(group));
    map.set(group.projectId, list);
  }
  return map;
}
