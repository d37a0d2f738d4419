// Paths (API.md 3.1): each person's first path from the start event (or their
// first event) in range, `steps` events long, cut after the end event; counted
// per step as nodes and links for a Sankey diagram. Excluded events are left
// out as if never sent; with an end event, only the paths that reach it count.
// In "pages" mode a step is a page ($pageview's $pathname) or a screen
// ($screen's name) instead of an event name; other events are not steps.
import { sql } from "kysely";
import type { ReportContext } from "./context";
import { compileWhere, EVENT_ROW_SOURCES, needsPersons, type PropertySources } from "./filters";
import { throwIfAborted } from "./limits";
import { byPersonShares } from "./parallel/shares";
import { personsSeenDuring } from "./personsSeen";
import { forEachRow } from "./scan";
import type { PathsQuery } from "./model";
import { anchoredEventsInClickHouse } from "./clickhouse/paths";

/** This module's task for the report helper thread (parallel/protocol.ts). */
declare module "./parallel/protocol" {
  interface HelperTasks {
    pathShare: { args: PathsQuery; result: string[][] };
  }
}

export const OTHER_EVENT = "$other";

export interface PathsResult {
  nodes: { id: string; step: number; event: string; users: number }[];
  links: { from: string; to: string; users: number }[];
}

/** Events read after each anchor beyond `steps`: room for events tied with the anchor. */
const SLACK = 4;

/** The events that are steps in "pages" mode: page views by their path, screens by their name. */
const PAGE_EVENT = "$pageview";
const SCREEN_EVENT = "$screen";

/** What a step of this row is called: its event name, or in "pages" mode its page or screen. */
function stepOf(ctx: ReportContext, q: PathsQuery, row: string) {
  if (q.mode === "events") return sql<string>`${sql.ref(`${row}.event`)}`;
  return sql<string | null>`(CASE WHEN ${sql.ref(`${row}.event`)} = ${SCREEN_EVENT} THEN ${ctx.dialect.textOf(sql.ref(`${row}.properties`), "name")} ELSE ${sql.ref(`${row}.path`)} END)`;
}

/** In "pages" mode, only page views with a path and screens with a name are steps. */
function onlySteps(q: PathsQuery, row: string, step: (row: string) => ReturnType<typeof stepOf>) {
  if (q.mode === "events") return sql``;
  return sql`AND ${sql.ref(`${row}.event`)} IN (${PAGE_EVENT}, ${SCREEN_EVENT}) AND ${step(row)} IS NOT NULL`;
}

/**
 * One row per person with a start in range: the anchor's time and the first
 * events from it on, as a JSON list of [ts, id, event]. The anchor is the
 * person's first start among the persons seen during the range
 * (personsSeen.ts), and each person's following events are one short index
 * range, ORDER BY ts LIMIT n, instead of numbering every later event of every
 * person.
 *
 * The index orders equal times by event name, not arrival, so the caller
 * sorts each list by (ts, id) and reads a person again without the LIMIT
 * (`unlimited`) when the cut may have split a group of equal times.
 */
function anchoredEventsQuery(ctx: ReportContext, q: PathsQuery, limit: number | null, onlyPersons?: number[]) {
  const d = ctx.dialect;
  const step = (row: string) => stepOf(ctx, q, row);
  const joinPersons = needsPersons(q.where);
  const anchorSources: PropertySources = {
    event: sql.ref("a0.properties"),
    user: sql.ref("ap.properties"),
    eventRow: "a0",
    person: { id: sql.ref("a0.person_id") },
  };
  const sources = EVENT_ROW_SOURCES;
  const persons = onlyPersons ? d.integersOf(onlyPersons) : personsSeenDuring(ctx, q.from, q.to);
  const notExcluded = (row: string) => (q.exclude.length ? sql`AND ${step(row)} NOT IN (${sql.join(q.exclude)})` : sql``);
  return sql`
    WITH anchors AS (
      SELECT a0.person_id AS person_id, min(a0.ts) AS ts
      FROM events a0
      ${joinPersons ? sql`LEFT JOIN persons ap ON ap.id = a0.person_id` : sql``}
      WHERE a0.project_id = ${ctx.projectId} AND a0.ts >= ${q.from} AND a0.ts < ${q.to}
        ${q.startEvent ? sql`AND ${step("a0")} = ${q.startEvent}` : sql``} ${notExcluded("a0")} ${onlySteps(q, "a0", step)}
        AND ${compileWhere(d, q.where, anchorSources)}
        AND a0.person_id IN (${persons})
      GROUP BY a0.person_id
    )
    SELECT a.person_id AS person, a.ts AS anchor, (
      SELECT ${d.tupleList([sql.ref("f.ts"), sql.ref("f.id"), sql.ref("f.event")])}
      FROM (
        SELECT e.ts AS ts, e.id AS id, ${step("e")} AS event
        FROM events e
        ${joinPersons ? sql`LEFT JOIN persons p ON p.id = e.person_id` : sql``}
        WHERE e.project_id = ${ctx.projectId} AND e.person_id = a.person_id AND e.ts >= a.ts ${notExcluded("e")} ${onlySteps(q, "e", step)}
          AND ${compileWhere(d, q.where, sources)}
        ORDER BY e.ts
        ${limit === null ? sql`` : sql`LIMIT ${limit}`}
      ) f
    ) AS following
    FROM anchors a`;
}

