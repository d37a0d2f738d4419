// What every vendor translator shares: its output type, and small readers of
// the vendors' loosely typed JSON. Pure.
import { isPlainObject, type JsonObject } from "../message";
import type { SplitBody } from "../validate";

/**
 * A vendor payload as section 2.1 messages. A vendor event the translator cannot
 * make sense of is passed on as a message that validation will refuse, so
 * every event keeps its index and its valid neighbours are stored.
 */
export interface Translation {
  /** The project token / API key found in the payload, or null (the route then looks at headers). */
  writeKey: string | null;
  split: SplitBody;
  /** Distinct ids whose persons the payload asks to erase (Mixpanel's engage $delete). */
  erase?: string[];
}

export function list(raw: unknown[]): SplitBody {
  return { raw, isList: true, envelopeContext: null, envelopeSentAt: null };
}

export function objectOr(value: unknown): JsonObject | null {
  return isPlainObject(value) ? value : null;
}

/** A non-empty string (numbers kept as text), else null. */
export function textOf(value: unknown): string | null {
  if (typeof value === "string") return value.trim() ? value.trim() : null;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

export function numberOf(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() && Number.isFinite(Number(value))) return Number(value);
  return null;
}

/** A copy without `keys`; own keys only, so "__proto__" stays an ordinary key. */
export function without(source: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(source)) {
    if (!keys.includes(key)) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Drops the keys whose value is undefined or null, for tidy context objects. */
export function compact(source: Record<string, unknown>): JsonObject {
  return Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== null));
}
