// Paths (API.md 3.1): each person's first path from the start event (or their
// first event) in range, `steps` events long, cut after the end event; counted
// per step as nodes and links for a Sankey diagram.
import { sql } from "kysely";
import type { ReportContext } from "./context";
import { compileWhere, needsPersons } from "./filters";
import { throwIfAborted } from "./limits";
import type { PathsQuery } from "./model";

export const OTHER_EVENT = "$other";

export interface PathsResult {
  nodes: { id: string; step: number; event: string; users: number }[];
  links: { from: string; to: string; users: number }[];
}

export async function paths(ctx: ReportContext, q: PathsQuery): Promise<PathsResult> {
  throwIfAborted(ctx.signal);
  const d = ctx.dialect;
  const joinPersons = needsPersons(q.where);
  const anchorSources = { event: sql.ref("a0.properties"), user: sql.ref("ap.properties") };
  const sources = { event: sql.ref("e.properties"), user: sql.ref("p.properties") };
  const rows = await sql<{ person: number; step: number; event: string }>`
    WITH ranked_anchors AS (
      SELECT a0.person_id AS person_id, a0.ts AS ts, a0.id AS id,
        row_number() OVER (PARTITION BY a0.person_id ORDER BY a0.ts, a0.id) AS rn
      FROM events a0
      ${joinPersons ? sql`LEFT JOIN persons ap ON ap.id = a0.person_id` : sql``}
      WHERE a0.project_id = ${ctx.projectId} AND a0.ts >= ${q.from} AND a0.ts < ${q.to}
        ${q.startEvent ? sql`AND a0.event = ${q.startEvent}` : sql``}
        AND ${compileWhere(d, q.where, anchorSources)}
    ),
    anchors AS (SELECT person_id, ts, id FROM ranked_anchors WHERE rn = 1),
    following AS (
      SELECT e.person_id AS person_id, e.event AS event,
        row_number() OVER (PARTITION BY e.person_id ORDER BY e.ts, e.id) AS step
      FROM anchors a
      JOIN events e ON e.project_id = ${ctx.projectId} AND e.person_id = a.person_id
        AND (e.ts > a.ts OR (e.ts = a.ts AND e.id >= a.id))
      ${joinPersons ? sql`LEFT JOIN persons p ON p.id = e.person_id` : sql``}
      WHERE ${compileWhere(d, q.where, sources)}
    )
    SELECT person_id AS person, step, event FROM following WHERE step <= ${q.steps}
    ORDER BY person_id, step`.execute(ctx.db);

  // Each person's path, cut after the end event.
  const journeys: string[][] = [];
  let current: string[] = [];
  let person: number | null = null;
  let ended = false;
  for (const row of rows.rows) {
    if (Number(row.person) !== person) {
      if (current.length) journeys.push(current);
      current = [];
      person = Number(row.person);
      ended = false;
    }
    if (ended) continue;
    current.push(row.event);
    if (q.endEvent && row.event === q.endEvent) ended = true;
  }
  if (current.length) journeys.push(current);

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
