// Data shapes for the report benchmark (issue 18): the same five-step story
// (Viewed → Searched → Added → Checkout → Purchased, plus a Ping nobody asks
// about) told with different proportions, so a report tuned on one shape is
// also timed on the others. Each shape changes one thing from `base`, which is
// the data set of issue 18: tens of thousands of persons with a couple of dozen
// events each over a month, a few event names, a categorical and a numeric
// property on every event. Deterministic: the same shape, size and clock give
// the same messages. Message ids are UUIDs, as SDKs send them (uuidFrom).
//
// Each shape also says which reports are timed on it and over what range
// (reportsFor): the whole span of its data, as a user asking "this month" or
// "this year" would.
import { uuidFrom } from "./messages.mjs";

const DAY = 86_400_000;

/**
 * eventsPerPerson: the mean (exponentially spread, so a few persons have many
 * times the mean); propertyShare: the share of events that carry properties;
 * planValues: distinct values of the breakdown property `plan`; days: the span.
 */
export const SHAPES = {
  base: { eventsPerPerson: 24, propertyShare: 1, planValues: 8, days: 30, about: "issue 18's data: ~24 events a person, properties on every event, 8 breakdown values, one month" },
  wide: { eventsPerPerson: 3, propertyShare: 1, planValues: 8, days: 30, about: "many persons with few events (~3 each)" },
  deep: { eventsPerPerson: 1000, propertyShare: 1, planValues: 8, days: 30, about: "few persons with many events (~1,000 each)" },
  sparse: { eventsPerPerson: 24, propertyShare: 0.05, planValues: 8, days: 30, about: "properties on 5% of events" },
  highcard: { eventsPerPerson: 24, propertyShare: 1, planValues: 50_000, days: 30, about: "a breakdown property with 50,000 values" },
  year: { eventsPerPerson: 24, propertyShare: 1, planValues: 8, days: 365, about: "events over a year, reports over the year" },
};

export const FUNNEL = ["Viewed", "Searched", "Added", "Checkout", "Purchased"];
/** Chance of going on from each funnel step to the next within a session. */
const GO_ON = [0.7, 0.6, 0.55, 0.65];

