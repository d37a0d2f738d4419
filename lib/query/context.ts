// What every report function gets: the project, its zone, and how to talk SQL to its database.
import type Database from "better-sqlite3";
import type { Kysely } from "kysely";
import { connections } from "../db";
import type { HotTables } from "../db/tables";
import type { ClickHouseEvents } from "./clickhouse/source";
import { queryDialect, type QueryDialect } from "./sqlDialect";

export interface ReportContext {
  projectId: string;
  timezone: string;
  db: Kysely<HotTables>;
  dialect: QueryDialect;
  /**
   * SQLite only: the connection under `db`, for scans that read row by row
   * (scan.ts holds `db`'s lock on it while it does).
   */
  sqlite?: Database.Database | null;
  /** Aborted when the client goes away or the report's time limit runs out (limits.ts). */
  signal?: AbortSignal;
  /**
   * PostgreSQL: the pool, when `db` is one connection taken from it for the
   * report (ownConnection.ts); a split report's other share takes another.
   */
  pool?: Kysely<HotTables>;
  /**
   * Only the persons with `from <= id < to`: the share of a report split between
   * threads (parallel/). Applied where the persons of a range are chosen
   * (personsSeenDuring).
   */
  personRange?: PersonRange;
  /**
   * Set when the report reads its events from ClickHouse (clickhouse/route.ts):
   * the reports that can (trends, funnels) read there instead of `db`.
   */
  clickhouse?: ClickHouseEvents;
}

/** Person ids `from <= id < to`. */
export interface PersonRange {
  from: number;
  to: number;
}

export function reportContext(project: { id: string; timezone: string }, signal?: AbortSignal): ReportContext {
  const { db, kind, sqlite } = connections();
  return { projectId: project.id, timezone: project.timezone, db, dialect: queryDialect(kind), sqlite, signal };
}
