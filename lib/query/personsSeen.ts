// Which persons a report over [from, to) needs to read, found on the persons
// index (project_id, last_seen) instead of by deduplicating every event of the
// range. Exact because persons.first_seen/last_seen bound each person's
// events: they only widen at ingestion and merges, and are recomputed when
// events are removed (erase, purge). The result is a superset of the persons
// with a matching event in range; each report drops the rest itself (no start
// in range, no anchor). A report split between threads reads only its share
// of the persons (ctx.personRange).
import { sql, type RawBuilder } from "kysely";
import type { ReportContext } from "./context";

/** A row source of the ids of the persons with an event somewhere in [from, to), and maybe a few more. */
export function personsSeenDuring(ctx: ReportContext, from: number, to: number): RawBuilder<unknown> {
  return sql`SELECT p_seen.id FROM persons p_seen
    WHERE p_seen.project_id = ${ctx.projectId} AND p_seen.last_seen >= ${from} AND p_seen.first_seen < ${to}${inShare(ctx, sql.ref("p_seen.id"))}`;
}

/** ` AND <personId> in ctx.personRange`, or nothing when the report is not split. */
export function inShare(ctx: ReportContext, personId: RawBuilder<unknown>): RawBuilder<unknown> {
  return ctx.personRange ? sql` AND ${personId} >= ${ctx.personRange.from} AND ${personId} < ${ctx.personRange.to}` : sql``;
}
