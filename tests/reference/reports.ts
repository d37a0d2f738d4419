// Brute-force reference implementation of the four reports of API.md 3.1, over a
// replayed World (see world.ts). Written for obviousness, not speed: every report
// walks every event, person by person.
import { eventPropertyOf, inCohort, passes, propertyOf, type RefWhere } from "./filters";
import { bucketStart, bucketStarts, iso, nextBucketStart, type RefInterval } from "./time";
import type { Json, RefEvent, World } from "./world";

export type RefMath = "total" | "unique_users" | "sum" | "avg" | "min" | "max" | "median" | "p90";

export interface RefPropertyBreakdown {
  property: string;
  scope?: "event" | "user";
  limit?: number;
}

/** One series (or table) per cohort, its value the cohort id, plus "$none": persons in none of them. */
export interface RefCohortBreakdown {
  cohorts: string[];
}

export type RefBreakdown = RefPropertyBreakdown | RefCohortBreakdown;

export interface TrendsQuery {
  kind: "trends";
  from: string;
  to: string;
  where?: RefWhere[];
  series: { event: string; math?: RefMath; property?: string; where?: RefWhere[]; label?: string }[];
  interval?: RefInterval;
  breakdown?: RefBreakdown;
}

export interface FunnelQuery {
  kind: "funnel";
  from: string;
  to: string;
  where?: RefWhere[];
  steps: { event: string; where?: RefWhere[] }[];
  windowSeconds?: number;
  breakdown?: RefBreakdown;
}

export interface RetentionQuery {
  kind: "retention";
  from: string;
  to: string;
  where?: RefWhere[];
  startEvent: string;
  returnEvent: string;
  interval?: "day" | "week";
  periods?: number;
  breakdown?: RefCohortBreakdown;
}

export interface PathsQuery {
  kind: "paths";
  from: string;
  to: string;
  where?: RefWhere[];
  startEvent?: string;
  endEvent?: string;
  steps?: number;
  maxEventsPerStep?: number;
  exclude?: string[];
  mode?: "events" | "pages";
}

export type RefQuery = TrendsQuery | FunnelQuery | RetentionQuery | PathsQuery;

// ------------------------------------------------------------------- helpers

/**
 * A cohort breakdown's slices of persons: each cohort's members (a person in
 * two is in both), then "$none", the persons in none of them.
 */
function cohortSlices(world: World, breakdown: RefCohortBreakdown): { value: string; has: (person: number) => boolean }[] {
  return [
    ...breakdown.cohorts.map((id) => ({ value: id, has: (person: number) => inCohort(world, id, person) })),
    { value: "$none", has: (person: number) => breakdown.cohorts.every((id) => !inCohort(world, id, person)) },
  ];
}

/** The world of only these persons' events: a report over one slice of persons. */
function onlyPersons(world: World, has: (person: number) => boolean): World {
  return { ...world, events: world.events.filter((e) => has(e.person)) };
}

/** (timestamp, arrival) ascending: the order of a person's events. */
export function byTimeThenArrival(a: RefEvent, b: RefEvent): number {
  return a.ts - b.ts || a.arrival - b.arrival;
}

/** Every person's events in (timestamp, arrival) order. */
function eventsByPerson(world: World): Map<number, RefEvent[]> {
  const out = new Map<number, RefEvent[]>();
  for (const e of [...world.events].sort(byTimeThenArrival)) {
    const list = out.get(e.person) ?? [];
    list.push(e);
    out.set(e.person, list);
  }
  return out;
}

/** Linear-interpolation percentile (PostgreSQL's percentile_cont): position (n - 1) * p of the sorted values. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * p;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}

/** A series' math over a set of events. Property maths see only JSON numbers; none gives 0. */
export function seriesMath(math: RefMath, events: RefEvent[], property: string | undefined): number {
  if (math === "total") return events.length;
  if (math === "unique_users") return new Set(events.map((e) => e.person)).size;
  const numbers: number[] = [];
  for (const e of events) {
    const value = property === undefined ? undefined : eventPropertyOf(e, property);
    if (typeof value === "number") numbers.push(value);
  }
  if (!numbers.length) return 0;
  switch (math) {
    case "sum":
      return numbers.reduce((a, b) => a + b, 0);
    case "avg":
      return numbers.reduce((a, b) => a + b, 0) / numbers.length;
    case "min":
      return Math.min(...numbers);
    case "max":
      return Math.max(...numbers);
    case "median":
      return percentile(numbers, 0.5);
    case "p90":
      return percentile(numbers, 0.9);
  }
  throw new Error(`unknown math ${String(math)}`);
}

