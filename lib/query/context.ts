// What every report function gets: the project, its zone, and how to talk SQL to its database.
import type { Kysely } from "kysely";
import { connections } from "../db";
import type { HotTables } from "../db/tables";
import { queryDialect, type QueryDialect } from "./sqlDialect";

export interface ReportContext {
  projectId: string;
  timezone: string;
  db: Kysely<HotTables>;
  dialect: QueryDialect;
}

export function reportContext(project: { id: string; timezone: string }): ReportContext {
  const { db, kind } = connections();
  return { projectId: project.id, timezone: project.timezone, db, dialect: queryDialect(kind) };
}
