// What the server's thread and the report helper thread say to each other.
import type { PersonRange } from "../context";
import type { PackedJourneys } from "../funnel";
import type { FunnelQuery, PathsQuery, RetentionQuery, TrendsQuery } from "../model";
import type { OverviewTables } from "../breakdowns";
import type { RangeSummary } from "../overview";
import type { RetentionPersons } from "../retention";
import type { AggregateSpec, Aggregates } from "../trends";

/** The work a helper thread can do on a share of a report's persons: arguments and answer of each. */
export interface HelperTasks {
  funnelJourneys: { args: FunnelQuery; result: PackedJourneys };
  retentionShare: { args: RetentionQuery; result: RetentionPersons };
  pathShare: { args: PathsQuery; result: string[][] };
  trendsAggregate: { args: { query: TrendsQuery; spec: AggregateSpec }; result: Aggregates };
  overviewSummary: { args: { from: number; to: number; hideEvents: string[] }; result: RangeSummary };
  overviewTables: { args: { from: number; to: number }; result: OverviewTables };
}

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