/** A breakdown value: the raw JSON value, missing or null -> null. */
function breakdownValue(world: World, event: RefEvent, breakdown: RefPropertyBreakdown): Json {
  return propertyOf(world, event, breakdown.property, breakdown.scope ?? "event") ?? null;
}

const keyOf = (value: Json): string => JSON.stringify(value);

const inRange = (e: RefEvent, from: number, to: number) => e.ts >= from && e.ts < to;

// -------------------------------------------------------------------- trends

export interface TrendsSeries {
  label: string;
  breakdownValue?: Json;
  total: number;
  data: { t: string; value: number }[];
}

export function trends(world: World, q: TrendsQuery, zone: string): { series: TrendsSeries[] } {
  const from = Date.parse(q.from);
  const to = Date.parse(q.to);
  const interval = q.interval ?? "day";
  const starts = bucketStarts(from, to, interval, zone);
  const bucketOf = (ts: number): number => {
    let i = starts.length - 1;
    while (starts[i] > ts) i--;
    return i;
  };

  const matched = q.series.map((s) =>
    world.events.filter((e) => e.event === s.event && inRange(e, from, to) && passes(world, e, q.where) && passes(world, e, s.where)),
  );

  const line = (index: number, events: RefEvent[], value?: { breakdownValue: Json }): TrendsSeries => {
    const s = q.series[index];
    const math = s.math ?? "total";
    const perBucket: RefEvent[][] = starts.map(() => []);
    for (const e of events) perBucket[bucketOf(e.ts)].push(e);
    return {
      label: s.label ?? s.event,
      ...(value ?? {}),
      total: seriesMath(math, events, s.property),
      data: starts.map((t, i) => ({ t: iso(t), value: seriesMath(math, perBucket[i], s.property) })),
    };
  };

  if (!q.breakdown) return { series: matched.map((events, i) => line(i, events)) };
  if ("cohorts" in q.breakdown) {
    // Per series, each slice's line: the report over that slice's persons alone.
    const slices = cohortSlices(world, q.breakdown).map((slice) => ({
      value: slice.value,
      answer: trends(onlyPersons(world, slice.has), { ...q, breakdown: undefined }, zone),
    }));
    return { series: q.series.flatMap((_, i) => slices.map((slice) => ({ ...slice.answer.series[i], breakdownValue: slice.value }))) };
  }

  const breakdown = q.breakdown;
  const limit = breakdown.limit ?? 10;
  // Rank the values by the first series' total (ties: the value's JSON text ascending).
  const values = new Map<string, Json>();
  for (const events of matched) for (const e of events) values.set(keyOf(breakdownValue(world, e, breakdown)), breakdownValue(world, e, breakdown));
  const first = q.series[0];
  const firstTotal = (key: string) =>
    seriesMath(first.math ?? "total", matched[0].filter((e) => keyOf(breakdownValue(world, e, breakdown)) === key), first.property);
  const ranked = [...values.keys()]
    .map((key) => ({ key, total: firstTotal(key) }))
    .sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const kept = ranked.slice(0, limit).map((r) => r.key);
  const others = new Set(ranked.slice(limit).map((r) => r.key));

  const series: TrendsSeries[] = [];
  matched.forEach((events, i) => {
    const lines = kept.map((key) =>
      line(i, events.filter((e) => keyOf(breakdownValue(world, e, breakdown)) === key), { breakdownValue: values.get(key)! }),
    );
    lines.sort((a, b) => b.total - a.total);
    series.push(...lines);
    if (others.size) {
      series.push(line(i, events.filter((e) => others.has(keyOf(breakdownValue(world, e, breakdown)))), { breakdownValue: "$other" }));
    }
  });
  return { series };
}

// -------------------------------------------------------------------- funnel

export interface FunnelStep {
  event: string;
  users: number;
  conversionFromStart: number;
  conversionFromPrevious: number;
  medianSecondsFromPrevious: number | null;
}

export interface FunnelResult {
  steps: FunnelStep[];
  breakdowns?: { value: Json; steps: FunnelStep[] }[];
}

