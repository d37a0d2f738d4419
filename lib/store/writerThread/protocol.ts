// What the main thread and the writer thread say to each other.
import type { WriteOutcome } from "../eventStore";

/**
 * Main → writer: one group to commit, its WriteRequest[] as JSON text. A string
 * crosses threads as one copy, where structuredClone of the same objects cost
 * about twice as much as JSON.stringify plus JSON.parse; and every message came
 * in as JSON, so the round trip is exact.
 */
export interface GroupMessage {
  id: number;
  requestsJson: string;
}

/** Writer → main: the group committed, or why it did not. */
export type GroupReply =
  | { id: number; outcomes: WriteOutcome[] }
  /** `busy`: the database stayed locked by another connection past the busy timeout. */
  | { id: number; error: string; busy: boolean };

/** Writer → main, once, when its connection is open. */
export interface ReadyMessage {
  ready: true;
}

/** workerData of the writer thread. */
export interface WriterThreadData {
  sqlitePath: string;
  /** How long a commit waits for another connection's write lock (tests shorten it). */
  busyTimeoutMs?: number;
  /** Record each group's events in the ClickHouse outbox (CLICKHOUSE_URL is set). */
  clickHouseOutbox?: boolean;
}
