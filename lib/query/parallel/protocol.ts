// What the server's thread and the report helper thread say to each other.
import type { PersonRange } from "../context";

/**
 * The work a helper thread can do on a share of a report's persons: arguments
 * and answer of each. Empty here on purpose: each report module adds its own
 * task beside the code that runs it (`declare module "./parallel/protocol"` in
 * funnel.ts, retention.ts, paths.ts, trends.ts, overview.ts, breakdowns.ts), so
 * this module imports none of them and the reports' imports of the parallel
 * runner make no circle.
 */
export interface HelperTasks {}

export type TaskName = keyof HelperTasks;

/** Main → helper: run `task` for one project over the persons of `share` (null: all of them). */
export interface TaskMessage<K extends TaskName = TaskName> {
  id: number;
  task: K;
  projectId: string;
  timezone: string;
  share: PersonRange | null;
  args: HelperTasks[K]["args"];
}

/** Main → helper: the report was cancelled or timed out; stop at the next chunk of rows. */
export interface CancelMessage {
  id: number;
  cancel: true;
}

/** Helper → main: the answer, or why there is none (`aborted`: after a CancelMessage). */
export type TaskReply = { id: number; result: unknown } | { id: number; error: string; aborted: boolean };

/** Helper → main, once, when its connection is open. */
export interface ReadyMessage {
  ready: true;
}

/** workerData of the helper thread. */
export interface HelperThreadData {
  sqlitePath: string;
}
