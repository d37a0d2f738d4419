// "Add to plan" on the Data quality page: an unplanned event or property
// becomes a planned one, typed with the JSON types its samples carried. Pure,
// so the page's button and the tests share it.
import type { JsonType, PropertyRule, TrackingPlan } from "./schema";

function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  const type = typeof value;
  if (type === "string" || type === "number" || type === "boolean") return type;
  return "object";
}

/** The rule of a property as the samples showed it: the types seen, nothing more (edit to tighten). */
export function ruleFromSamples(property: string, samples: { properties: Record<string, unknown> }[]): PropertyRule {
  const types = [...new Set(samples.filter((s) => Object.hasOwn(s.properties, property)).map((s) => jsonTypeOf(s.properties[property])))].sort();
  if (!types.length) return {};
  return { type: types.length === 1 ? types[0] : types };
}

/** The plan with the property added to the event (the event too, when it is new). */
export function withProperty(plan: TrackingPlan, event: string, property: string, samples: { properties: Record<string, unknown> }[]): TrackingPlan {
  const current = plan.events[event] ?? { properties: {} };
  return { ...plan, events: { ...plan.events, [event]: { ...current, properties: { ...current.properties, [property]: ruleFromSamples(property, samples) } } } };
}

/** The plan with the event added, each property its samples carried typed as seen (SDK $-properties left out). */
export function withEvent(plan: TrackingPlan, event: string, samples: { properties: Record<string, unknown> }[]): TrackingPlan {
  const names = [...new Set(samples.flatMap((s) => Object.keys(s.properties)))].filter((name) => !name.startsWith("$")).sort();
  const properties: Record<string, PropertyRule> = {};
  for (const name of names) properties[name] = ruleFromSamples(name, samples);
  return { ...plan, events: { ...plan.events, [event]: { ...(plan.events[event] ?? {}), properties } } };
}
