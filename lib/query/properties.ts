// The property catalog (kept at ingestion): events, event properties and
// user properties with types and volumes, and a property's top values. The
// built-in properties ($country, $browser...: builtinProperties.ts) are listed
// among the event properties, after the custom ones.
import { sql } from "kysely";
import { BUILTIN_PROPERTIES, builtinFor } from "./builtinProperties";
import type { ReportContext } from "./context";
import { storedInstant } from "./instant";

export interface CatalogEventProperty {
  name: string;
  type: string;
  /** Events that carried it, as counted at ingestion; 0 for built-ins, which are not counted there. */
  count: number;
  /** Events it was seen on; empty for built-ins, which any event may have. */
  events: string[];
  /** Present on built-in properties only: a column lifted out of context at ingestion. */
  builtin?: true;
  /** A name people read ("Country"); built-ins only. */
  label?: string;
}

export interface Catalog {
  events: { name: string; count: number; firstSeen: string; lastSeen: string }[];
  eventProperties: CatalogEventProperty[];
  userProperties: { name: string; type: string; count: number }[];
}

/** The built-ins as catalog entries, in the registry's order. */
const BUILTIN_ENTRIES: readonly CatalogEventProperty[] = BUILTIN_PROPERTIES.map((p) => ({
  name: p.name,
  type: p.type,
  count: 0,
  events: [],
  builtin: true,
  label: p.label,
}));

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
    // A built-in name reads its column in every report: a custom property of
    // that name cannot be filtered on, so it is not offered.
    if (builtinFor("event", p.name)) continue;
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
    eventProperties: [
      ...[...eventProperties.values()].map(({ typeCount: _, ...rest }) => rest).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
      ...BUILTIN_ENTRIES.map((entry) => ({ ...entry, events: [] })),
    ],
    userProperties: userProperties.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
  };
}

/**
 * The most frequent values of a property over the last `days` days (events) or
 * all persons (users). A built-in's values come from its column.
 */
export async function topValues(ctx: ReportContext, scope: "event" | "user", name: string, limit = 10, days = 30): Promise<{ value: unknown; count: number }[]> {
  const d = ctx.dialect;
  const builtin = builtinFor(scope, name);
  if (builtin) {
    // The column's name comes from the registry, never from `name`.
    const column = sql.ref<string | null>(`e.${builtin.column}`);
    const values = await sql<{ k: string; n: number | string }>`
      SELECT ${column} AS k, count(*) AS n FROM events e
      WHERE e.project_id = ${ctx.projectId} AND e.ts >= ${Date.now() - days * 86_400_000} AND ${column} IS NOT NULL
      GROUP BY ${column} ORDER BY n DESC, k LIMIT ${limit}`.execute(ctx.db);
    return values.rows.map((r) => ({ value: r.k, count: Number(r.n) }));
  }
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
