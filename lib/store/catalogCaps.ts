// Caps on a project's catalog (issue 16, docs/security.md): a public write key
// must not be able to grow the lists of event and property names without bound,
// since every report builder and the Properties page read them. The writer keeps
// the names each project already has in memory and checks each message against
// them, so the hot path never queries per message; a new name past its cap is
// refused: a new event name refuses the message (a per-message error), a new
// property name is left out of the stored event or person (the rest is stored).
import type { JsonObject } from "../ingest/message";
import { isPlainObject } from "../ingest/message";
import { NAMING_OPERATORS } from "../identity/personProperties";
import { STORED_NAME, type NormalizedMessage } from "../ingest/normalize";
import { inferType } from "./catalog";
import type { CatalogLimits } from "./catalogLimits";

export type { CatalogLimits } from "./catalogLimits";

/** The names one project's catalog has, as the writer knows them. */
export class KnownNames {
  readonly events = new Set<string>();
  readonly eventProperties = new Set<string>();
  readonly personProperties = new Set<string>();

  constructor(readonly loadedAt: number) {}
}

export interface Admission {
  /** The messages to store, new names past their caps taken out. */
  admitted: NormalizedMessage[];
  /** Messages not stored: their event name is new and the event-name cap is reached. */
  refused: NormalizedMessage[];
  refusedEventNames: number;
  /** Property names left out, one per message and name. */
  refusedPropertyNames: number;
}

/**
 * The names page, screen, identify, group and alias messages are stored under:
 * a fixed handful nobody can flood, which must never be refused (an identify
 * past the cap must still reach its person).
 */
const BUILT_IN_EVENTS: ReadonlySet<string> = new Set(Object.values(STORED_NAME));


/** Sets an own property, even one named "__proto__". */
function setOwn(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A copy of `source` without the keys `keep` says no to; the same object when nothing goes. */
function filtered(source: JsonObject, keep: (key: string, value: unknown) => boolean): JsonObject {
  let out: JsonObject | null = null;
  const keys = Object.keys(source);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (keep(key, source[key])) {
      if (out) setOwn(out, key, source[key]);
    } else if (!out) {
      out = {};
      for (let j = 0; j < i; j++) setOwn(out, keys[j], source[keys[j]]);
    }
  }
  return out ?? source;
}

/**
 * Decides, in message order, which messages and names of one project's group
 * go in, and adds the names that do to `known` (the caller commits them). A
 * name counts once it would enter the catalog: a null value says nothing about
 * a property, so it adds no name, but a new name past the cap is left out
 * whatever its value. `limits` null means no caps (operator imports).
 */
export function admitNames(known: KnownNames, limits: CatalogLimits | null, messages: NormalizedMessage[]): Admission {
  const admission: Admission = { admitted: [], refused: [], refusedEventNames: 0, refusedPropertyNames: 0 };
  const roomFor = (set: Set<string>, cap: number | undefined) => cap === undefined || set.size < cap;

  /** Whether the name may be stored; adds it to `set` when it is new and names a type. */
  const admitName = (set: Set<string>, cap: number | undefined, name: string, value: unknown): boolean => {
    if (set.has(name)) return true;
    if (!roomFor(set, cap)) {
      admission.refusedPropertyNames += 1;
      return false;
    }
    if (inferType(value) !== null) set.add(name);
    return true;
  };

  for (const m of messages) {
    if (!known.events.has(m.event)) {
      if (!BUILT_IN_EVENTS.has(m.event) && !roomFor(known.events, limits?.eventNames)) {
        admission.refused.push(m);
        admission.refusedEventNames += 1;
        continue;
      }
      known.events.add(m.event);
    }
    const eventCap = limits?.eventPropertyNames;
    const personCap = limits?.personPropertyNames;
    const personName = (key: string, value: unknown) => admitName(known.personProperties, personCap, key, value);
    // Person names first: `$set` inside properties is both an event property
    // (an object) and a list of person property names.
    const properties = withPersonNames(m.properties, personName);
    const traits = m.type === "identify" && m.traits ? withTraitNames(m.traits, personName) : m.traits;
    const stored = filtered(properties, (key, value) => admitName(known.eventProperties, eventCap, key, value));
    admission.admitted.push(stored === m.properties && traits === m.traits ? m : { ...m, properties: stored, traits });
  }
  return admission;
}

/** Properties whose naming operators' objects (`$set`, `$set_once`, `$add`, `$append`, `$prepend`, `$union`) keep only the admitted person names. */
function withPersonNames(properties: JsonObject, admit: (key: string, value: unknown) => boolean): JsonObject {
  let out = properties;
  for (const operator of NAMING_OPERATORS) {
    const inner = out[operator];
    if (!isPlainObject(inner)) continue;
    // $append/$prepend name a list whatever the one value is (even null), as the catalog records it.
    const asStored = operator === "$append" || operator === "$prepend" ? (key: string, value: unknown) => admit(key, [value]) : admit;
    const kept = filtered(inner, asStored);
    if (kept !== inner) {
      if (out === properties) out = { ...properties };
      setOwn(out, operator, kept);
    }
  }
  return out;
}

/** Operators that only take away ($unset, $remove, $clear_all): no name of theirs enters the catalog. */
const REMOVING_OPERATORS: readonly string[] = ["$unset", "$remove", "$clear_all"];

/** identify's traits: plain keys and the naming operators' objects name person properties; the removing operators only remove. */
function withTraitNames(traits: JsonObject, admit: (key: string, value: unknown) => boolean): JsonObject {
  const plain = filtered(traits, (key, value) => REMOVING_OPERATORS.includes(key) || (NAMING_OPERATORS as readonly string[]).includes(key) || admit(key, value));
  return withPersonNames(plain, admit);
}
