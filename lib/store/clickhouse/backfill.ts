// `crumbtrail clickhouse:backfill --project ID`: copies a project's events from the
// Prisma database (SQLite or PostgreSQL) to ClickHouse in id order, one insert
// block per batch, then its distinct-id -> person rows.
//
// Resumable without duplicates: after each batch the last copied id is recorded
// (backfill_progress), and a run continues after it. Each batch first asks
// ClickHouse which of its events it holds and skips them: a run killed between a
// batch's insert and its record left some (on a cluster, possibly on some shards
// only), and with CLICKHOUSE_URL set the server ships new events as they come
// (shipper.ts), so a backfill running beside it meets those too.
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { HotTables } from "../../db/tables";
import type { ClickHouseClient } from "./client";
import { sqlWith } from "./literal";
import { heldByClickHouse } from "./held";
import { markClickHouseComplete, outboxHasRowsOf } from "./coverage";
import { eventIdsInOutbox } from "./outbox";
import { distinctIdRowFor, eventRowFor } from "./rows";
import { distinctIdsTable, eventsTable, insertSettings, TABLES, type Topology } from "./schema";

export interface BackfillOptions {
  projectId: string;
  cluster: string | null;
  /** Events per insert block; default 10,000. */
  batchSize?: number;
  /** Stop after this many event batches (a backfill in parts); default: all. */
  maxBatches?: number;
  onProgress?: (progress: BackfillProgress) => void;
}

export interface BackfillProgress {
  /** Events of the project copied so far, earlier runs included. */
  copied: number;
  /** Events of the project in the Prisma database. */
  total: number;
  /** Events written by this run. */
  written: number;
}

export interface BackfillSummary extends BackfillProgress {
  /** Events skipped: ClickHouse held them already (a stopped run's last batch, or shipped by the server), or the server's outbox lists them. */
  skipped: number;
  distinctIds: number;
  /** False when maxBatches stopped it before the last event. */
  complete: boolean;
  /** ClickHouse holds every event of the project: its reports read ClickHouse from now on. */
  holdsAll: boolean;
  lastEventId: number;
}

const numberRow = (name: string) => z.object({ [name]: z.coerce.number() });


/** The last event id recorded by a backfill of the project (0: none). */
export async function backfillCheckpoint(client: ClickHouseClient, projectId: string): Promise<number> {
  const [row] = await client.query(
    sqlWith(`SELECT argMax(last_event_id, version) AS last FROM ${TABLES.backfill} WHERE project_id = ?`, [projectId]),
    numberRow("last"),
  );
  return row?.last ?? 0;
}

async function recordCheckpoint(client: ClickHouseClient, projectId: string, lastEventId: number): Promise<void> {
  // The version only has to grow between records: ms since the epoch, scaled, plus the id's low digits.
  await client.insert(TABLES.backfill, [{ project_id: projectId, last_event_id: lastEventId, version: Date.now() * 1000 + (lastEventId % 1000) }]);
}

/**
 * The project condition for reads in id order: an expression, so that neither
 * SQLite nor PostgreSQL answers it from a (project_id, ...) index. Given the index,
 * SQLite read every event of the project and sorted them by id for each batch, which
 * made a 10M-event backfill quadratic; without it both walk the primary key from the
 * checkpoint and stop after a batch.
 */
const byIdOrder = sql<string>`project_id || ''`;

