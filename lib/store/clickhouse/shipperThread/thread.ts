// The shipper thread's body (on SQLite): its own connection and ClickHouseShipper,
// driven by the main thread's messages. A pass reads its events back from SQLite
// and encodes them for ClickHouse; better-sqlite3 reads block, so on the main
// thread those passes stalled the event loop that serves HTTP and halved batched
// ingestion (bench/RESULTS.md). Here they run beside it.
import { parentPort, workerData } from "node:worker_threads";
import { openSqliteHotTables } from "../../../db/sqlite";
import { clickHouseConfig } from "../config";
import { ClickHouseShipper } from "../shipper";
import type { ShipperCommand, ShipperReport, ShipperThreadData } from "./protocol";

const port = parentPort;
if (!port) throw new Error("lib/store/clickhouse/shipperThread/thread.ts runs only as a worker thread");
const reply = (report: ShipperReport) => port.postMessage(report);

const { sqlitePath } = workerData as ShipperThreadData;
const settings = clickHouseConfig();
if (!settings) throw new Error("the shipper thread needs CLICKHOUSE_URL");
// A pass reads recent events by id and the outbox: a small page cache does.
const SHIPPER_CACHE_MB = 8;
const { db } = openSqliteHotTables(sqlitePath, undefined, SHIPPER_CACHE_MB);
const shipper = new ClickHouseShipper(db, "sqlite", settings.client, settings.cluster, undefined, (lastError) => reply({ type: "lastError", lastError }));

/** Pauses under way, by id: each holds the shipper's chain until its "resume". */
const paused = new Map<number, () => void>();

port.on("message", (command: ShipperCommand) => {
  switch (command.type) {
    case "start":
      return shipper.start();
    case "nudge":
      return shipper.nudge();
    case "pause":
      void shipper.exclusive(
        () =>
          new Promise<void>((resume) => {
            paused.set(command.id, resume);
            reply({ type: "paused", id: command.id });
          }),
      );
      return;
    case "resume":
      paused.get(command.id)?.();
      paused.delete(command.id);
      return;
    case "stop":
      void shipper.stop().then(() => reply({ type: "stopped", id: command.id }));
      return;
  }
});
