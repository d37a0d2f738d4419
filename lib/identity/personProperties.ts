// Person properties, PostHog style: identify's traits and $set overwrite,
// $set_once fills only what is missing, $unset removes. The vendor SDKs
// (API.md 2.5) add Mixpanel's and Amplitude's operators: $add (numeric
// increment), $append and $prepend (one value onto a list), $union (values not
// yet in the list), $remove (values out of a list) and $clear_all. Each is read
// from any message's properties and from identify's traits, as $set is, and
// applied in message order.
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
  /** The operators below are present only when a message uses them. */
  add?: Record<string, number>;
  append?: JsonObject;
  prepend?: JsonObject;
  union?: Record<string, unknown[]>;
  remove?: JsonObject;
  clearAll?: true;
}

/** The operators whose keys name properties that may come into being (catalog caps count them). */
export const NAMING_OPERATORS = ["$set", "$set_once", "$add", "$append", "$prepend", "$union"] as const;
const OPERATORS = new Set<string>([...NAMING_OPERATORS, "$unset", "$remove", "$clear_all"]);

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

/** `operator`'s object from traits then properties (properties win), keeping the entries `keep` accepts. */
function merged(traits: JsonObject | null, properties: JsonObject, operator: string, keep: (value: unknown) => boolean = () => true): JsonObject {
  const out: JsonObject = {};
  for (const source of [objectField(traits, operator), objectField(properties, operator)]) {
    for (const [key, value] of Object.entries(source)) if (keep(value)) setOwn(out, key, value);
  }
  return out;
}

const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

/** What one message asks to change on its person; null when nothing. */
export function personUpdateOf(message: NormalizedMessage): PersonUpdate | null {
  const traits = message.type === "identify" ? message.traits : null;
  const plainTraits: JsonObject = {};
  for (const [key, value] of Object.entries(traits ?? {})) {
    if (!OPERATORS.has(key)) setOwn(plainTraits, key, value);
  }
  const properties = message.properties;
  const update: PersonUpdate = {
    set: { ...plainTraits, ...objectField(traits, "$set"), ...objectField(properties, "$set") },
    setOnce: { ...objectField(traits, "$set_once"), ...objectField(properties, "$set_once") },
    unset: [...unsetField(traits), ...unsetField(properties)],
  };
  const add = merged(traits, properties, "$add", isNumber) as Record<string, number>;
  const append = merged(traits, properties, "$append");
  const prepend = merged(traits, properties, "$prepend");
  const union = merged(traits, properties, "$union", Array.isArray) as Record<string, unknown[]>;
  const remove = merged(traits, properties, "$remove");
  if (Object.keys(add).length) update.add = add;
  if (Object.keys(append).length) update.append = append;
  if (Object.keys(prepend).length) update.prepend = prepend;
  if (Object.keys(union).length) update.union = union;
  if (Object.keys(remove).length) update.remove = remove;
  if (properties.$clear_all === true || traits?.$clear_all === true) update.clearAll = true;
  const empty =
    !Object.keys(update.set).length &&
    !Object.keys(update.setOnce).length &&
    !update.unset.length &&
    !update.add &&
    !update.append &&
    !update.prepend &&
    !update.union &&
    !update.remove &&
    !update.clearAll;
  return empty ? null : update;
}

/** Every property name an update may bring into being, with a value that shows its type (for the catalog). */
export function namedProperties(update: PersonUpdate): JsonObject {
  const out: JsonObject = { ...update.setOnce, ...update.set };
  for (const [key, value] of Object.entries(update.add ?? {})) setOwn(out, key, value);
  for (const source of [update.append, update.prepend]) {
    for (const [key, value] of Object.entries(source ?? {})) setOwn(out, key, [value]);
  }
  for (const [key, value] of Object.entries(update.union ?? {})) setOwn(out, key, value);
  return out;
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);
const listAt = (properties: JsonObject, key: string): unknown[] => {
  const value = Object.hasOwn(properties, key) ? properties[key] : undefined;
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
};

export function applyUpdate(properties: JsonObject, update: PersonUpdate): JsonObject {
  const next: JsonObject = update.clearAll ? {} : { ...properties };
  for (const [key, value] of Object.entries(update.setOnce)) {
    if (!Object.hasOwn(next, key)) setOwn(next, key, value);
  }
  for (const [key, value] of Object.entries(update.set)) setOwn(next, key, value);
  for (const [key, by] of Object.entries(update.add ?? {})) {
    const current = Object.hasOwn(next, key) ? next[key] : undefined;
    // A property that is not a number is left alone, as Mixpanel and Amplitude do.
    if (current === undefined || current === null) setOwn(next, key, by);
    else if (isNumber(current)) setOwn(next, key, current + by);
  }
  for (const [key, value] of Object.entries(update.append ?? {})) setOwn(next, key, [...listAt(next, key), ...(Array.isArray(value) ? value : [value])]);
  for (const [key, value] of Object.entries(update.prepend ?? {})) setOwn(next, key, [...(Array.isArray(value) ? value : [value]), ...listAt(next, key)]);
  for (const [key, values] of Object.entries(update.union ?? {})) {
    const list = [...listAt(next, key)];
    for (const value of values) if (!list.some((item) => same(item, value))) list.push(value);
    setOwn(next, key, list);
  }
  for (const [key, value] of Object.entries(update.remove ?? {})) {
    if (!Object.hasOwn(next, key)) continue;
    const gone = Array.isArray(value) ? value : [value];
    setOwn(next, key, listAt(next, key).filter((item) => !gone.some((g) => same(item, g))));
  }
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
