// The Overview's numbers on ClickHouse: events and unique users per bucket and
// over the range (in parts of the persons past the report budget, as trends'
// unique users), and the top events. overview.ts adds the latest events, read
// from the Prisma database by its (project, ts) index: twelve rows.
import { z } from "zod";
import { inList, quoteString } from "../../store/clickhouse/literal";
import { windowOf, type TimeWindow } from "./expressions";
import { BYTES_PER_UNIQUE_EVENT, eventsFrom, personsInParts, reportRows, type ClickHouseEvents } from "./source";

interface BucketActivity {
  i: number;
  events: number;
  users: number;
}

export interface OverviewActivity {
  perBucket: BucketActivity[];
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
  const topEvents = reportRows(
    source,
    `SELECT event, count() AS count FROM ${eventsFrom(source)}
      WHERE ${inRange}${hide.length ? ` AND event NOT IN ${inList([...hide])}` : ""}
      GROUP BY event ORDER BY count DESC, event LIMIT 10`,
    top,
    signal,
  );
  topEvents.catch(() => {}); // awaited below, after the parts; a failure is thrown there
  // The buckets' and the range's statements each hold sets of persons: past the
  // report budget they count parts of the persons, whose events and users add up.
  const { persons, parts } = await personsInParts(source, projectId, inRange, BYTES_PER_UNIQUE_EVENT * 2, signal);
  const activity = (group: string, part: string) => `
    SELECT ${group} AS i, count() AS events, uniqExact(person) AS users
    FROM (SELECT ts, ${persons.person} AS person FROM ${persons.from} WHERE ${inRange} AND ${part})
    GROUP BY i`;
  const perBucket = new Map<number, BucketActivity>();
  const totals = { events: 0, users: 0 };
  for (const part of parts) {
    const [bucketRows, rangeRows] = await Promise.all([
      buckets.length ? reportRows(source, activity(windowOf("ts", buckets), part), count, signal) : Promise.resolve([]),
      reportRows(source, activity("-1", part), count, signal),
    ]);
    for (const row of bucketRows) {
      const sum = perBucket.get(row.i) ?? { i: row.i, events: 0, users: 0 };
      perBucket.set(row.i, { i: row.i, events: sum.events + row.events, users: sum.users + row.users });
    }
    for (const row of rangeRows) {
      totals.events += row.events;
      totals.users += row.users;
    }
  }
  return { perBucket: [...perBucket.values()], totals, topEvents: await topEvents };
}
