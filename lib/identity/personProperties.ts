// Person properties, PostHog style: identify's traits and $set overwrite,
// $set_once fills only what is missing, $unset removes. Applied in message order.
import type { Transaction } from "kysely";
import type { DatabaseKind } from "../config";
import type { HotTables } from "../db/tables";
import { isPlainObject, type JsonObject } from "../ingest/message";
import type { NormalizedMessage } from "../ingest/normalize";
import { setPersonProperties } from "../store/personRows";

export interface PersonUpdate {
  set: JsonObject;
  setOnce: JsonObject;
  unset: string[];
}

const OPERATORS = new Set(["$set", "$set_once", "$unset"]);

/** Sets an own property, even one named "__proto__" (plain assignment would change the prototype). */
function setOwn(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function objectField(source: JsonObject | null, key: string): JsonObject {
  const value = source?.[key];
  return isPlainObject(value) ? value : {};
}

function unsetField(source: JsonObject | null): string[] {
  const value = source?.$unset;
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  if (isPlainObject(value)) return Object.keys(value);
  return [];
}

/** What one message asks to change on its person; null when nothing. */
export function personUpdateOf(message: NormalizedMessage): PersonUpdate | null {
  const traits = message.type === "identify" ? message.traits : null;
  const plainTraits: JsonObject = {};
  for (const [key, value] of Object.entries(traits ?? {})) {
    if (!OPERATORS.has(key)) setOwn(plainTraits, key, value);
  }
  const update: PersonUpdate = {
    set: { ...plainTraits, ...objectField(traits, "$set"), ...objectField(message.properties, "$set") },
    setOnce: { ...objectField(traits, "$set_once"), ...objectField(message.properties, "$set_once") },
    unset: [...unsetField(traits), ...unsetField(message.properties)],
  };
  const empty = !Object.keys(update.set).length && !Object.keys(update.setOnce).length && !update.unset.length;
  return empty ? null : update;
}

export function applyUpdate(properties: JsonObject, update: PersonUpdate): JsonObject {
  const next: JsonObject = { ...properties };
  for (const [key, value] of Object.entries(update.setOnce)) {
    if (!Object.hasOwn(next, key)) setOwn(next, key, value);
  }
  for (const [key, value] of Object.entries(update.set)) setOwn(next, key, value);
  for (const key of update.unset) delete next[key];
  return next;
}

export async function applyPersonUpdates(
  tx: Transaction<HotTables>,
  kind: DatabaseKind,
  messages: NormalizedMessage[],
  personOf: Map<string, number>,
): Promise<void> {
  const updates = messages
    .map((message) => ({ message, update: personUpdateOf(message) }))
    .filter((u): u is { message: NormalizedMessage; update: PersonUpdate } => u.update !== null);
  if (!updates.length) return;

  const personIds = [...new Set(updates.map((u) => personOf.get(u.message.distinctId)!))];
  const rows = await tx.selectFrom("persons").select(["id", "properties"]).where("id", "in", personIds).execute();
  const current = new Map<number, JsonObject>(
    rows.map((row) => [Number(row.id), (typeof row.properties === "string" ? JSON.parse(row.properties) : row.properties) as JsonObject]),
  );
  const lastTs = new Map<number, number>();
  for (const { message, update } of updates) {
    const personId = personOf.get(message.distinctId)!;
    current.set(personId, applyUpdate(current.get(personId) ?? {}, update));
    lastTs.set(personId, Math.max(lastTs.get(personId) ?? 0, message.receivedAt));
  }
  await setPersonProperties(
    tx,
    kind,
    personIds.map((personId) => ({ personId, properties: JSON.stringify(current.get(personId) ?? {}), updatedAt: lastTs.get(personId)! })),
  );
}
