// Filters of the reference (API.md 3.1 plus the typed-comparison rules): a filter
// reads one plain key (never a path) of the event's properties or of the person's
// current properties; an event-scope built-in name ($country...) reads the
// event's built-in property, whatever custom property of that name it carries.
import { isBuiltinName } from "./builtins";
import type { Json, JsonObject, RefEvent, World } from "./world";

export type Scalar = string | number | boolean;
export type FilterOp = "eq" | "neq" | "contains" | "not_contains" | "gt" | "gte" | "lt" | "lte" | "in" | "is_set" | "is_not_set";

export interface RefFilter {
  property: string;
  scope?: "event" | "user";
  op: FilterOp;
  value?: Scalar | Scalar[];
}

/** Membership of a cohort as of its computation (API.md 5): the event's person is (negate: is not) a member. */
export interface RefCohortFilter {
  cohort: string;
  negate?: boolean;
}

/** What a report's `where` lists. */
export type RefWhere = RefFilter | RefCohortFilter;

export function isRefCohortFilter(filter: RefWhere): filter is RefCohortFilter {
  return "cohort" in filter;
}

/** Whether the person is in the cohort, from the memberships the test stored in the world. */
export function inCohort(world: World, cohortId: string, person: number): boolean {
  const members = world.cohortMembers?.get(cohortId);
  if (!members) throw new Error(`the reference world has no membership of cohort ${cohortId}`);
  return members.has(person);
}

/** The value of a plain key, or undefined when the key is absent. */
export function valueAt(properties: JsonObject | undefined, key: string): Json | undefined {
  if (!properties || !Object.hasOwn(properties, key)) return undefined;
  return properties[key];
}

/** An event property: a built-in's value (always a string), else the plain key of its properties. */
export function eventPropertyOf(event: RefEvent, property: string): Json | undefined {
  if (isBuiltinName(property)) return event.builtins[property];
  return valueAt(event.properties, property);
}

export function propertyOf(world: World, event: RefEvent, property: string, scope: "event" | "user" = "event"): Json | undefined {
  return scope === "user" ? valueAt(world.personProperties.get(event.person), property) : eventPropertyOf(event, property);
}

/** Typed equality: same JSON type and value; a missing or null property equals nothing. */
function scalarEquals(actual: Json | undefined, expected: Scalar): boolean {
  if (actual === undefined || actual === null) return false;
  if (typeof actual === "object") return false; // objects and arrays equal no scalar
  return typeof actual === typeof expected && actual === expected;
}

function contains(actual: Json | undefined, needle: Scalar | Scalar[] | undefined): boolean {
  if (typeof actual !== "string" || typeof needle !== "string") return false;
  return actual.toLowerCase().includes(needle.toLowerCase());
}

function compare(actual: Json | undefined, value: Scalar | Scalar[] | undefined, holds: (a: number, b: number) => boolean): boolean {
  return typeof actual === "number" && typeof value === "number" && holds(actual, value);
}

export function filterHolds(actual: Json | undefined, filter: RefFilter): boolean {
  const { op, value } = filter;
  switch (op) {
    case "eq":
      return !Array.isArray(value) && value !== undefined && scalarEquals(actual, value);
    case "neq":
      return !(!Array.isArray(value) && value !== undefined && scalarEquals(actual, value));
    case "in":
      return Array.isArray(value) && value.some((v) => scalarEquals(actual, v));
    case "contains":
      return contains(actual, value);
    case "not_contains":
      return !contains(actual, value);
    case "gt":
      return compare(actual, value, (a, b) => a > b);
    case "gte":
      return compare(actual, value, (a, b) => a >= b);
    case "lt":
      return compare(actual, value, (a, b) => a < b);
    case "lte":
      return compare(actual, value, (a, b) => a <= b);
    case "is_set":
      return actual !== undefined && actual !== null;
    case "is_not_set":
      return actual === undefined || actual === null;
    default:
      throw new Error(`unknown op ${String(op)}`);
  }
}

/** Every filter holds for the event (event scope: its properties; user scope: its person's; cohort: its person's membership). */
export function passes(world: World, event: RefEvent, where: RefWhere[] | undefined): boolean {
  return (where ?? []).every((f) =>
    isRefCohortFilter(f) ? inCohort(world, f.cohort, event.person) !== Boolean(f.negate) : filterHolds(propertyOf(world, event, f.property, f.scope ?? "event"), f),
  );
}