export async function backfillProject(db: Kysely<HotTables>, client: ClickHouseClient, options: BackfillOptions): Promise<BackfillSummary> {
  const { projectId } = options;
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 10_000));
  const topology: Topology = { database: client.database, cluster: options.cluster };
  const events = eventsTable(topology);

  const countRow = await db.selectFrom("events").select((eb) => eb.fn.countAll<number>().as("n")).where("project_id", "=", projectId).executeTakeFirst();
  const total = Number(countRow?.n ?? 0);
  let after = await backfillCheckpoint(client, projectId);

  const [before] = await client.query(sqlWith(`SELECT count() AS n FROM ${events} WHERE project_id = ?`, [projectId]), numberRow("n"));
  let copied = before?.n ?? 0;
  let written = 0;
  let skipped = 0;
  let batches = 0;
  let complete = true;
  options.onProgress?.({ copied, total, written });

  for (;;) {
    if (options.maxBatches !== undefined && batches >= options.maxBatches) {
      const next = await db.selectFrom("events").select("id").where(byIdOrder, "=", projectId).where("id", ">", after).orderBy("id").limit(1).executeTakeFirst();
      complete = !next;
      break;
    }
    const source = await db
      .selectFrom("events")
      .selectAll()
      .where(byIdOrder, "=", projectId)
      .where("id", ">", after)
      .orderBy("id")
      .limit(batchSize)
      .execute();
    if (!source.length) break;
    // Events still in the outbox are the server's shipper's to copy: were both to
    // check ClickHouse and then insert, each could miss the other's rows. Read after
    // the batch: an event the batch sees has its outbox row committed with it, so
    // it is either listed there or already shipped, and then held below.
    const owed = await eventIdsInOutbox(db, projectId);
    // What ClickHouse already holds of the rest: rows a stopped run wrote beyond
    // its last record, or events the shipper copied as they came in.
    const batch = source.map(eventRowFor).filter((row) => !owed.has(row.event_id));
    // The batch is every event of the project with an id in this range (read in id order above).
    const range = { first: Number(source[0].id), last: Number(source[source.length - 1].id) };
    const held = await heldByClickHouse(client, topology, projectId, batch, range);
    const rows = batch.filter((row) => !held.has(row.event_id));
    skipped += source.length - rows.length;
    // One block: stored whole or not at all on each node.
    await client.insert(events, rows, insertSettings(topology));
    after = Number(source[source.length - 1].id);
    await recordCheckpoint(client, projectId, after);
    written += rows.length;
    copied += rows.length;
    batches++;
    options.onProgress?.({ copied, total, written });
  }

  // Identity: every distinct id of the project with its current person. Written
  // again on every run with a newer version, which readers' argMax makes harmless.
  let distinctIds = 0;
  if (complete) {
    const version = Date.now();
    let lastId: string | null = null;
    for (;;) {
      let query = db.selectFrom("person_distinct_ids").select(["project_id", "distinct_id", "person_id", "is_user_id"]).where("project_id", "=", projectId);
      if (lastId !== null) query = query.where("distinct_id", ">", lastId);
      const source = await query.orderBy("distinct_id").limit(batchSize).execute();
      if (!source.length) break;
      await client.insert(distinctIdsTable(topology), source.map((row) => distinctIdRowFor(row, version)), insertSettings(topology));
      distinctIds += source.length;
      lastId = source[source.length - 1].distinct_id;
    }
  }
  const holdsAll = complete && (await verifyHoldsAll(db, client, events, projectId));
  return { copied, total, written, skipped, distinctIds, complete, holdsAll, lastEventId: after };
}

/**
 * After a complete backfill: does ClickHouse hold exactly as many of the
 * project's events as the Prisma database, with none left in the outbox? Then
 * the project's reports may read ClickHouse (coverage.ts). The outbox gets a
 * few seconds to drain when a server is copying beside the backfill.
 */
async function verifyHoldsAll(db: Kysely<HotTables>, client: ClickHouseClient, events: string, projectId: string): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (attempt) await new Promise((resolve) => setTimeout(resolve, 1_000));
    if (await outboxHasRowsOf(db, projectId)) continue;
    const stored = await db.selectFrom("events").select((eb) => eb.fn.countAll<number>().as("n")).where("project_id", "=", projectId).executeTakeFirst();
    const [held] = await client.query(sqlWith(`SELECT count() AS n FROM ${events} WHERE project_id = ?`, [projectId]), numberRow("n"));
    if (Number(stored?.n ?? 0) !== (held?.n ?? 0)) return false;
    await markClickHouseComplete(db, projectId);
    return true;
  }
  return false;
}
