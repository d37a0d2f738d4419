// The property catalog, kept current at ingestion (DESIGN.md "Data"): event
// names with counts and first/last seen, property names with inferred types.
import { sql, type Transaction } from "kysely";
import type { HotTables } from "../db/tables";
import type { NormalizedMessage } from "../ingest/normalize";
import { namedProperties, personUpdateOf } from "../identity/personProperties";
import { chunks } from "./chunks";
import type { Dialect } from "./dialect";

export type PropertyType = "string" | "number" | "boolean" | "date" | "list" | "object";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The catalog type of a JSON value; null for null (which says nothing about the type). */
export function inferType(value: unknown): PropertyType | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "string") return ISO_DATE.test(value) && !Number.isNaN(Date.parse(value)) ? "date" : "string";
  if (Array.isArray(value)) return "list";
  return "object";
}

interface Tally {
  count: number;
  first: number;
  last: number;
  type?: PropertyType;
}

function bump(map: Map<string, Tally>, key: string, ts: number, type?: PropertyType): void {
  const t = map.get(key);
  if (t) {
    t.count += 1;
    t.first = Math.min(t.first, ts);
    t.last = Math.max(t.last, ts);
  } else {
    map.set(key, { count: 1, first: ts, last: ts, type });
  }
}

const SEP = "\u0000";

/** Adds one committed group of (newly stored) messages of one project to the catalog. */
export async function updateCatalog(tx: Transaction<HotTables>, dialect: Dialect, projectId: string, stored: NormalizedMessage[]): Promise<void> {
  if (!stored.length) return;
  const events = new Map<string, Tally>();
  const properties = new Map<string, Tally>();
  for (const m of stored) {
    bump(events, m.event, m.ts);
    for (const [name, value] of Object.entries(m.properties)) {
      const type = inferType(value);
      if (type) bump(properties, ["event", m.event, name, type].join(SEP), m.receivedAt, type);
    }
    const update = personUpdateOf(m);
    if (update) {
      for (const [name, value] of Object.entries(namedProperties(update))) {
        const type = inferType(value);
        if (type) bump(properties, ["person", "", name, type].join(SEP), m.receivedAt, type);
      }
    }
  }

  // One statement per table for the whole group (a statement per name was a
  // round trip each on PostgreSQL), rows in key order so that two writers
  // upserting the same names wait for each other instead of deadlocking.
  const eventRows = [...events]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, t]) => ({ project_id: projectId, name, count: t.count, first_seen: t.first, last_seen: t.last }));
  for (const part of chunks(eventRows, ROWS_PER_STATEMENT)) {
    await tx
      .insertInto("event_definitions")
      .values(part)
      .onConflict((oc) =>
        oc.columns(["project_id", "name"]).doUpdateSet({
          count: sql<number>`event_definitions.count + excluded.count`,
          first_seen: dialect.least(sql.ref("event_definitions.first_seen"), sql.ref("excluded.first_seen")),
          last_seen: dialect.greatest(sql.ref("event_definitions.last_seen"), sql.ref("excluded.last_seen")),
        }),
      )
      .execute();
  }
  for (const part of chunks(propertyRows(projectId, properties), ROWS_PER_STATEMENT)) {
    // The first type seen for a property stays its type; later values only add to the count.
    await tx
      .insertInto("property_definitions")
      .values(part)
      .onConflict((oc) =>
        oc.columns(["project_id", "scope", "event_name", "name"]).doUpdateSet({
          count: sql<number>`property_definitions.count + excluded.count`,
          last_seen: dialect.greatest(sql.ref("property_definitions.last_seen"), sql.ref("excluded.last_seen")),
        }),
      )
      .execute();
  }
}

/**
 * One row per (scope, event, name), the conflict key of property_definitions
 * (one statement may not update a row twice): a name seen with several types in
 * the group counts them all under the first type seen, as separate statements
 * in that order did.
 */
function propertyRows(projectId: string, properties: Map<string, Tally>) {
  const rows = new Map<string, { project_id: string; scope: "event" | "person"; event_name: string; name: string; type: PropertyType; count: number; last_seen: number }>();
  for (const [key, t] of properties) {
    const [scope, eventName, name] = key.split(SEP) as ["event" | "person", string, string];
    const id = [scope, eventName, name].join(SEP);
    const row = rows.get(id);
    if (row) {
      row.count += t.count;
      row.last_seen = Math.max(row.last_seen, t.last);
    } else {
      rows.set(id, { project_id: projectId, scope, event_name: eventName, name, type: t.type!, count: t.count, last_seen: t.last });
    }
  }
  return [...rows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/** Rows per statement: 7 bound values a row stay below SQLite's limit. */
const ROWS_PER_STATEMENT = 1000;
