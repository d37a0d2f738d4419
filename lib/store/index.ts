// lib/store: where events are written. Knows SQL and the database, never HTTP.
import { config } from "../config";
import { connections } from "../db";
import { dialectFor } from "./dialect";
import { EventStore } from "./eventStore";
import { GroupCommitWriter, type GroupStore } from "./groupCommitWriter";
import { clickHouseConfig } from "./clickhouse/config";
import { ClickHouseShipper, registeredShipper, registerShipper, type Shipper } from "./clickhouse/shipper";
import { ThreadedShipper } from "./clickhouse/shipperThread";
import { ThreadedGroupStore } from "./writerThread";

export { EventStore, type WriteOutcome, type WriteRequest } from "./eventStore";
export { GroupCommitWriter } from "./groupCommitWriter";
export { ThreadedGroupStore } from "./writerThread";
export { dialectFor, type Dialect } from "./dialect";
export { inferType, type PropertyType } from "./catalog";

const holder = globalThis as unknown as { __crumbtrailWriter?: GroupCommitWriter };

/**
 * With CLICKHOUSE_URL: the process's one shipper, copying committed groups from
 * the outbox to ClickHouse (lib/store/clickhouse/shipper.ts); null without it.
 * On SQLite it runs in a thread of its own (shipperThread/), as the writer does:
 * its reads would block the event loop. PostgreSQL's are asynchronous already.
 */
export function clickHouseShipper(): Shipper | null {
  const known = registeredShipper();
  if (known !== undefined) return known;
  const settings = clickHouseConfig();
  const { db, kind } = connections();
  const { sqlitePath } = config();
  let shipper: Shipper | null = null;
  if (settings) shipper = sqlitePath ? new ThreadedShipper(db, sqlitePath) : new ClickHouseShipper(db, kind, settings.client, settings.cluster);
  registerShipper(shipper);
  return shipper;
}

/**
 * The process's one writer: all ingestion goes through it. On SQLite the
 * commits run in a worker thread with its own connection, so the event loop
 * keeps serving requests during them; PostgreSQL does its work in its own
 * process already, so there the store runs in line.
 */
export function eventWriter(): GroupCommitWriter {
  if (!holder.__crumbtrailWriter) {
    const { sqlitePath } = config();
    const shipper = clickHouseShipper();
    let store: GroupStore;
    if (sqlitePath) {
      store = new ThreadedGroupStore(sqlitePath, undefined, undefined, shipper !== null);
    } else {
      const { db, kind, sqlite } = connections();
      store = new EventStore(db, dialectFor(kind), sqlite, undefined, shipper !== null);
    }
    holder.__crumbtrailWriter = new GroupCommitWriter(store, undefined, () => shipper?.nudge());
  }
  return holder.__crumbtrailWriter;
}

/** At server start: the writer thread boots (loads its code, opens SQLite) before the first event arrives, and the shipper copies what an earlier run left. */
export async function startEventWriter(): Promise<void> {
  clickHouseShipper()?.start();
  await eventWriter().start();
}
