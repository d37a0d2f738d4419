// The property catalog (kept at ingestion): events, event properties and
// user properties with types and volumes, and a property's top values. The
// built-in properties ($country, $browser...: builtinProperties.ts) are listed
// among the event properties, after the custom ones.
import { sql } from "kysely";
import { BUILTIN_PROPERTIES, builtinFor } from "./builtinProperties";
import type { ReportContext } from "./context";
import { storedInstant } from "./instant";

export type CatalogEvent = { name: string; count: number; firstSeen: string; lastSeen: string };
export interface CatalogEventProperty {
  name: string;
  type: string;
  /** Events that carried it, as counted at ingestion; 0 for built-ins, which are not counted there. */
  count: number;
  /** Events it was seen on, most sent first; empty for built-ins, which any event may have. */
  events: string[];
  /** Present on built-in properties only: a column lifted out of context at ingestion. */
  builtin?: true;
  /** A name people read ("Country"); built-ins only. */
  label?: string;
}
export type CatalogUserProperty = { name: string; type: string; count: number };

export interface Catalog {
  events: CatalogEvent[];
  eventProperties: CatalogEventProperty[];
  userProperties: CatalogUserProperty[];
  /** Which lists were cut at the limit (page through one with catalogPage). */
  more: { events: boolean; eventProperties: boolean; userProperties: boolean };
}

export type CatalogKind = "events" | "eventProperties" | "userProperties";

export interface CatalogItems {
  events: CatalogEvent;
  eventProperties: CatalogEventProperty;
  userProperties: CatalogUserProperty;
}

export interface CatalogPageOptions {
  /** Names containing this text, case-insensitively (ASCII). */
  q?: string;
  limit: number;
  offset?: number;
  /** Events listed with each event property, most sent first; default all (at most the event-name cap). */
  eventsPerProperty?: number;
}

/** Most entries one page may hold. */
export const MAX_CATALOG_PAGE = 1000;