interface FunnelPerson {
  /** Highest step reached (1-based). */
  reached: number;
  /** The chain of the earliest start that reaches `reached`: the matched events, step 1 first. */
  chain: RefEvent[];
}

/** Every person who starts the funnel, with their reached step and chosen chain. */
export function funnelPersons(world: World, q: FunnelQuery): Map<number, FunnelPerson> {
  const from = Date.parse(q.from);
  const to = Date.parse(q.to);
  const windowMs = (q.windowSeconds ?? 14 * 24 * 3600) * 1000;
  const satisfies = (e: RefEvent, k: number) => e.event === q.steps[k].event && passes(world, e, q.steps[k].where) && passes(world, e, q.where);

  const out = new Map<number, FunnelPerson>();
  for (const [person, events] of eventsByPerson(world)) {
    let best: FunnelPerson | null = null;
    for (let i = 0; i < events.length; i++) {
      const start = events[i];
      if (!satisfies(start, 0) || !inRange(start, from, to)) continue;
      const chain = [start];
      let at = i;
      for (let k = 1; k < q.steps.length; k++) {
        let found = -1;
        for (let j = at + 1; j < events.length; j++) {
          if (events[j].ts - start.ts > windowMs) break; // sorted by time: nothing later fits either
          if (satisfies(events[j], k)) {
            found = j;
            break;
          }
        }
        if (found < 0) break;
        chain.push(events[found]);
        at = found;
      }
      // Starts are visited in (timestamp, arrival) order: keep the first that reaches furthest.
      if (!best || chain.length > best.reached) best = { reached: chain.length, chain };
    }
    if (best) out.set(person, best);
  }
  return out;
}

function median(values: number[]): number | null {
  return values.length ? percentile(values, 0.5) : null;
}

function funnelSteps(q: FunnelQuery, persons: FunnelPerson[]): FunnelStep[] {
  const users = q.steps.map((_, k) => persons.filter((p) => p.reached >= k + 1).length);
  return q.steps.map((step, k) => ({
    event: step.event,
    users: users[k],
    conversionFromStart: users[0] ? users[k] / users[0] : 0,
    conversionFromPrevious: k === 0 ? (users[0] ? 1 : 0) : users[k - 1] ? users[k] / users[k - 1] : 0,
    medianSecondsFromPrevious:
      k === 0 ? null : median(persons.filter((p) => p.reached >= k + 1).map((p) => (p.chain[k].ts - p.chain[k - 1].ts) / 1000)),
  }));
}

export function funnel(world: World, q: FunnelQuery): FunnelResult {
  const persons = funnelPersons(world, q);
  const result: FunnelResult = { steps: funnelSteps(q, [...persons.values()]) };
  if (q.breakdown && "cohorts" in q.breakdown) {
    result.breakdowns = cohortSlices(world, q.breakdown).map((slice) => ({
      value: slice.value,
      steps: funnelSteps(q, [...persons].filter(([person]) => slice.has(person)).map(([, p]) => p)),
    }));
  } else if (q.breakdown) {
    const breakdown = q.breakdown;
    const groups = new Map<string, { value: Json; persons: FunnelPerson[] }>();
    for (const p of persons.values()) {
      const value = breakdownValue(world, p.chain[0], breakdown);
      const group = groups.get(keyOf(value)) ?? { value, persons: [] };
      group.persons.push(p);
      groups.set(keyOf(value), group);
    }
    if (groups.size > (breakdown.limit ?? 10)) throw new Error("reference: funnel breakdowns over the limit are not modelled");
    result.breakdowns = [...groups.values()].map((g) => ({ value: g.value, steps: funnelSteps(q, g.persons) }));
  }
  return result;
}

// ----------------------------------------------------------------- retention

export interface RetentionCohort {
  start: string;
  users: number;
  returned: number[];
}

