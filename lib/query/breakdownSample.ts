// How many values a breakdown takes, guessed from the first events of a range.
// Unique users by a property is read one way when every value is kept and
// another when most values fall into "$other" (trends.ts): the guess only
// chooses the read, both give the same exact answer.
import { sql, type RawBuilder } from "kysely";
import type { ReportContext } from "./context";

/** Events sampled: enough to see more values than any breakdown keeps (at most 50), a millisecond to read. */
export const VALUE_SAMPLE = 1000;

/**
 * The number of distinct `key`s among the first VALUE_SAMPLE events named
 * `event` in [from, to), in time order (filters are not applied: a guess).
 * `key` reads the event row `e`, and the person row `p` when `joinPersons`.
 */
export async function sampledValueCount(
  ctx: ReportContext,
  event: string,
  from: number,
  to: number,
  key: RawBuilder<string>,
  joinPersons: boolean,
): Promise<number> {
  const d = ctx.dialect;
  const persons = joinPersons ? sql`LEFT JOIN persons p ON p.id = e.person_id` : sql``;
  const row = await sql<{ n: number | string }>`
    SELECT count(DISTINCT k) AS n FROM (
      SELECT ${key} AS k
      FROM ${d.eventsWithProperties} ${persons}
      WHERE e.project_id = ${ctx.projectId} AND e.event = ${event} AND e.ts >= ${from} AND e.ts < ${to}
      LIMIT ${VALUE_SAMPLE}
    ) AS sample`.execute(ctx.db);
  return Number(row.rows[0]?.n ?? 0);
}
