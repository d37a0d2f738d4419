// The main thread's side of the SQLite writer thread: a GroupStore that hands
// each group to the thread and resolves when the thread says it is committed.
// GroupCommitWriter still does the grouping, the bounded queue and the 503s.
import path from "node:path";
import { Worker } from "node:worker_threads";
import { ApiError } from "../../http/errors";
import type { WriteOutcome, WriteRequest } from "../eventStore";
import type { GroupStore } from "../groupCommitWriter";
import type { GroupMessage, GroupReply, ReadyMessage, WriterThreadData } from "./protocol";

interface Waiting {
  resolve(outcomes: WriteOutcome[]): void;
  reject(error: Error): void;
}

/**
 * Another connection held the write lock past the busy timeout (an erase or a
 * purge of a very large person or range): nothing was stored, and a retry soon
 * will get through, so the client hears 503 with Retry-After, not a 500.
 */
function busyError(): ApiError {
  return new ApiError(503, "database_busy", "The database is busy with a large deletion; retry in a moment.", {}, { "Retry-After": "2" });
}

export class ThreadedGroupStore implements GroupStore {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;

  constructor(
    private readonly sqlitePath: string,
    private readonly entry = path.join(process.cwd(), "lib", "store", "writerThread", "bootstrap.mjs"),
    private readonly busyTimeoutMs?: number,
    private readonly clickHouseOutbox = false,
  ) {}

  async writeGroup(requests: WriteRequest[]): Promise<WriteOutcome[]> {
    const worker = await this.started();
    const id = this.nextId++;
    return new Promise<WriteOutcome[]>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // A process waiting on a group (the import command) must not exit under it.
      worker.ref();
      worker.postMessage({ id, requestsJson: JSON.stringify(requests) } satisfies GroupMessage);
    });
  }

  /** Starts the thread now rather than on the first write (a server does this at boot). */
  async start(): Promise<void> {
    await this.started();
  }

  /** Stops the thread once the groups it holds are answered. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    while (this.waiting.size) await new Promise((resolve) => setTimeout(resolve, 5));
    this.worker = null;
    this.ready = null;
    await worker.terminate();
  }

  /** The running thread, started (again, after a crash) on first use. */
  private started(): Promise<Worker> {
    if (!this.ready) {
      const worker = new Worker(this.entry, { workerData: { sqlitePath: this.sqlitePath, busyTimeoutMs: this.busyTimeoutMs, clickHouseOutbox: this.clickHouseOutbox } satisfies WriterThreadData });
      // An idle writer does not keep a process alive; a busy one does (see writeGroup).
      worker.unref();
      this.worker = worker;
      this.ready = new Promise<void>((resolve, reject) => {
        worker.on("message", (message: GroupReply | ReadyMessage) => {
          if ("ready" in message) return resolve();
          const waiting = this.waiting.get(message.id);
          if (!waiting) return;
          this.waiting.delete(message.id);
          if (this.waiting.size === 0) worker.unref();
          if ("error" in message) waiting.reject(message.busy ? busyError() : new Error(message.error));
          else waiting.resolve(message.outcomes);
        });
        const fail = (cause: Error) => {
          if (this.worker !== worker) return;
          const error = new ApiError(503, "writer_unavailable", "The server's writer restarted; retry in a moment.", {}, { "Retry-After": "1" });
          // Nothing the thread had was acknowledged; its open transaction rolls back.
          this.worker = null;
          this.ready = null;
          reject(error);
          for (const waiting of this.waiting.values()) waiting.reject(error);
          this.waiting.clear();
          console.error("[crumbtrail] the writer thread stopped; it restarts on the next write:", cause.message);
        };
        worker.on("error", fail);
        worker.on("exit", (code) => fail(new Error(`the writer thread exited with code ${code}`)));
      });
    }
    return this.ready.then(() => this.worker!);
  }
}