export function retention(world: World, q: RetentionQuery, zone: string): { cohorts: RetentionCohort[]; breakdowns?: { value: string; cohorts: RetentionCohort[] }[] } {
  if (q.breakdown) {
    const plain = { ...q, breakdown: undefined };
    return {
      ...retention(world, plain, zone),
      breakdowns: cohortSlices(world, q.breakdown).map((slice) => ({ value: slice.value, cohorts: retention(onlyPersons(world, slice.has), plain, zone).cohorts })),
    };
  }
  const from = Date.parse(q.from);
  const to = Date.parse(q.to);
  const interval = q.interval ?? "day";
  const periods = q.periods ?? 8;
  const cohorts = new Map<number, RetentionCohort>();
  for (const events of eventsByPerson(world).values()) {
    const first = events.find((e) => e.event === q.startEvent && inRange(e, from, to) && passes(world, e, q.where));
    if (!first) continue;
    const start = bucketStart(first.ts, interval, zone);
    // bounds[n] .. bounds[n + 1]: the n-th interval after the cohort's own.
    const bounds = [start];
    for (let n = 0; n < periods; n++) bounds.push(nextBucketStart(bounds[n], interval, zone));
    const cohort = cohorts.get(start) ?? { start: iso(start), users: 0, returned: new Array<number>(periods).fill(0) };
    cohort.users += 1;
    cohort.returned[0] += 1;
    for (let n = 1; n < periods; n++) {
      if (events.some((e) => e.event === q.returnEvent && e.ts >= bounds[n] && e.ts < bounds[n + 1] && passes(world, e, q.where))) {
        cohort.returned[n] += 1;
      }
    }
    cohorts.set(start, cohort);
  }
  return { cohorts: [...cohorts.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c) };
}

// --------------------------------------------------------------------- paths

export interface PathsResult {
  nodes: { step: number; event: string; users: number }[];
  links: { from: string; to: string; users: number }[];
}

/** Each person's path: the list of event names, first step first. */
export function personPaths(world: World, q: PathsQuery): Map<number, string[]> {
  const from = Date.parse(q.from);
  const to = Date.parse(q.to);
  const steps = q.steps ?? 5;
  const out = new Map<number, string[]>();
  for (const [person, all] of eventsByPerson(world)) {
    // A step's name: the event's, or in pages mode the page view's path or the screen's name.
    const stepName = (e: (typeof all)[number]): string | null => {
      if (q.mode !== "pages") return e.event;
      if (e.event === "$pageview") return e.builtins.$pathname ?? null;
      if (e.event === "$screen") return typeof e.properties.name === "string" ? e.properties.name : null;
      return null;
    };
    const events = all
      .filter((e) => passes(world, e, q.where))
      .map((e) => ({ e, step: stepName(e) }))
      .filter((s): s is { e: (typeof all)[number]; step: string } => s.step !== null && !(q.exclude ?? []).includes(s.step));
    const startIndex = events.findIndex(({ e, step }) => inRange(e, from, to) && (q.startEvent === undefined || step === q.startEvent));
    if (startIndex < 0) continue;
    const path: string[] = [];
    for (let i = startIndex; i < events.length && path.length < steps; i++) {
      path.push(events[i].step);
      if (q.endEvent !== undefined && events[i].step === q.endEvent) break;
    }
    // With an end event, only the paths that reach it.
    if (q.endEvent !== undefined && path[path.length - 1] !== q.endEvent) continue;
    out.set(person, path);
  }
  return out;
}

export function paths(world: World, q: PathsQuery): PathsResult {
  const nodes = new Map<string, { step: number; event: string; users: number }>();
  const links = new Map<string, { from: string; to: string; users: number }>();
  for (const path of personPaths(world, q).values()) {
    path.forEach((event, i) => {
      const id = `${i + 1}:${event}`;
      const node = nodes.get(id) ?? { step: i + 1, event, users: 0 };
      node.users += 1;
      nodes.set(id, node);
      if (i > 0) {
        const fromId = `${i}:${path[i - 1]}`;
        const link = links.get(`${fromId}->${id}`) ?? { from: fromId, to: id, users: 0 };
        link.users += 1;
        links.set(`${fromId}->${id}`, link);
      }
    });
  }
  const max = q.maxEventsPerStep ?? 10;
  const perStep = new Map<number, number>();
  for (const node of nodes.values()) perStep.set(node.step, (perStep.get(node.step) ?? 0) + 1);
  for (const [step, count] of perStep) {
    if (count > max) throw new Error(`reference: step ${step} has ${count} distinct events, over maxEventsPerStep ${max} ("$other" is not modelled)`);
  }
  return { nodes: [...nodes.values()], links: [...links.values()] };
}

// ---------------------------------------------------------------------- all

export function runReport(world: World, q: RefQuery, zone: string): unknown {
  switch (q.kind) {
    case "trends":
      return trends(world, q, zone);
    case "funnel":
      return funnel(world, q);
    case "retention":
      return retention(world, q, zone);
    case "paths":
      return paths(world, q);
  }
}
