// Group commit (DESIGN.md): requests queue up while the previous group is being
// committed, then go to the database together in one transaction. No request is
// answered before its group is durable; under light load a group is one request
// and nothing waits on a timer. The queue is bounded: past it, callers get 503
// with Retry-After instead of the server growing its memory.
import { ApiError } from "../http/errors";
import type { WriteOutcome, WriteRequest } from "./eventStore";

export interface GroupStore {
  writeGroup(requests: WriteRequest[]): Promise<WriteOutcome[]>;
  /** Gets ready before the first write (the writer thread boots); optional. */
  start?(): Promise<void>;
}

export interface WriterOptions {
  /** Most messages one transaction takes. */
  maxGroupMessages: number;
  /** Most messages waiting; beyond it writes are refused with 503. */
  maxQueuedMessages: number;
}

interface Pending {
  request: WriteRequest;
  resolve(outcome: WriteOutcome): void;
  reject(error: unknown): void;
}

export class GroupCommitWriter {
  private queue: Pending[] = [];
  private queuedMessages = 0;
  private running: Promise<void> | null = null;

  constructor(
    private readonly store: GroupStore,
    // 5000 a group: a commit costs about the pages it dirties, and a bigger group
    // shares index leaves between more rows (bench/RESULTS.md: ~35% less per event).
    private readonly options: WriterOptions = { maxGroupMessages: 5000, maxQueuedMessages: 100_000 },
    /** Told after each committed group (the ClickHouse shipper: there is something to copy). */
    private readonly afterCommit: () => void = () => {},
  ) {}

  /** Resolves once the request's messages are committed. */
  write(request: WriteRequest): Promise<WriteOutcome> {
    if (request.messages.length === 0 && !request.bots && !request.plan?.quarantine.length) return Promise.resolve({ accepted: 0, duplicates: 0, refused: [] });
    if (this.queuedMessages + request.messages.length > this.options.maxQueuedMessages) {
      return Promise.reject(
        new ApiError(503, "overloaded", "The server is busy writing; retry in a moment.", {}, { "Retry-After": "1" }),
      );
    }
    return new Promise<WriteOutcome>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.queuedMessages += request.messages.length;
      // Let every request that arrives in this tick join the same group.
      this.running ??= new Promise<void>((done) => setImmediate(() => this.drainQueue().finally(done)));
    });
  }

  /** Readies the store before the first write arrives (at server start). */
  async start(): Promise<void> {
    await this.store.start?.();
  }

  /** Waits until everything queued so far is committed (for shutdown and tests). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  get pendingMessages(): number {
    return this.queuedMessages;
  }

  private takeGroup(): Pending[] {
    const group: Pending[] = [];
    let size = 0;
    while (this.queue.length && (group.length === 0 || size + this.queue[0].request.messages.length <= this.options.maxGroupMessages)) {
      const next = this.queue.shift()!;
      size += next.request.messages.length;
      group.push(next);
    }
    this.queuedMessages -= size;
    return group;
  }

  private async drainQueue(): Promise<void> {
    try {
      while (this.queue.length) {
        const group = this.takeGroup();
        try {
          const outcomes = await this.store.writeGroup(group.map((p) => p.request));
          group.forEach((p, i) => p.resolve(outcomes[i]));
          this.afterCommit();
        } catch (error) {
          // A busy or restarting writer fails every request alike: trying them one
          // by one would only make each wait again. Their clients retry (503).
          if (group.length === 1 || (error instanceof ApiError && error.status === 503)) {
            for (const pending of group) pending.reject(error);
            continue;
          }
          // One request's failure must not cost its neighbours: commit them one by one.
          for (const pending of group) {
            try {
              const [outcome] = await this.store.writeGroup([pending.request]);
              pending.resolve(outcome);
              this.afterCommit();
            } catch (single) {
              pending.reject(single);
            }
          }
        }
      }
    } finally {
      this.running = null;
    }
  }
}
