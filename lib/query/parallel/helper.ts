// The server's side of the report helper thread: starts it on first use, hands
// it one share of a split report, relays a cancelled report's signal, and stops
// it after a minute without work so an idle server does not keep its memory.
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { PersonRange, ReportContext } from "../context";
import type { CancelMessage, HelperTasks, HelperThreadData, ReadyMessage, TaskMessage, TaskName, TaskReply } from "./protocol";

/** See the Worker's resourceLimits below. */
const HELPER_YOUNG_GENERATION_MB = 4;

/** Idle time after which the thread is stopped; the next split report starts it again. */
const IDLE_MS = 60_000;

/** The helper answered that it stopped because the report was cancelled. */
export class HelperAborted extends Error {}

interface Waiting {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

export class ReportHelper {
  private worker: Worker | null = null;
  private ready: Promise<Worker> | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;
  /** Tasks handed over and not yet answered (or still waiting for the thread to start). */
  private active = 0;
  /** Tasks the thread has answered with a result since the process started. */
  answered = 0;

  constructor(
    private readonly sqlitePath: string,
    private readonly entry = path.join(process.cwd(), "lib", "query", "parallel", "bootstrap.mjs"),
  ) {}

  /** Runs `task` over the persons of `share` (null: all) on the helper thread. Rejects with HelperAborted when `signal` stopped it. */
  async run<K extends TaskName>(task: K, ctx: ReportContext, share: PersonRange | null, args: HelperTasks[K]["args"], signal: AbortSignal): Promise<HelperTasks[K]["result"]> {
    this.busy();
    try {
      const worker = await this.started();
      // A process waiting for an answer (a benchmark, the CLI) must not exit under it.
      worker.ref();
      const id = this.nextId++;
      const onAbort = () => worker.postMessage({ id, cancel: true } satisfies CancelMessage);
      signal.addEventListener("abort", onAbort, { once: true });
      try {
        return (await new Promise<unknown>((resolve, reject) => {
          this.waiting.set(id, { resolve, reject });
          worker.postMessage({ id, task, projectId: ctx.projectId, timezone: ctx.timezone, share, args } satisfies TaskMessage<K>);
          if (signal.aborted) onAbort();
        })) as HelperTasks[K]["result"];
      } finally {
        signal.removeEventListener("abort", onAbort);
      }
    } finally {
      this.idle();
    }
  }

  /** Stops the thread (tests, shutdown); work still waiting is rejected. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const stopped = new Error("the report helper thread was stopped");
    for (const waiting of this.waiting.values()) waiting.reject(stopped);
    this.waiting.clear();
    if (worker) await worker.terminate();
  }

  private busy(): void {
    this.active += 1;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private idle(): void {
    this.active -= 1;
    if (this.active > 0) return;
    this.worker?.unref();
    this.idleTimer = setTimeout(() => void this.close(), IDLE_MS);
    this.idleTimer.unref();
  }

  /** The running thread, started (again, after a crash or an idle stop) on first use. */
  private started(): Promise<Worker> {
    if (!this.ready) {
      const worker = new Worker(this.entry, {
        workerData: { sqlitePath: this.sqlitePath } satisfies HelperThreadData,
        // A small young generation: the thread's objects are short-lived rows,
        // and V8's default reserve cost 27 MB of the server's memory for no speed.
        resourceLimits: { maxYoungGenerationSizeMb: HELPER_YOUNG_GENERATION_MB },
      });
      worker.unref();
      this.worker = worker;
      this.ready = new Promise<Worker>((resolve, reject) => {
        worker.on("message", (message: TaskReply | ReadyMessage) => {
          if ("ready" in message) {
            console.log("[crumbtrail] report helper thread started: big reports use two threads");
            return resolve(worker);
          }
          const waiting = this.waiting.get(message.id);
          if (!waiting) return;
          this.waiting.delete(message.id);
          if ("error" in message) waiting.reject(message.aborted ? new HelperAborted(message.error) : new Error(message.error));
          else {
            this.answered += 1;
            waiting.resolve(message.result);
          }
        });
        const fail = (cause: Error) => {
          if (this.worker !== worker) return;
          this.worker = null;
          this.ready = null;
          reject(cause);
          for (const waiting of this.waiting.values()) waiting.reject(cause);
          this.waiting.clear();
        };
        worker.on("error", fail);
        worker.on("exit", (code) => fail(new Error(`the report helper thread exited with code ${code}`)));
      });
    }
    return this.ready;
  }
}
