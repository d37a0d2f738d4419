// Distinct persons per time window from activity_slots: one row per (event,
// 15-minute slot, person), kept equal to the events by triggers (and on
// SQLite by the writer's inserts, lib/store/eventStore.ts). A window's whole slots are counted from those rows; the part of a
// window that is not whole slots (the range's ends, "now") from the events.
// Exact for any window: every zone's hours, days and weeks start on a slot
// boundary, so only a range's own ends ever fall inside a slot.
import { sql } from "kysely";
import type { ReportContext } from "./context";
import { inShare } from "./personsSeen";

/** A slot's length: 15 minutes, the finest step of any time zone's offset. */
export const SLOT_MS = 900_000;

/** The slot of an instant: the multiple of SLOT_MS at or before it (as the migration's triggers compute it). */
export const slotAtOrBefore = (ms: number) => ms - (((ms % SLOT_MS) + SLOT_MS) % SLOT_MS);

/**
 * [coreStart, coreEnd): the whole slots inside [start, end). When there are
 * none, an empty core at `end`, so the events of [start, coreStart) are all of it.
 */
export function wholeSlots(start: number, end: number): { coreStart: number; coreEnd: number } {
  const coreStart = slotAtOrBefore(start) === start ? start : slotAtOrBefore(start) + SLOT_MS;
  const coreEnd = slotAtOrBefore(end);
  return coreStart < coreEnd ? { coreStart, coreEnd } : { coreStart: end, coreEnd: end };
}

/**
 * window index -> how many distinct persons did `event` inside it (among
 * ctx.personRange's when the report is split). Each window is one scalar
 * subquery: its slot rows, and the events of its two partial ends, as one
 * list of persons.
 */
export async function uniqueUsersPerWindow(ctx: ReportContext, event: string, windows: { i: number; start: number; end: number }[]): Promise<Map<number, number>> {
  const values = sql.join(
    windows.map((w) => {
      const { coreStart, coreEnd } = wholeSlots(w.start, w.end);
      return sql`(cast(${w.i} as integer), cast(${w.start} as bigint), cast(${w.end} as bigint), cast(${coreStart} as bigint), cast(${coreEnd} as bigint))`;
    }),
  );
  const events = ctx.dialect.eventsByNameAndTime;
  const ofEvent = sql`e.project_id = ${ctx.projectId} AND e.event = ${event}`;
  const rows = await sql<{ i: number; v: number | string | null }>`
    WITH b(i, w_start, w_end, core_start, core_end) AS (VALUES ${values})
    SELECT b.i AS i, (
      SELECT count(DISTINCT u.person_id) FROM (
        SELECT s.person_id FROM activity_slots s
        WHERE s.project_id = ${ctx.projectId} AND s.event = ${event} AND s.slot >= b.core_start AND s.slot < b.core_end${inShare(ctx, sql.ref("s.person_id"))}
        UNION ALL
        SELECT e.person_id FROM ${events}
        WHERE ${ofEvent} AND e.ts >= b.w_start AND e.ts < b.core_start${inShare(ctx, sql.ref("e.person_id"))}
        UNION ALL
        SELECT e.person_id FROM ${events}
        WHERE ${ofEvent} AND e.ts >= b.core_end AND e.ts < b.w_end${inShare(ctx, sql.ref("e.person_id"))}
      ) u
    ) AS v
    FROM b`.execute(ctx.db);
  return new Map(rows.rows.map((row) => [Number(row.i), row.v === null ? 0 : Number(row.v)]));
}
