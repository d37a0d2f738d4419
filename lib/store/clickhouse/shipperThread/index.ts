// The main thread's side of the shipper thread (on SQLite): the Shipper
// interface as messages to a thread running ClickHouseShipper with its own
// connection (thread.ts). The thread starts on first use and again after a crash;
// the outbox keeps whatever a dead thread had not copied.
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { Kysely } from "kysely";
import type { HotTables } from "../../../db/tables";
import { outboxBacklog, type OutboxBacklog, type Shipper } from "../shipper";
import type { ShipperCommand, ShipperReport, ShipperThreadData } from "./protocol";

export class ThreadedShipper implements Shipper {
  private worker: Worker | null = null;
  private started = false;
  private stopped = false;
  private lastError: string | null = null;
  private nextId = 1;
  /** Answers awaited ("paused", "stopped"), by id: settled too when the thread dies. */
  private readonly waiting = new Map<number, () => void>();

  constructor(
    /** The main thread's connection: backlog() counts the outbox there. */
    private readonly db: Kysely<HotTables>,
    private readonly sqlitePath: string,
    private readonly entry = path.join(process.cwd(), "lib", "store", "clickhouse", "shipperThread", "bootstrap.mjs"),
  ) {}

  start(): void {
    this.stopped = false;
    this.started = true;
    this.send({ type: "start" });
  }

  nudge(): void {
    if (!this.stopped) this.send({ type: "nudge" });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.started = false;
    const worker = this.worker;
    if (!worker) return;
    await this.ask((id) => ({ type: "stop", id }));
    this.worker = null;
    await worker.terminate();
  }

  /** No pass in flight while `work` runs: the thread finishes its pass and waits for the word to go on. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    // No thread, no pass.
    if (!this.worker) return work();
    const id = await this.ask((id) => ({ type: "pause", id }));
    try {
      return await work();
    } finally {
      this.worker?.postMessage({ type: "resume", id } satisfies ShipperCommand);
    }
  }

  backlog(projectId?: string): Promise<OutboxBacklog> {
    return outboxBacklog(this.db, projectId, this.lastError);
  }

  private send(command: ShipperCommand): void {
    this.running().postMessage(command);
  }

  /** Sends a command that the thread answers; resolves with its id when it does (or when the thread is gone). */
  private ask(command: (id: number) => ShipperCommand): Promise<number> {
    const id = this.nextId++;
    const worker = this.running();
    return new Promise<number>((resolve) => {
      this.waiting.set(id, () => resolve(id));
      // A process waiting on an answer (a stop at shutdown) must not exit under it.
      worker.ref();
      worker.postMessage(command(id));
    });
  }

  private running(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.entry, { workerData: { sqlitePath: this.sqlitePath } satisfies ShipperThreadData });
    // Shipping is background work: it never keeps a process alive.
    worker.unref();
    worker.on("message", (report: ShipperReport) => {
      if (report.type === "lastError") {
        this.lastError = report.lastError;
        return;
      }
      this.settle(report.id);
      if (this.waiting.size === 0) worker.unref();
    });
    const gone = (cause: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      // A dead thread has no pass in flight: whoever waits on it may go on.
      for (const id of [...this.waiting.keys()]) this.settle(id);
      if (!this.stopped) console.error(`[crumbtrail] the ClickHouse shipper thread stopped (${cause}); it restarts on the next commit`);
    };
    worker.on("error", (error) => gone(error.message));
    worker.on("exit", (code) => gone(`exit code ${code}`));
    this.worker = worker;
    if (this.started) worker.postMessage({ type: "start" } satisfies ShipperCommand);
    return worker;
  }

  private settle(id: number): void {
    const resolve = this.waiting.get(id);
    this.waiting.delete(id);
    resolve?.();
  }
}