/**
 * A person's path from their anchor, or null when the LIMIT may have cut it
 * short: the list was full and the path reaches its last time, where events
 * of equal time past the cut could belong before the path's end.
 */
function pathOf(q: PathsQuery, anchor: number, list: [number, number, string][], limit: number | null): string[] | null {
  const full = limit !== null && list.length >= limit;
  const lastRead = list.length ? list[list.length - 1][0] : anchor;
  list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const from = list.findIndex(([ts, , event]) => ts === anchor && (!q.startEvent || event === q.startEvent));
  const path = from < 0 ? [] : list.slice(from, from + q.steps);
  if (full && (path.length < q.steps || path[path.length - 1][0] >= lastRead)) return null;
  const events: string[] = [];
  for (const [, , event] of path) {
    events.push(event);
    if (q.endEvent && event === q.endEvent) return events; // cut after the end event
  }
  // With an end event, a path that does not reach it within the steps is not one of its paths.
  return q.endEvent ? [] : events;
}

/** The path of each person of ctx.personRange (all when unset) with a start in range. */
export async function pathShare(ctx: ReportContext, q: PathsQuery): Promise<string[][]> {
  const limit = q.steps + SLACK;
  const journeys: string[][] = [];
  const again: number[] = [];
  const take = (person: number, anchor: number, list: [number, number, string][], rowLimit: number | null) => {
    const path = pathOf(q, anchor, list, rowLimit);
    if (path === null) again.push(person);
    else if (path.length) journeys.push(path);
  };
  if (ctx.clickhouse) {
    const read = (rowLimit: number | null, only: number[] | null) => anchoredEventsInClickHouse(ctx.clickhouse!, ctx.projectId, q, rowLimit, only, ctx.signal);
    for (const row of await read(limit, null)) take(row.person, row.anchor, row.events, limit);
    if (again.length) for (const row of await read(null, again.splice(0))) take(row.person, row.anchor, row.events, null);
    return journeys;
  }
  const takeRow = (row: unknown[], rowLimit: number | null) => {
    const list = row[2] === null ? [] : (JSON.parse(String(row[2])) as [number, number, string][]);
    take(Number(row[0]), Number(row[1]), list.map(([ts, id, event]) => [Number(ts), Number(id), event]), rowLimit);
  };
  await forEachRow(ctx, anchoredEventsQuery(ctx, q, limit), (row) => takeRow(row, limit));
  if (again.length) await forEachRow(ctx, anchoredEventsQuery(ctx, q, null, again.splice(0)), (row) => takeRow(row, null));
  return journeys;
}

export async function paths(ctx: ReportContext, q: PathsQuery): Promise<PathsResult> {
  throwIfAborted(ctx.signal);
  // Big projects: each share of the persons is read at once (parallel/shares.ts).
  const journeys = ctx.clickhouse
    ? await pathShare(ctx, q)
    : (await byPersonShares(ctx, q.from, "pathShare", q, (share) => pathShare(share, q), (answer) => answer)).flat();

  // Per step, the most frequent events keep their name; the rest become "$other".
  const keptPerStep: Set<string>[] = [];
  for (let step = 0; step < q.steps; step++) {
    const counts = new Map<string, number>();
    for (const path of journeys) if (path[step] !== undefined) counts.set(path[step], (counts.get(path[step]) ?? 0) + 1);
    const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    keptPerStep.push(new Set(ranked.slice(0, q.maxEventsPerStep).map(([event]) => event)));
  }
  const nodeId = (step: number, event: string) => `${step + 1}:${event}`;
  const nodes = new Map<string, { id: string; step: number; event: string; users: number }>();
  const links = new Map<string, { from: string; to: string; users: number }>();
  for (const path of journeys) {
    const named = path.map((event, step) => (keptPerStep[step].has(event) ? event : OTHER_EVENT));
    named.forEach((event, step) => {
      const id = nodeId(step, event);
      const node = nodes.get(id) ?? { id, step: step + 1, event, users: 0 };
      node.users += 1;
      nodes.set(id, node);
      if (step > 0) {
        const from = nodeId(step - 1, named[step - 1]);
        const key = `${from}\u0000${id}`;
        const link = links.get(key) ?? { from, to: id, users: 0 };
        link.users += 1;
        links.set(key, link);
      }
    });
  }
  return {
    nodes: [...nodes.values()].sort((a, b) => a.step - b.step || b.users - a.users || (a.event < b.event ? -1 : 1)),
    links: [...links.values()].sort((a, b) => b.users - a.users || (a.from + a.to < b.from + b.to ? -1 : 1)),
  };
}
