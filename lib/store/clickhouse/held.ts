// Which of some events ClickHouse already holds: what keeps every copy exactly
// once when a copy is repeated (a pass interrupted between its insert and its
// outbox delete, a backfill over events the server already shipped, or the reverse).
import { z } from "zod";
import { chunks } from "../chunks";
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
 *
 * `everyEventIn`: the caller knows `rows` are (a subset of) the project's events
 * with ids in [first, last] (the backfill's batches). One statement then asks for
 * that id range instead of listing ids. That matters when ids do not follow time
 * (an import of history in person order): the time range then spans the project,
 * so each statement reads all of its events, and a 10M-event backfill spent most
 * of its time on two such statements per 10,000 events. Ids outside `rows` may come
 * back; callers only look up theirs.
 */
export async function heldByClickHouse(
  client: ClickHouseClient,
  topology: Topology,
  projectId: string,
  rows: readonly ClickHouseEventRow[],
  everyEventIn?: { first: number; last: number },
): Promise<Set<number>> {
  const held = new Set<number>();
  if (!rows.length) return held;
  const names = [...new Set(rows.map((r) => r.event))];
  let from = Infinity;
  let to = -Infinity;
  for (const r of rows) {
    from = Math.min(from, r.ts);
    to = Math.max(to, r.ts);
  }
  const narrowed = sqlWith(`SELECT event_id FROM ${eventsTable(topology)} WHERE project_id = ? AND ts >= ? AND ts <= ?`, [projectId, from, to]) + ` AND event IN ${inList(names)}`;
  const idLists = everyEventIn
    ? [sqlWith(" AND event_id >= ? AND event_id <= ?", [everyEventIn.first, everyEventIn.last])]
    : chunks(rows.map((r) => r.event_id), IDS_PER_STATEMENT).map((ids) => ` AND event_id IN ${inList(ids)}`);
  for (const ids of idLists) {
    const found = await client.query(narrowed + ids, z.object({ event_id: z.coerce.number() }));
    for (const row of found) held.add(row.event_id);
  }
  return held;
}
