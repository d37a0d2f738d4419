// The property catalog (kept at ingestion): events, event properties and
// user properties with types and volumes, and a property's top values.
import { sql } from "kysely";
import type { ReportContext } from "./context";
import { storedInstant } from "./instant";

export interface Catalog {
  events: { name: string; count: number; firstSeen: string; lastSeen: string }[];
  eventProperties: { name: string; type: string; count: number; events: string[] }[];
  userProperties: { name: string; type: string; count: number }[];
}

export async function catalog(ctx: ReportContext): Promise<Catalog> {
  const events = await ctx.db
    .selectFrom("event_definitions")
    .select(["name", "count", "first_seen", "last_seen"])
    .where("project_id", "=", ctx.projectId)
    .where("name", "<>", "__health__")
    .orderBy("count", "desc")
    .orderBy("name")
    .execute();
  const properties = await ctx.db
    .selectFrom("property_definitions")
    .select(["scope", "event_name", "name", "type", "count"])
    .where("project_id", "=", ctx.projectId)
    .orderBy("name")
    .execute();

  const eventProperties = new Map<string, { name: string; type: string; count: number; events: string[]; typeCount: number }>();
  const userProperties: Catalog["userProperties"] = [];
  for (const p of properties) {
    if (p.scope === "person") {
      userProperties.push({ name: p.name, type: p.type, count: Number(p.count) });
      continue;
    }
    const entry = eventProperties.get(p.name) ?? { name: p.name, type: p.type, count: 0, events: [], typeCount: 0 };
    // The property's type is the one it has on the event that sends it most.
    if (Number(p.count) > entry.typeCount) {
      entry.type = p.type;
      entry.typeCount = Number(p.count);
    }
    entry.count += Number(p.count);
    entry.events.push(p.event_name);
    eventProperties.set(p.name, entry);
  }
  return {
    events: events.map((e) => ({
      name: e.name,
      count: Number(e.count),
      firstSeen: storedInstant(e.first_seen),
      lastSeen: storedInstant(e.last_seen),
    })),
    eventProperties: [...eventProperties.values()]
      .map(({ typeCount: _, ...rest }) => rest)
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
    userProperties: userProperties.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
  };
}

/** The most frequent values of a property over the last `days` days (events) or all persons (users). */
export async function topValues(ctx: ReportContext, scope: "event" | "user", name: string, limit = 10, days = 30): Promise<{ value: unknown; count: number }[]> {
  const d = ctx.dialect;
  const rows =
    scope === "user"
      ? await sql<{ k: string; n: number }>`
          SELECT ${d.jsonOf(sql.ref("p.properties"), name)} AS k, count(*) AS n FROM persons p
          WHERE p.project_id = ${ctx.projectId} AND ${d.jsonOf(sql.ref("p.properties"), name)} IS NOT NULL
          GROUP BY k ORDER BY n DESC, k LIMIT ${limit}`.execute(ctx.db)
      : await sql<{ k: string; n: number }>`
          SELECT ${d.jsonOf(sql.ref("e.properties"), name)} AS k, count(*) AS n FROM events e
          WHERE e.project_id = ${ctx.projectId} AND e.ts >= ${Date.now() - days * 86_400_000}
            AND ${d.jsonOf(sql.ref("e.properties"), name)} IS NOT NULL
          GROUP BY k ORDER BY n DESC, k LIMIT ${limit}`.execute(ctx.db);
  return rows.rows.map((r) => ({ value: JSON.parse(r.k) as unknown, count: Number(r.n) }));
}
