// The writer thread's body: its own SQLite connection and EventStore, committing
// the groups the main thread sends and answering each once it is durable.
// Running here, a group's identity resolution, inserts, commit and WAL
// checkpoints use the second core and never stall the event loop that serves
// HTTP (bench/RESULTS.md).
import { parentPort, workerData } from "node:worker_threads";
import { openSqliteHotTables } from "../../db/sqlite";
import { dialectFor } from "../dialect";
import { EventStore, type WriteRequest } from "../eventStore";
import type { GroupMessage, GroupReply, ReadyMessage, WriterThreadData } from "./protocol";

const port = parentPort;
if (!port) throw new Error("lib/store/writerThread/thread.ts runs only as a worker thread");

const { sqlitePath, busyTimeoutMs, clickHouseOutbox } = workerData as WriterThreadData;
// 16 MB of page cache, not the default 64: under batched load the server's
// peak RSS fell by about 50 MB for a few per cent of throughput (bench/RESULTS.md,
// "Memory"), the insert path's hot B-tree leaves still fitting.
const WRITER_CACHE_MB = 16;
const { db, sqlite } = openSqliteHotTables(sqlitePath, busyTimeoutMs, WRITER_CACHE_MB);
const store = new EventStore(db, dialectFor("sqlite"), sqlite, undefined, clickHouseOutbox === true);

// Groups arrive one at a time (GroupCommitWriter waits for each answer), but
// a queue keeps the order even if that changes.
let chain: Promise<void> = Promise.resolve();

port.on("message", (message: GroupMessage) => {
  chain = chain.then(async () => {
    let reply: GroupReply;
    try {
      reply = { id: message.id, outcomes: await store.writeGroup(JSON.parse(message.requestsJson) as WriteRequest[]) };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const busy = typeof code === "string" && code.startsWith("SQLITE_BUSY");
      reply = { id: message.id, error: error instanceof Error ? error.message : String(error), busy };
    }
    port.postMessage(reply);
  });
});

port.postMessage({ ready: true } satisfies ReadyMessage);
