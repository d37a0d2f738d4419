// The Overview's numbers on ClickHouse: events and unique users per bucket and
// over the range, and the top events. overview.ts adds the latest events, read
// from the Prisma database by its (project, ts) index: twelve rows.
import { z } from "zod";
import { inList, quoteString } from "../../store/clickhouse/literal";
import { windowOf, type TimeWindow } from "./expressions";
import { eventsFrom, PERSON, reportRows, type ClickHouseEvents } from "./source";

export interface OverviewActivity {
  perBucket: { i: number; events: number; users: number }[];
  totals: { events: number; users: number };
  topEvents: { event: string; count: number }[];
}

const count = z.object({ i: z.number(), events: z.number(), users: z.number() });
const top = z.object({ event: z.string(), count: z.number() });

/** Per bucket (windows tiling [from, to)), over the range, and the ten top events but those of `hide` (ties by name). */
export async function overviewInClickHouse(
  source: ClickHouseEvents,
  projectId: string,
  buckets: TimeWindow[],
  from: number,
  to: number,
  hide: readonly string[],
  signal?: AbortSignal,
): Promise<OverviewActivity> {
  const inRange = `project_id = ${quoteString(projectId)} AND ts >= ${from} AND ts < ${to}`;
  const activity = (group: string) => `
    SELECT ${group} AS i, count() AS events, uniqExact(person) AS users
    FROM (SELECT ts, ${PERSON} AS person FROM ${eventsFrom(source, projectId, true)} WHERE ${inRange})
    GROUP BY i`;
  const [perBucket, [range], topEvents] = await Promise.all([
    buckets.length ? reportRows(source, activity(windowOf("ts", buckets)), count, signal) : Promise.resolve([]),
    reportRows(source, activity("-1"), count, signal),
    reportRows(
      source,
      `SELECT event, count() AS count FROM ${eventsFrom(source, projectId, false)}
        WHERE ${inRange}${hide.length ? ` AND event NOT IN ${inList([...hide])}` : ""}
        GROUP BY event ORDER BY count DESC, event LIMIT 10`,
      top,
      signal,
    ),
  ]);
  return { perBucket, totals: { events: range?.events ?? 0, users: range?.users ?? 0 }, topEvents };
}
