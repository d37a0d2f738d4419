// What a trends report asks of the events, whichever store answers it: a
// series' math per window and group (trends.ts on SQLite and PostgreSQL,
// clickhouse/trends.ts on ClickHouse). The report's assembly (buckets,
// breakdown ranking, "$other") is trends.ts's alone.
import type { Breakdown, Series } from "./model";

/** The breakdown value that stands for every value not kept. */
export const OTHER = "$other";

export interface Window {
  i: number;
  start: number;
  end: number;
}

export interface AggregateSpec {
  series: Series;
  windows: Window[];
  /** Group by this breakdown's value (as JSON text); otherwise one group, "all". */
  groupBy?: Breakdown;
  /** Keep only rows whose breakdown value is (or is not) one of `keys`. */
  restrict?: { breakdown: Breakdown; keys: string[]; inside: boolean };
  /**
   * Distinct users by `groupBy` in each window and, as window WHOLE, over all
   * the windows together, from one read of the events (see uniqueUsersByValue).
   */
  withWhole?: boolean;
  /**
   * With groupBy: values other than these keys are counted as one group,
   * OTHER (the breakdown's "$other" line, read with the kept values' buckets).
   */
  lumpExcept?: string[];
  /**
   * The cohort whose members' events are read instead of the range's
   * (membersFirst.ts); null: the range is read; unset: each statement
   * decides. aggregate decides once for all its shares.
   */
  membersOf?: string | null;
}

/** The window index under which a withWhole aggregate answers for all its windows together. */
export const WHOLE = -1;

/** The one group of an aggregate without groupBy. */
export const ALL = "all";

/** (window, group) -> a number. */
export type Aggregates = Map<number, Map<string, number>>;
