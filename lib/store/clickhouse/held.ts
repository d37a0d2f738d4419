// Which of some events ClickHouse already holds: what keeps every copy exactly
// once when a copy is repeated (a pass interrupted between its insert and its
// outbox delete, a backfill over events the server already shipped, or the reverse).
import { z } from "zod";
import type { ClickHouseClient } from "./client";
import { inList, sqlWith } from "./literal";
import type { ClickHouseEventRow } from "./rows";
import { eventsTable, type Topology } from "./schema";

/** Ids in one statement: a few tens of KB of text. */
const IDS_PER_STATEMENT = 5_000;

/**
 * The event ids among `rows` (one project's) that ClickHouse has. The statement
 * narrows by project, event names and time range first, the table's sort order,
 * so it reads the few parts those rows went to, not the project.
 */
export async function heldByClickHouse(client: ClickHouseClient, topology: Topology, projectId: string, rows: readonly ClickHouseEventRow[]): Promise<Set<number>> {
  const held = new Set<number>();
  if (!rows.length) return held;
  const names = [...new Set(rows.map((r) => r.event))];
  let from = Infinity;
  let to = -Infinity;
  for (const r of rows) {
    from = Math.min(from, r.ts);
    to = Math.max(to, r.ts);
  }
  const ids = rows.map((r) => r.event_id);
  for (let at = 0; at < ids.length; at += IDS_PER_STATEMENT) {
    const found = await client.query(
      sqlWith(`SELECT event_id FROM ${eventsTable(topology)} WHERE project_id = ? AND ts >= ? AND ts <= ?`, [projectId, from, to]) +
        ` AND event IN ${inList(names)} AND event_id IN ${inList(ids.slice(at, at + IDS_PER_STATEMENT))}`,
      z.object({ event_id: z.coerce.number() }),
    );
    for (const row of found) held.add(row.event_id);
  }
  return held;
}
