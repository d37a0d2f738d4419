// The tracking plan `bench/ingest.mjs --plan N` installs (issue 22: ingestion
// with a plan of 50 events and 10 rules each within 10% of ingestion without).
import { messageGenerator } from "./messages.mjs";

/** A JSON Schema rule for a value as the benchmark sends it, with a bound a checker must test. */
function ruleFor(values) {
  const types = [...new Set(values.map((v) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v)))].map((t) => (t === "number" && values.every((v) => v === null || Number.isInteger(v)) ? "integer" : t));
  const rule = { type: types.length === 1 ? types[0] : types };
  if (types.includes("number") || types.includes("integer")) rule.minimum = 0;
  if (types.includes("string")) rule.maxLength = 200;
  return rule;
}

/**
 * A plan of `eventCount` events with `ruleCount` property rules each: the
 * benchmark's own events first (rules from the types their messages carry, so
 * its traffic passes, padded with optional properties it never sends), then
 * made-up events. Every mode at its strictest that still stores: everything is checked.
 */
export function benchPlan(eventCount, ruleCount) {
  const sample = messageGenerator({ activeVisitors: 100, eventsPerVisitor: 5, seed: 7 });
  const seen = new Map();
  for (let i = 0; i < 5000; i++) {
    const m = JSON.parse(sample.message("plan", 0, i, new Date().toISOString()));
    if (m.type !== "track") continue;
    const props = seen.get(m.event) ?? new Map();
    for (const [k, v] of Object.entries(m.properties)) props.set(k, [...(props.get(k) ?? []), v]);
    seen.set(m.event, props);
  }
  const events = {};
  for (const [name, props] of seen) {
    if (Object.keys(events).length >= eventCount) break;
    const properties = {};
    for (const [k, values] of props) if (Object.keys(properties).length < ruleCount) properties[k] = ruleFor(values);
    for (let i = 0; Object.keys(properties).length < ruleCount; i++) properties[`extra_${i}`] = { type: "string", maxLength: 50 };
    events[name] = { description: "From the benchmark's messages", properties };
  }
  for (let e = Object.keys(events).length; e < eventCount; e++) {
    const properties = {};
    for (let i = 0; i < ruleCount; i++) properties[`p${i}`] = i % 2 ? { type: "number", minimum: 0, maximum: 1e6 } : { type: "string", enum: ["a", "b", "c"] };
    properties.p0.required = true;
    events[`Planned Event ${e}`] = { properties };
  }
  return { mode: { unplannedEvents: "flag", invalidEvents: "flag", unplannedProperties: "flag" }, events };
}