function rng(seedText) {
  let seed = 0;
  for (const ch of seedText) seed = (Math.imul(seed, 31) + ch.charCodeAt(0)) | 0;
  return () => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `events` Segment track messages of `shape`, timestamps in the `days` before
 * `now`. Persons arrive over the span; each has sessions spread from its arrival
 * to the end, a session walking the funnel with drop-off at every step.
 */
export function* shapeMessages(name, events, now) {
  const shape = SHAPES[name];
  if (!shape) throw new Error(`unknown shape ${name}: one of ${Object.keys(SHAPES).join(", ")}`);
  const random = rng(`bench-shapes-${name}`);
  const start = now - shape.days * DAY;
  // Breakdown values are skewed (a few common, a long tail), as plan names and ids are.
  const plan = () => `plan-${Math.floor(shape.planValues * random() ** 2)}`;
  let produced = 0;
  for (let person = 0; produced < events; person++) {
    const anonymousId = `${name}-person-${person}`;
    const count = Math.max(1, Math.round(-Math.log(1 - random()) * shape.eventsPerPerson));
    const arrival = start + random() * (now - start) * 0.9;
    let own = 0;
    const message = (event, ts) => {
      produced++;
      own++;
      const properties = random() < shape.propertyShare ? { plan: plan(), amount: Math.round(random() * 20000) / 100 } : {};
      return { type: "track", event, anonymousId, properties, timestamp: new Date(Math.min(ts, now - 1)).toISOString(), messageId: uuidFrom(`${name}-${produced}`) };
    };
    while (own < count && produced < events) {
      let t = arrival + random() * (now - arrival);
      yield message(FUNNEL[0], t);
      for (let step = 1; step < FUNNEL.length && own < count && produced < events && random() < GO_ON[step - 1]; step++) {
        t += 10_000 + random() * 600_000;
        yield message(FUNNEL[step], t);
      }
      if (own < count && produced < events && random() < 0.3) yield message("Ping", t + 1000);
    }
  }
}

const iso = (ms) => new Date(ms).toISOString();

/** The four reports of issue 18 over the shape's whole span: key, label, target at 1M (ms), query. */
export function reportsFor(name, now) {
  const range = { from: iso(now - SHAPES[name].days * DAY), to: iso(now) };
  return [
    ["funnel", "5-step funnel, 7-day window", 300, { kind: "funnel", ...range, steps: FUNNEL.map((event) => ({ event })), windowSeconds: 7 * 86400 }],
    ["uniqueByPlan", "unique users by day, by an event property", 150, { kind: "trends", ...range, interval: "day", series: [{ event: "Viewed", math: "unique_users" }], breakdown: { property: "plan" } }],
    ["total", "total events by day", 150, { kind: "trends", ...range, interval: "day", series: [{ event: "Viewed" }] }],
    ["retention", "retention, daily, 14 periods", 300, { kind: "retention", ...range, startEvent: "Viewed", returnEvent: "Viewed", interval: "day", periods: 14 }],
    ["paths", "paths from Viewed, 5 steps", 500, { kind: "paths", ...range, startEvent: "Viewed", steps: 5 }],
    // A dashboard's chart of several series: on ClickHouse the counts run side by side (lib/query/trends.ts, perSeries).
    [
      "series",
      "three counts and unique users by day",
      null,
      { kind: "trends", ...range, interval: "day", series: [{ event: "Viewed" }, { event: "Added" }, { event: "Purchased" }, { event: "Viewed", math: "unique_users" }] },
    ],
  ];
}

/**
 * Issue 20's cohort cases on a shape: a cohort of three behavioural conditions
 * (viewed at least three times in 30 days, added in the last 14, never
 * purchased in 30), and the total-events trends report filtered to it, to
 * compare with the same report unfiltered (`total` of reportsFor).
 */
export const COHORT_MATCH = {
  all: [
    { type: "performed", event: "Viewed", count: { op: "gte", value: 3 }, withinDays: 30 },
    { type: "performed", event: "Added", withinDays: 14 },
    { type: "performed", event: "Purchased", withinDays: 30, negate: true },
  ],
};

/**
 * A broad cohort beside it: everyone who viewed in the last 30 days, most of
 * the range's persons. Filtering to it reads the range, not its members (lib/query/membersFirst.ts
 * chooses), so the bench shows both reads.
 */
export const BROAD_COHORT_MATCH = { all: [{ type: "performed", event: "Viewed", withinDays: 30 }] };

export function cohortReportsFor(name, now, cohortId, broadCohortId) {
  const [, , , total] = reportsFor(name, now).find(([key]) => key === "total");
  return [
    ["trendsCohort", "total events by day, in a cohort", "1.5× total", { ...total, where: [{ cohort: cohortId }] }],
    ["trendsBroadCohort", "total events by day, in a broad cohort", "1.5× total", { ...total, where: [{ cohort: broadCohortId }] }],
  ];
}

/** A short fingerprint of an answer, to see that a faster version answers the same. */
export function describe(kind, result) {
  if (kind === "funnel") return `users ${result.steps.map((s) => s.users).join(">")}`;
  if (kind === "cohort") return `${result.count} members`;
  if (kind === "trends") return `${result.series.length} series, total ${result.series.reduce((a, s) => a + s.total, 0)}`;
  if (kind === "retention") return `${result.cohorts.length} cohorts, ${result.cohorts.reduce((a, c) => a + c.users, 0)} persons`;
  if (kind === "paths") return `${result.nodes.length} nodes, ${result.nodes.filter((n) => n.step === 1).reduce((a, n) => a + n.users, 0)} persons`;
  return "";
}
