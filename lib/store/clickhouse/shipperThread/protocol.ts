// What the main thread and the shipper thread say to each other.

/** workerData of the shipper thread. */
export interface ShipperThreadData {
  sqlitePath: string;
}

/** Main → shipper: the Shipper interface's calls (shipper.ts), one message each. */
export type ShipperCommand =
  | { type: "start" }
  | { type: "nudge" }
  /** Finish the pass under way, then hold the next until "resume" with the same id; answers "paused". */
  | { type: "pause"; id: number }
  | { type: "resume"; id: number }
  /** Finish the pass under way and stop; answers "stopped". */
  | { type: "stop"; id: number };

/** Shipper → main. */
export type ShipperReport =
  | { type: "paused"; id: number }
  | { type: "stopped"; id: number }
  /** The last failure to reach or write ClickHouse changed (null: a pass succeeded since). */
  | { type: "lastError"; lastError: string | null };
