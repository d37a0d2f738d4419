// The reference of cohort membership (API.md 5), brute force over the replayed
// world: every person, every condition tested on their events one by one.
import { filterHolds, passes, valueAt, type RefFilter, type Scalar } from "./filters";
import type { RefEvent, World } from "./world";

const DAY_MS = 86_400_000;

export type RefCountOp = "gte" | "lte" | "eq" | "gt" | "lt";

export type RefCondition =
  | { type: "property"; property: string; op: RefFilter["op"]; value?: Scalar | Scalar[]; negate?: boolean }
  | { type: "performed"; event: string; where?: RefFilter[]; count?: { op: RefCountOp; value: number }; withinDays: number; negate?: boolean }
  | { type: "first_time"; event: string; withinDays: number; negate?: boolean }
  | { type: "cohort"; cohortId: string; negate?: boolean }
  | RefGroup;

export type RefGroup = { all: RefCondition[] } | { any: RefCondition[] };

export type RefCohort = { kind: "dynamic"; match: RefGroup } | { kind: "static"; members: Set<number> };

function countHolds(n: number, { op, value }: { op: RefCountOp; value: number }): boolean {
  switch (op) {
    case "gte":
      return n >= value;
    case "lte":
      return n <= value;
    case "eq":
      return n === value;
    case "gt":
      return n > value;
    case "lt":
      return n < value;
  }
}

function holds(world: World, person: number, events: RefEvent[], condition: RefCondition, asOf: number, cohorts: ReadonlyMap<string, RefCohort>): boolean {
  if ("all" in condition) return condition.all.every((c) => holds(world, person, events, c, asOf, cohorts));
  if ("any" in condition) return condition.any.some((c) => holds(world, person, events, c, asOf, cohorts));
  let result: boolean;
  switch (condition.type) {
    case "property":
      result = filterHolds(valueAt(world.personProperties.get(person), condition.property), { property: condition.property, scope: "user", op: condition.op, value: condition.value });
      break;
    case "performed": {
      const from = asOf - condition.withinDays * DAY_MS;
      const n = events.filter((e) => e.event === condition.event && e.ts >= from && e.ts < asOf && passes(world, e, condition.where)).length;
      result = countHolds(n, condition.count ?? { op: "gte", value: 1 });
      break;
    }
    case "first_time": {
      const from = asOf - condition.withinDays * DAY_MS;
      const times = events.filter((e) => e.event === condition.event).map((e) => e.ts);
      const first = times.length ? Math.min(...times) : null;
      result = first !== null && first >= from && first < asOf;
      break;
    }
    case "cohort": {
      const cohort = cohorts.get(condition.cohortId);
      if (!cohort) throw new Error(`unknown cohort ${condition.cohortId}`);
      result = cohort.kind === "static" ? cohort.members.has(person) : holds(world, person, events, cohort.match, asOf, cohorts);
      break;
    }
  }
  return condition.negate ? !result : result;
}

/** The persons (reference ids) in the cohort `match` defines, at `asOf`. */
export function cohortMembers(world: World, match: RefGroup, asOf: number, cohorts: ReadonlyMap<string, RefCohort> = new Map()): Set<number> {
  const eventsOf = new Map<number, RefEvent[]>();
  for (const e of world.events) {
    const list = eventsOf.get(e.person) ?? [];
    list.push(e);
    eventsOf.set(e.person, list);
  }
  const members = new Set<number>();
  for (const person of world.personProperties.keys()) {
    if (holds(world, person, eventsOf.get(person) ?? [], match, asOf, cohorts)) members.add(person);
  }
  return members;
}

/** Each member's sorted distinct ids, sorted: how a server's answer can be compared (person ids differ). */
export function memberIdSets(world: World, members: Set<number>): string[] {
  const idsOf = new Map<number, string[]>();
  for (const [distinctId, person] of world.personOf) {
    if (!members.has(person)) continue;
    idsOf.set(person, [...(idsOf.get(person) ?? []), distinctId]);
  }
  return [...idsOf.values()].map((ids) => ids.sort().join(" ")).sort();
}