/** A LIKE pattern for "contains q" (escaped with a backslash), or null for no search. */
function containsPattern(q: string | undefined): string | null {
  const needle = q?.trim().toLowerCase();
  return needle ? `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
}

const BUILTIN_NAMES: readonly string[] = BUILTIN_PROPERTIES.map((p) => p.name);

/** The built-ins as catalog entries, in the registry's order, whose name or label contains `q`. */
function builtinEntriesMatching(q: string | undefined): CatalogEventProperty[] {
  const needle = q?.trim().toLowerCase();
  return BUILTIN_PROPERTIES.filter((p) => !needle || p.name.toLowerCase().includes(needle) || p.label.toLowerCase().includes(needle)).map((p) => ({
    name: p.name,
    type: p.type,
    count: 0,
    events: [],
    builtin: true,
    label: p.label,
  }));
}

/**
 * One page of one list of the catalog, most sent first (then by name), from
 * `offset`. `next` is the offset of the following page, null at the end. Only
 * the page's rows are read: with a catalog at its caps a picker's search or a
 * page of the Properties tab stays a small answer.
 */
export async function catalogPage<K extends CatalogKind>(ctx: ReportContext, kind: K, options: CatalogPageOptions): Promise<{ items: CatalogItems[K][]; next: number | null }> {
  const limit = Math.max(1, Math.min(MAX_CATALOG_PAGE, Math.trunc(options.limit)));
  const offset = Math.max(0, Math.trunc(options.offset ?? 0));
  const pattern = containsPattern(options.q);
  const named = (column: string) => (pattern ? sql`AND lower(${sql.ref(column)}) LIKE ${pattern} ESCAPE '\\'` : sql``);
  const page = <T,>(rows: T[]) => ({ rows: rows.slice(0, limit), next: rows.length > limit ? offset + limit : null });

  if (kind === "events") {
    const result = await sql<{ name: string; count: number; first_seen: number; last_seen: number }>`
      SELECT name, count, first_seen, last_seen FROM event_definitions
      WHERE project_id = ${ctx.projectId} AND name <> '__health__' ${named("name")}
      ORDER BY count DESC, name LIMIT ${limit + 1} OFFSET ${offset}`.execute(ctx.db);
    const { rows, next } = page(result.rows);
    const items: CatalogEvent[] = rows.map((e) => ({
      name: e.name,
      count: Number(e.count),
      firstSeen: storedInstant(e.first_seen),
      lastSeen: storedInstant(e.last_seen),
    }));
    return { items: items as CatalogItems[K][], next };
  }

  const scope = kind === "userProperties" ? "person" : "event";
  // A built-in name reads its column in every report: a custom event property
  // of that name cannot be filtered on, so it is not offered.
  const notBuiltin = scope === "event" ? sql`AND name NOT IN (${sql.join(BUILTIN_NAMES)})` : sql``;
  const result = await sql<{ name: string; total: number }>`
    SELECT name, sum(count) AS total FROM property_definitions
    WHERE project_id = ${ctx.projectId} AND scope = ${scope} ${notBuiltin} ${named("name")}
    GROUP BY name ORDER BY total DESC, name LIMIT ${limit + 1} OFFSET ${offset}`.execute(ctx.db);
  const custom = page(result.rows);
  const { rows } = custom;
  let next = custom.next;
  // The built-ins follow the last custom event property: a page that reaches
  // the end of the custom ones is filled up with them.
  let builtins: CatalogEventProperty[] = [];
  if (scope === "event" && next === null) {
    const customTotal =
      rows.length > 0 || offset === 0
        ? offset + rows.length
        : Number(
            (
              await sql<{ n: number }>`
                SELECT count(DISTINCT name) AS n FROM property_definitions
                WHERE project_id = ${ctx.projectId} AND scope = 'event' ${notBuiltin} ${named("name")}`.execute(ctx.db)
            ).rows[0]?.n ?? 0,
          );
    const matching = builtinEntriesMatching(options.q);
    const from = Math.max(0, offset - customTotal);
    const room = limit - rows.length;
    builtins = matching.slice(from, from + room);
    if (from + room < matching.length) next = offset + limit;
  }
  if (!rows.length) return { items: builtins as CatalogItems[K][], next };
  // The page's names, each with its rows per event: its type is the one it has
  // on the event that sends it most, and its events are listed most sent first.
  const detail = await ctx.db
    .selectFrom("property_definitions")
    .select(["event_name", "name", "type", "count"])
    .where("project_id", "=", ctx.projectId)
    .where("scope", "=", scope)
    .where("name", "in", rows.map((r) => r.name))
    .execute();
  const byName = new Map<string, { type: string; typeCount: number; events: { name: string; count: number }[] }>();
  for (const d of detail) {
    const entry = byName.get(d.name) ?? { type: d.type, typeCount: -1, events: [] };
    if (Number(d.count) > entry.typeCount) {
      entry.type = d.type;
      entry.typeCount = Number(d.count);
    }
    entry.events.push({ name: d.event_name, count: Number(d.count) });
    byName.set(d.name, entry);
  }
  const items = rows.map((r) => {
    const entry = byName.get(r.name)!;
    if (kind === "userProperties") return { name: r.name, type: entry.type, count: Number(r.total) };
    const events = entry.events.sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1)).map((e) => e.name);
    return { name: r.name, type: entry.type, count: Number(r.total), events: events.slice(0, options.eventsPerProperty ?? events.length) };
  });
  return { items: [...items, ...builtins] as CatalogItems[K][], next };
}

/** How many names each list has (the Properties tabs' counts). */
export async function catalogCounts(ctx: ReportContext): Promise<{ events: number; eventProperties: number; userProperties: number }> {
  const events = await sql<{ n: number }>`
    SELECT count(*) AS n FROM event_definitions WHERE project_id = ${ctx.projectId} AND name <> '__health__'`.execute(ctx.db);
  const properties = await sql<{ scope: string; n: number }>`
    SELECT scope, count(DISTINCT name) AS n FROM property_definitions WHERE project_id = ${ctx.projectId} GROUP BY scope`.execute(ctx.db);
  const of = (scope: string) => Number(properties.rows.find((r) => r.scope === scope)?.n ?? 0);
  const customBuiltins = await sql<{ n: number }>`
    SELECT count(DISTINCT name) AS n FROM property_definitions
    WHERE project_id = ${ctx.projectId} AND scope = 'event' AND name IN (${sql.join(BUILTIN_NAMES)})`.execute(ctx.db);
  const eventProperties = of("event") - Number(customBuiltins.rows[0]?.n ?? 0) + BUILTIN_NAMES.length;
  return { events: Number(events.rows[0]?.n ?? 0), eventProperties, userProperties: of("person") };
}

/** Default entries per list: the whole catalog of any project within the default caps' reach of a picker. */
export const DEFAULT_CATALOG_LIMIT = 1000;

/** The first page of each of the three lists. */
export async function catalog(ctx: ReportContext, options: Partial<CatalogPageOptions> = {}): Promise<Catalog> {
  const page = { limit: DEFAULT_CATALOG_LIMIT, ...options, offset: 0 };
  const events = await catalogPage(ctx, "events", page);
  const eventProperties = await catalogPage(ctx, "eventProperties", page);
  const userProperties = await catalogPage(ctx, "userProperties", page);
  return {
    events: events.items,
    eventProperties: eventProperties.items,
    userProperties: userProperties.items,
    more: { events: events.next !== null, eventProperties: eventProperties.next !== null, userProperties: userProperties.next !== null },
  };
}

/** The most frequent values of a property over the last `days` days (events) or all persons (users). */
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
