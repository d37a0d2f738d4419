// The tracking plan's status of each name in the catalog (the Properties page):
// planned, unplanned, or with violations lately. Names starting with "$" belong
// to SDKs and Crumbtrail (lib/plan/checker.ts): never unplanned.
import type { TrackingPlan } from "./schema";

export type PlanStatus = "planned" | "unplanned" | "violations";

export interface PlanStatuses {
  /** By event name; a name without an entry has no status to show (a built-in one not in the plan). */
  events: Record<string, PlanStatus>;
  /** By event property name. */
  eventProperties: Record<string, PlanStatus>;
}

function statusOf(planned: boolean, violated: boolean, reserved: boolean): PlanStatus | null {
  if (violated) return "violations";
  if (planned) return "planned";
  return reserved ? null : "unplanned";
}

/**
 * Statuses of the names on one catalog page. An event property is planned
 * when an event of the plan it was seen on (or any, when `events` is not
 * known) lists it.
 */
export function planStatuses(
  plan: TrackingPlan,
  violations: { event: string; property: string | null }[],
  events: string[],
  eventProperties: { name: string; events: string[] }[],
): PlanStatuses {
  const violatedEvents = new Set(violations.map((v) => v.event));
  const violatedProperties = new Set(violations.flatMap((v) => (v.property === null ? [] : [v.property])));
  const out: PlanStatuses = { events: {}, eventProperties: {} };
  for (const name of events) {
    const status = statusOf(Object.hasOwn(plan.events, name), violatedEvents.has(name), name.startsWith("$"));
    if (status) out.events[name] = status;
  }
  for (const property of eventProperties) {
    const planEvents = property.events.length ? property.events.filter((e) => Object.hasOwn(plan.events, e)) : Object.keys(plan.events);
    const planned = planEvents.some((e) => Object.hasOwn(plan.events[e].properties, property.name));
    // Seen only on SDK events the plan does not list (a page view's `name`): nothing checks it.
    const onlyUnplannedReserved = property.events.length > 0 && property.events.every((e) => e.startsWith("$") && !Object.hasOwn(plan.events, e));
    const status = statusOf(planned, violatedProperties.has(property.name), property.name.startsWith("$") || onlyUnplannedReserved);
    if (status) out.eventProperties[property.name] = status;
  }
  return out;
}
