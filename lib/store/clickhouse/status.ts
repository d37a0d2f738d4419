// What Settings says about where a project's events live: the Prisma database
// always, and, when CLICKHOUSE_URL is set, how many of the project's events
// ClickHouse holds and whether it holds them all (then reports read it).
import { z } from "zod";
import { connections } from "../../db";
import { backfillCheckpoint } from "./backfill";
import { ClickHouseError } from "./client";
import { clickHouseConfig } from "./config";
import { clickHouseHoldsAll } from "./coverage";
import { sqlWith } from "./literal";
import { eventsTable } from "./schema";

export type ClickHouseStatus =
  | { configured: false }
  /** `endpoint`: the server and database, never the credentials. */
  /** `holdsAll`: ClickHouse holds every event of the project, so reports read it (coverage.ts). */
  | { configured: true; endpoint: string; copied: number; lastEventId: number; holdsAll: boolean }
  | { configured: true; endpoint: string; error: string };

/** A page must not wait long on a ClickHouse that is down. */
const STATUS_TIMEOUT_MS = 2_000;

export async function clickHouseStatus(projectId: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<ClickHouseStatus> {
  if (!env.CLICKHOUSE_URL?.trim()) return { configured: false };
  let endpoint = "CLICKHOUSE_URL";
  try {
    const config = clickHouseConfig(env, { timeoutMs: STATUS_TIMEOUT_MS });
    if (!config) return { configured: false };
    const { client, cluster } = config;
    endpoint = `${client.target.origin}/${client.database}`;
    const table = eventsTable({ database: client.database, cluster });
    const [row] = await client.query(sqlWith(`SELECT count() AS n FROM ${table} WHERE project_id = ?`, [projectId]), z.object({ n: z.coerce.number() }));
    const holdsAll = await clickHouseHoldsAll(connections().db, projectId);
    return { configured: true, endpoint, copied: row?.n ?? 0, lastEventId: await backfillCheckpoint(client, projectId), holdsAll };
  } catch (error) {
    // Settings shows what is wrong instead of failing the page.
    const missingTables = error instanceof ClickHouseError && error.code === 60;
    const message = error instanceof Error ? error.message : String(error);
    return { configured: true, endpoint, error: missingTables ? "its tables do not exist yet: run crumbtrail clickhouse:migrate." : message };
  }
}
