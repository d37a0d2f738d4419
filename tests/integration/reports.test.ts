// Reports (API.md 3.1) against an independent, brute-force reference
// (tests/reference): seeded hard-case data is sent through POST /api/track, then
// every query's answer from POST /api/projects/{id}/query must equal what the
// reference computes from the same messages. Runs on SQLite and on PostgreSQL.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { createUser, http, signIn, track, type Account, type HttpAnswer, type ProjectKeys } from "../support/api";
import { assertSlotsMatchEvents } from "../support/activitySlots";
import { databaseKind, runDir, startServer, type TestServer } from "../support/server";
import { ch, migrateNodes, startClickHouseNodes, type ClickHouseNodes } from "../support/clickhouse";
import { fixtureCli } from "../support/fixtureCli";
import { clickHouseCompiles } from "../../lib/query/clickhouse/route";
import { parseReport } from "../../lib/query/report";
import type { HotTables } from "../../lib/db/tables";
import type { ReportContext } from "../../lib/query/context";
import type { WhereFilter } from "../../lib/query/model";
import { resolveRange } from "../../lib/query/ranges";
import {
  bucketStarts,
  EVENTS,
  generate,
  PROP,
  replay,
  reportDifferences,
  runReport,
  cohortMembers,
  filterHolds,
  memberIdSets,
  valueAt,
  type Message,
  type RefGroup,
  type RefFilter,
  type RefInterval,
  type RefQuery,
  type World,
  BUILTIN_NAMES,
  IPS,
  USER_AGENTS,
} from "../reference";

const { signup: S, view: V, cart: C, purchase: P, pageview: PV } = EVENTS;
const FUNNEL = [S, V, C, P];

interface Ranges {
  /** Two whole local weeks around the spring DST change. */
  spring: { from: string; to: string };
  /** Two whole local weeks around the autumn DST change. */
  fall: { from: string; to: string };
  /** Odd instants: partial first and last buckets. */
  odd: { from: string; to: string };
  /** A few hours around each DST change. */
  springHours: { from: string; to: string };
  fallHours: { from: string; to: string };
  /** Many weeks / months. */
  long: { from: string; to: string };
  months: { from: string; to: string };
}

interface Scenario {
  name: string;
  zone: string;
  seed: number;
  persons: number;
  /** DST changes (or any centre of activity). */
  anchors: string[];
  windowSeconds: number;
  ranges: Ranges;
  sharedDeviceNewUser?: boolean;
  /** Which of the queries to run (default: all). */
  only?: (title: string) => boolean;
  project?: ProjectKeys;
  world?: World;
}

const SCENARIOS: Scenario[] = [
  {
    name: "berlin",
    zone: "Europe/Berlin",
    seed: 20260329,
    persons: 60,
    anchors: ["2026-03-29T01:00:00.000Z", "2026-10-25T01:00:00.000Z"],
    windowSeconds: 3600,
    ranges: {
      spring: { from: "2026-03-22T23:00:00.000Z", to: "2026-04-05T22:00:00.000Z" },
      fall: { from: "2026-10-18T22:00:00.000Z", to: "2026-11-01T23:00:00.000Z" },
      odd: { from: "2026-03-25T13:17:00.000Z", to: "2026-03-31T09:41:00.000Z" },
      springHours: { from: "2026-03-28T22:00:00.000Z", to: "2026-03-29T04:00:00.000Z" },
      fallHours: { from: "2026-10-24T21:30:00.000Z", to: "2026-10-25T04:00:00.000Z" },
      long: { from: "2026-03-01T00:00:00.000Z", to: "2026-11-20T00:00:00.000Z" },
      // Its events spread up to 8 days past the end: it must stay more than a day before
      // today, or ingestion refuses them as times in the future (API.md 2.3).
      months: { from: "2026-01-15T00:00:00.000Z", to: "2026-11-26T00:00:00.000Z" },
    },
  },
  {
    name: "new-york",
    zone: "America/New_York",
    seed: 20260308,
    persons: 45,
    anchors: ["2026-03-08T07:00:00.000Z", "2026-11-01T06:00:00.000Z"],
    windowSeconds: 1800,
    ranges: {
      spring: { from: "2026-03-02T05:00:00.000Z", to: "2026-03-16T04:00:00.000Z" },
      fall: { from: "2026-10-26T04:00:00.000Z", to: "2026-11-09T05:00:00.000Z" },
      odd: { from: "2026-03-05T03:33:33.333Z", to: "2026-03-11T17:00:00.001Z" },
      springHours: { from: "2026-03-08T04:00:00.000Z", to: "2026-03-08T10:00:00.000Z" },
      fallHours: { from: "2026-11-01T03:00:00.000Z", to: "2026-11-01T09:00:00.000Z" },
      long: { from: "2026-02-20T00:00:00.000Z", to: "2026-11-20T00:00:00.000Z" },
      months: { from: "2026-02-01T05:00:00.000Z", to: "2026-11-30T00:00:00.000Z" },
    },
  },
  {
    name: "kolkata",
    zone: "Asia/Kolkata",
    seed: 530,
    persons: 35,
    anchors: ["2026-06-15T18:30:00.000Z"],
    windowSeconds: 600,
    ranges: {
      spring: { from: "2026-06-07T18:30:00.000Z", to: "2026-06-21T18:30:00.000Z" },
      fall: { from: "2026-06-14T18:30:00.000Z", to: "2026-06-28T18:30:00.000Z" },
      odd: { from: "2026-06-12T07:07:07.007Z", to: "2026-06-18T12:00:00.000Z" },
      springHours: { from: "2026-06-15T15:00:00.000Z", to: "2026-06-15T22:00:00.000Z" },
      fallHours: { from: "2026-06-15T18:45:00.000Z", to: "2026-06-16T00:15:00.000Z" },
      long: { from: "2026-05-01T00:00:00.000Z", to: "2026-08-01T00:00:00.000Z" },
      months: { from: "2026-04-30T18:30:00.000Z", to: "2026-08-31T18:30:00.000Z" },
    },
  },
  {
    // Shared devices where the second user is brand new when identifying: apart, so a
    // difference in that one case does not hide everything else.
    name: "shared-devices",
    zone: "UTC",
    seed: 4242,
    persons: 30,
    anchors: ["2026-09-01T12:00:00.000Z"],
    windowSeconds: 3600,
    sharedDeviceNewUser: true,
    only: (title) =>
      /^(trends: daily totals|trends: user filter .*"plan","op":"(eq|neq)"|trends breakdown: user property plan|funnel: four steps|funnel breakdown: user property|retention: daily across the spring|paths: from each)/.test(title),
    ranges: {
      spring: { from: "2026-08-24T00:00:00.000Z", to: "2026-09-07T00:00:00.000Z" },
      fall: { from: "2026-08-31T00:00:00.000Z", to: "2026-09-14T00:00:00.000Z" },
      odd: { from: "2026-08-29T01:02:03.004Z", to: "2026-09-04T05:06:07.008Z" },
      springHours: { from: "2026-09-01T09:00:00.000Z", to: "2026-09-01T15:00:00.000Z" },
      fallHours: { from: "2026-09-01T10:00:00.000Z", to: "2026-09-01T14:00:00.000Z" },
      long: { from: "2026-08-01T00:00:00.000Z", to: "2026-10-01T00:00:00.000Z" },
      months: { from: "2026-07-15T00:00:00.000Z", to: "2026-10-15T00:00:00.000Z" },
    },
  },
];

/**
 * Each range's ends, and the 15-minute slot boundaries next to odd ends: unique
 * users count whole slots from activity_slots and the rest from the events.
 */
function edgesOf(s: Scenario): number[] {
  const slot = 900_000;
  return Object.values(s.ranges).flatMap((r) => {
    const [from, to] = [Date.parse(r.from), Date.parse(r.to)];
    return [...new Set([from, to, Math.ceil(from / slot) * slot, Math.floor(to / slot) * slot])];
  });
}

const ev = (property: string, op: RefFilter["op"], value?: RefFilter["value"]): RefFilter => ({ property, op, ...(value === undefined ? {} : { value }) });
const user = (property: string, op: RefFilter["op"], value?: RefFilter["value"]): RefFilter => ({ ...ev(property, op, value), scope: "user" });

/** Event-scope filters: every operator, awkward names, typed values. */
const EVENT_FILTERS: RefFilter[] = [
  ev("price", "eq", 42),
  ev("price", "eq", "42"),
  ev("price", "neq", 42),
  ev("gift", "eq", true),
  ev("gift", "eq", "true"),
  ev("gift", "eq", 1),
  ev("gift", "neq", false),
  ev(PROP.tier, "eq", "gold"),
  ev(PROP.tier, "eq", "nested"), // only under the nested "plan" object: never matches
  ev(PROP.tier, "eq", 1),
  ev(PROP.tier, "in", [1, true, "GOLD"]),
  ev("coupon", "in", ["a_b", "100%", 42]),
  ev("coupon", "contains", "A_B"), // case-insensitive, "_" literal
  ev("coupon", "contains", "0%"), // "%" literal
  ev(PROP.quote, "contains", 'SAID "HI'),
  ev(PROP.unicode, "contains", "名前"),
  ev(PROP.unicode, "contains", "ÜNÏ"), // case-insensitive beyond ASCII
  ev(PROP.unicode, "eq", ""),
  ev("coupon", "not_contains", "a"),
  ev("price", "gt", 10),
  ev("price", "gte", 42),
  ev("price", "lt", 0.15),
  ev("price", "lte", 0),
  ev("meta", "is_set"),
  ev("meta", "is_not_set"),
  ev("meta", "eq", "gold"),
  ev("gift", "is_not_set"),
  ev("currency", "eq", "EUR"),
  ev("plan", "is_set"),
];

/** User-scope filters: the person's current properties. */
const USER_FILTERS: RefFilter[] = [
  user("plan", "eq", "pro"),
  user("plan", "neq", "pro"),
  user("plan", "in", ["Pro", "enterprise"]),
  user("plan", "contains", "PR"),
  user("plan", "not_contains", "pro"),
  user("age", "gt", 18),
  user("age", "gte", 42),
  user("age", "lt", 42),
  user("age", "lte", 17),
  user("age", "eq", "42"),
  user("vip", "eq", true),
  user("vip", "is_not_set"),
  user(PROP.tier, "eq", 1),
  user("company", "is_set"),
  user("company", "eq", "Acme"),
  user(PROP.unicode, "eq", "名前テスト"),
  user(PROP.quote, "contains", "hi"),
  user("first_plan", "is_set"),
  user("first_plan", "eq", "never"), // a later $set_once never overwrites
  user("plan", "eq", "set-once-loses"),
  user("plan", "is_not_set"),
];

/**
 * Built-in properties: the columns lifted from context at ingestion, under
 * their $ names (the generator's contexts, tests/reference/builtins.ts).
 */
const BUILTIN_FILTERS: RefFilter[] = [
  ev("$browser", "eq", "Chrome"), // some events also carry a custom $browser: the built-in wins
  ev("$browser", "eq", "Custom"), // only ever a custom property's value: matches nothing
  ev("$country", "in", ["US", "GB", "de"]), // values are case-sensitive
  ev("$country", "is_not_set"), // no IP, or a private one
  ev("$os", "contains", "WIN"),
  ev("$utm_source", "eq", "ads"),
  ev("$utm_source", "neq", "ads"),
  ev("$utm_source", "contains", "名前"),
  ev("$utm_medium", "eq", "from-properties"), // from properties.utm_medium when the campaign has none
  ev("$utm_campaign", "is_set"),
  ev("$referring_domain", "eq", "www.google.com"),
  ev("$referrer", "not_contains", "shop.example"),
  ev("$pathname", "eq", "/docs/a.b"),
  ev("$current_url", "contains", "UTM_TERM=SHOES"),
  ev("$browser_version", "eq", "120"),
  ev("$browser_version", "eq", 120), // text: the number equals nothing
  ev("$browser_version", "gt", 100), // text: no numeric comparison holds
  ev("$device_type", "in", ["mobile", "tablet"]),
  ev("$lib", "eq", "analytics.js"),
  ev("$os_version", "is_set"),
  user("$country", "is_not_set"), // user scope: the person's own property of that name (none has one)
];

interface NamedQuery {
  title: string;
  query: RefQuery;
}

function queriesFor(s: Scenario): NamedQuery[] {
  const r = s.ranges;
  const W = s.windowSeconds;
  const out: NamedQuery[] = [];
  const add = (title: string, query: RefQuery) => out.push({ title, query });
  const steps = (events: string[]) => events.map((event) => ({ event }));

  // ---- trends
  add("trends: daily totals and unique users across the spring DST change", {
    kind: "trends",
    ...r.spring,
    interval: "day",
    series: [
      { event: P, label: "purchases" },
      { event: P, math: "unique_users", label: "buyers" },
      { event: PV, label: "views" },
      { event: S, math: "unique_users", label: "signups" },
    ],
  });
  add("trends: daily across the autumn DST change", {
    kind: "trends",
    ...r.fall,
    interval: "day",
    series: [{ event: PV, math: "unique_users" }, { event: V }],
  });
  add("trends: hourly around the spring DST change", {
    kind: "trends",
    ...r.springHours,
    interval: "hour",
    series: [{ event: PV }, { event: S }, { event: P, math: "unique_users" }],
  });
  add("trends: hourly around the autumn DST change (partial first hour)", {
    kind: "trends",
    ...r.fallHours,
    interval: "hour",
    series: [{ event: PV }, { event: S, math: "unique_users" }, { event: "$identify" }],
  });
  add("trends: weekly over months", {
    kind: "trends",
    ...r.long,
    interval: "week",
    series: [{ event: PV, math: "unique_users" }, { event: P }],
  });
  add("trends: monthly with partial months", {
    kind: "trends",
    ...r.months,
    interval: "month",
    series: [{ event: S }, { event: PV, math: "unique_users" }],
  });
  add("trends: range edges (odd instants, events exactly at from and to)", {
    kind: "trends",
    ...r.odd,
    interval: "day",
    series: [{ event: S }, { event: P }, { event: PV }, { event: V, math: "unique_users" }],
  });
  for (const [event, property] of [
    [P, "price"],
    [C, "qty"],
    [PV, "price"],
  ] as const) {
    add(`trends: every math over ${event}.${property}`, {
      kind: "trends",
      ...r.spring,
      interval: "day",
      series: (["total", "unique_users", "sum", "avg", "min", "max", "median", "p90"] as const).map((math) => ({ event, math, property, label: math })),
    });
  }
  add("trends: property maths by week over everything", {
    kind: "trends",
    ...r.long,
    interval: "week",
    series: (["sum", "avg", "min", "max", "median", "p90"] as const).map((math) => ({ event: P, math, property: "price", label: math })),
  });
  for (const filter of EVENT_FILTERS) {
    add(`trends: event filter ${JSON.stringify(filter)}`, {
      kind: "trends",
      ...r.long,
      interval: "month",
      where: [filter],
      series: [{ event: P }, { event: P, math: "unique_users" }, { event: S }, { event: PV }],
    });
  }
  for (const filter of USER_FILTERS) {
    add(`trends: user filter ${JSON.stringify(filter)}`, {
      kind: "trends",
      ...r.long,
      interval: "month",
      where: [filter],
      series: [{ event: PV }, { event: PV, math: "unique_users" }, { event: P, math: "sum", property: "price" }],
    });
  }
  for (const filter of BUILTIN_FILTERS) {
    add(`trends: built-in filter ${JSON.stringify(filter)}`, {
      kind: "trends",
      ...r.long,
      interval: "month",
      where: [filter],
      series: [{ event: P }, { event: P, math: "unique_users" }, { event: S }, { event: PV }],
    });
  }
  add("trends: built-in filters in series, and a math over a built-in (text: no numbers)", {
    kind: "trends",
    ...r.spring,
    interval: "day",
    where: [ev("$device_type", "eq", "desktop")],
    series: [
      { event: PV, where: [ev("$referring_domain", "is_set")], label: "referred" },
      { event: PV, math: "unique_users", where: [ev("$country", "eq", "US")], label: "US visitors" },
      { event: PV, math: "sum", property: "$browser_version", label: "sum" },
      { event: PV, math: "median", property: "$browser_version", label: "median" },
    ],
  });
  add("trends: report filters and series filters together", {
    kind: "trends",
    ...r.spring,
    interval: "day",
    where: [user("plan", "is_set"), ev("coupon", "neq", "plain")],
    series: [
      { event: P, where: [ev("price", "gt", 0)], label: "paid" },
      { event: P, where: [ev("currency", "in", ["EUR", "eur"]), ev(PROP.tier, "is_set")], label: "euro" },
      { event: P, math: "avg", property: "price", where: [ev("price", "lte", 100)], label: "avg" },
    ],
  });

  // ---- trends breakdowns
  add("trends breakdown: event property with dots, typed values, limit 3 and $other", {
    kind: "trends",
    ...r.long,
    interval: "month",
    breakdown: { property: PROP.tier, limit: 3 },
    series: [
      { event: P, label: "count" },
      { event: P, math: "sum", property: "price", label: "revenue" },
      { event: P, math: "unique_users", label: "buyers" },
    ],
  });
  add("trends breakdown: source on sign-ups (ties at the limit, case-sensitive values)", {
    kind: "trends",
    ...r.long,
    interval: "week",
    breakdown: { property: "source", limit: 4 },
    series: [
      { event: S, math: "unique_users", label: "users" },
      { event: S, label: "count" },
    ],
  });
  add("trends breakdown: source without a limit", {
    kind: "trends",
    ...r.spring,
    interval: "day",
    breakdown: { property: "source" },
    series: [{ event: S, label: "count" }],
  });
  add("trends breakdown: user property plan", {
    kind: "trends",
    ...r.spring,
    interval: "day",
    breakdown: { property: "plan", scope: "user" },
    series: [
      { event: PV, math: "unique_users", label: "users" },
      { event: PV, label: "views" },
    ],
  });
  add("trends breakdown: user property with quotes in its name, limit 2", {
    kind: "trends",
    ...r.long,
    interval: "month",
    breakdown: { property: PROP.quote, scope: "user", limit: 2 },
    series: [{ event: PV, math: "unique_users", label: "users" }],
  });
  add("trends breakdown: booleans, numbers and strings stay apart (gift)", {
    kind: "trends",
    ...r.long,
    interval: "month",
    breakdown: { property: "gift" },
    series: [
      { event: P, label: "count" },
      { event: P, math: "median", property: "price", label: "median" },
    ],
  });
  add("trends breakdown: by price (42 and \"42\" are two values), p90", {
    kind: "trends",
    ...r.long,
    interval: "month",
    breakdown: { property: "price", limit: 20 },
    series: [
      { event: P, label: "count" },
      { event: P, math: "p90", property: "price", label: "p90" },
    ],
  });
  add("trends breakdown: non-Latin property name, hourly across DST", {
    kind: "trends",
    ...r.springHours,
    interval: "hour",
    breakdown: { property: PROP.unicode },
    series: [{ event: PV, label: "views" }, { event: S, label: "signups" }],
  });
  add("trends breakdown: object and array values (meta)", {
    kind: "trends",
    ...r.long,
    interval: "month",
    breakdown: { property: "meta" },
    series: [{ event: P, label: "count" }],
  });
  add("trends breakdown: limit 1 (ties decided by the value's JSON text)", {
    kind: "trends",
    ...r.odd,
    interval: "day",
    breakdown: { property: "currency", limit: 1 },
    series: [{ event: P, math: "unique_users", label: "buyers" }],
  });
  add("trends breakdown: limit 2 on quantities (2 and \"2\")", {
    kind: "trends",
    ...r.spring,
    interval: "week",
    breakdown: { property: "qty", limit: 2 },
    series: [{ event: C, math: "unique_users", label: "users" }],
  });
  add("trends breakdown: by $country, totals and unique users", {
    kind: "trends",
    ...r.long,
    interval: "month",
    breakdown: { property: "$country" },
    series: [
      { event: PV, label: "views" },
      { event: PV, math: "unique_users", label: "visitors" },
    ],
  });
  add("trends breakdown: by $browser, limit 2 and $other, unique users and a median", {
    kind: "trends",
    ...r.long,
    interval: "week",
    breakdown: { property: "$browser", limit: 2 },
    series: [
      { event: P, math: "unique_users", label: "buyers" },
      { event: P, math: "median", property: "price", label: "median" },
    ],
  });
  add("trends breakdown: by $utm_source (case-sensitive values) with a built-in filter", {
    kind: "trends",
    ...r.spring,
    interval: "day",
    where: [ev("$device_type", "neq", "mobile")],
    breakdown: { property: "$utm_source", limit: 4 },
    series: [{ event: S, label: "signups" }, { event: PV, label: "views" }],
  });
  add("trends breakdown: by $pathname, hourly across DST", {
    kind: "trends",
    ...r.springHours,
    interval: "hour",
    breakdown: { property: "$pathname" },
    series: [{ event: PV, label: "views" }],
  });
  add("trends breakdown with filters", {
    kind: "trends",
    ...r.fall,
    interval: "day",
    where: [ev("price", "is_set")],
    breakdown: { property: "currency", limit: 2 },
    series: [{ event: P, label: "count", where: [ev("price", "gte", 0)] }],
  });

  // ---- funnels
  add("funnel: four steps, the generator's window (edges at exactly the window and 1 ms past)", {
    kind: "funnel",
    ...r.spring,
    windowSeconds: W,
    steps: steps(FUNNEL),
  });
  add("funnel: autumn, the generator's window", { kind: "funnel", ...r.fall, windowSeconds: W, steps: steps(FUNNEL) });
  add("funnel: a window 1 s shorter", { kind: "funnel", ...r.long, windowSeconds: W - 1, steps: steps(FUNNEL) });
  add("funnel: a long window", { kind: "funnel", ...r.long, windowSeconds: 86_400, steps: steps(FUNNEL) });
  add("funnel: a 1 minute window", { kind: "funnel", ...r.long, windowSeconds: 60, steps: steps([S, V, C]) });
  add("funnel: default window (14 days)", { kind: "funnel", ...r.spring, steps: steps([S, P]) });
  add("funnel: odd range (starts only inside; later steps after `to` count)", {
    kind: "funnel",
    ...r.odd,
    windowSeconds: W,
    steps: steps(FUNNEL),
  });
  add("funnel: repeated step events", { kind: "funnel", ...r.long, windowSeconds: 2 * 86_400, steps: steps([PV, PV, P]) });
  add("funnel: the same event twice in a row", { kind: "funnel", ...r.long, windowSeconds: W, steps: steps([S, S]) });
  add("funnel: step filters and a report filter", {
    kind: "funnel",
    ...r.long,
    windowSeconds: W,
    where: [ev(PROP.tier, "neq", "gold")],
    steps: [{ event: S }, { event: V, where: [ev("price", "gt", 0)] }, { event: P, where: [ev("currency", "eq", "EUR")] }],
  });
  add("funnel: user filter", {
    kind: "funnel",
    ...r.long,
    windowSeconds: W,
    where: [user("plan", "is_set")],
    steps: steps([S, V, C]),
  });
  add("funnel: user filter on a non-Latin name and event filter with quotes", {
    kind: "funnel",
    ...r.long,
    windowSeconds: 86_400,
    steps: [{ event: S, where: [user(PROP.unicode, "is_not_set")] }, { event: V, where: [ev(PROP.quote, "not_contains", "hi")] }, { event: C }],
  });
  add("funnel breakdown: event property of the chosen start (source)", {
    kind: "funnel",
    ...r.long,
    windowSeconds: W,
    breakdown: { property: "source" },
    steps: steps(FUNNEL),
  });
  add("funnel breakdown: typed values under a dotted name", {
    kind: "funnel",
    ...r.long,
    windowSeconds: 86_400,
    breakdown: { property: PROP.tier },
    steps: steps([S, V, P]),
  });
  add("funnel breakdown: user property", {
    kind: "funnel",
    ...r.spring,
    windowSeconds: W,
    breakdown: { property: "plan", scope: "user" },
    steps: steps([S, V, C]),
  });

  add("funnel: filtered by $browser", {
    kind: "funnel",
    ...r.long,
    windowSeconds: W,
    where: [ev("$browser", "eq", "Chrome")],
    steps: steps(FUNNEL),
  });
  add("funnel: built-in step filters", {
    kind: "funnel",
    ...r.long,
    windowSeconds: 86_400,
    steps: [{ event: S, where: [ev("$utm_source", "is_set")] }, { event: V, where: [ev("$country", "in", ["US", "GB", "NL"])] }, { event: P }],
  });
  add("funnel breakdown: by $country", {
    kind: "funnel",
    ...r.long,
    windowSeconds: W,
    breakdown: { property: "$country" },
    steps: steps(FUNNEL),
  });
  add("funnel breakdown: by $utm_source with a $device_type filter", {
    kind: "funnel",
    ...r.long,
    windowSeconds: 86_400,
    where: [ev("$device_type", "eq", "desktop")],
    breakdown: { property: "$utm_source" },
    steps: steps([S, V, P]),
  });

  // ---- retention
  add("retention: daily across the spring DST change", {
    kind: "retention",
    ...r.spring,
    startEvent: S,
    returnEvent: PV,
    interval: "day",
    periods: 8,
  });
  add("retention: daily across the autumn DST change, 11 periods", {
    kind: "retention",
    ...r.fall,
    startEvent: S,
    returnEvent: PV,
    interval: "day",
    periods: 11,
  });
  add("retention: weekly", { kind: "retention", ...r.long, startEvent: S, returnEvent: PV, interval: "week", periods: 5 });
  add("retention: start and return are the same event", { kind: "retention", ...r.spring, startEvent: S, returnEvent: S, interval: "day", periods: 4 });
  add("retention: odd range, return to purchase", { kind: "retention", ...r.odd, startEvent: PV, returnEvent: P, interval: "day", periods: 6 });
  add("retention: one period", { kind: "retention", ...r.long, startEvent: P, returnEvent: P, interval: "week", periods: 1 });
  add("retention: with filters", {
    kind: "retention",
    ...r.long,
    where: [user("plan", "neq", "free"), ev("path", "neq", "/docs")],
    startEvent: S,
    returnEvent: PV,
    interval: "day",
    periods: 7,
  });
  add("retention: filtered by $utm_source", {
    kind: "retention",
    ...r.long,
    where: [ev("$utm_source", "is_set")],
    startEvent: PV,
    returnEvent: PV,
    interval: "day",
    periods: 7,
  });
  add("retention: filtered by $country, weekly", {
    kind: "retention",
    ...r.long,
    where: [ev("$country", "eq", "US")],
    startEvent: S,
    returnEvent: PV,
    interval: "week",
    periods: 4,
  });
  add("retention: default interval and periods", { kind: "retention", ...r.fall, startEvent: PV, returnEvent: PV });

  // ---- paths
  add("paths: from each person's first event", { kind: "paths", ...r.spring, steps: 5 });
  add("paths: from a start event to an end event", { kind: "paths", ...r.long, startEvent: S, endEvent: P, steps: 6 });
  add("paths: from page views, 3 steps", { kind: "paths", ...r.fall, startEvent: PV, steps: 3 });
  add("paths: 8 steps with a user filter", { kind: "paths", ...r.long, where: [user("plan", "is_set")], steps: 8 });
  add("paths: 2 steps with an event filter", { kind: "paths", ...r.long, where: [ev("price", "is_not_set")], startEvent: V, steps: 2 });
  add("paths: odd range, start and end events", { kind: "paths", ...r.odd, startEvent: S, endEvent: C, steps: 4 });
  add("paths: default steps", { kind: "paths", ...r.odd });
  add("paths: filtered by $browser", { kind: "paths", ...r.long, where: [ev("$browser", "eq", "Chrome")], steps: 4 });
  add("paths: from page views with a path, by $pathname", { kind: "paths", ...r.spring, where: [ev("$pathname", "is_set")], startEvent: PV, steps: 3 });
  add("paths: with an event excluded", { kind: "paths", ...r.long, exclude: [V], steps: 4 });
  add("paths: identity and page events excluded, from a start event", { kind: "paths", ...r.spring, startEvent: S, exclude: ["$identify", PV], steps: 5 });
  add("paths: ending at an event, only the paths that reach it", { kind: "paths", ...r.spring, endEvent: C, steps: 5 });
  add("paths: by page path", { kind: "paths", ...r.long, mode: "pages", steps: 4 });
  add("paths: by page path, from / to /docs", { kind: "paths", ...r.long, mode: "pages", startEvent: "/", endEvent: "/docs", steps: 5 });
  add("paths: by page path, leaving out /pricing, Chrome only", { kind: "paths", ...r.spring, mode: "pages", exclude: ["/pricing"], where: [ev("$browser", "eq", "Chrome")], steps: 3 });
  return out;
}

// ---------------------------------------------------------------- hand-made cases
// Small projects (UTC) with one hard case each, for a precise answer when they differ.

interface HandMade {
  title: string;
  requests: Message[][];
  queries: NamedQuery[];
  scenario?: Scenario;
}

const T = Date.parse("2026-05-04T10:00:00.000Z"); // a Monday
const at = (ms: number) => new Date(ms).toISOString();
const WEEK = { from: "2026-05-04T00:00:00.000Z", to: "2026-05-11T00:00:00.000Z" };
const CHROME = USER_AGENTS.find((a) => a.is.$browser === "Chrome")!.ua;
const FIREFOX = USER_AGENTS.find((a) => a.is.$browser === "Firefox")!.ua;

const HAND_MADE: HandMade[] = [
  {
    title: "a repeated identify with other traits changes nothing",
    requests: [
      [{ event: "Visit", anonymousId: "a1", timestamp: at(T), messageId: "v1" }],
      [{ type: "identify", userId: "u1", anonymousId: "a1", traits: { plan: "pro" }, timestamp: at(T + 1), messageId: "i1" }],
      [{ type: "identify", userId: "u1", anonymousId: "a1", traits: { plan: "free" }, timestamp: at(T + 1), messageId: "i1" }],
    ],
    queries: [{ title: "plan is still pro", query: { kind: "trends", ...WEEK, series: [{ event: "Visit" }], where: [user("plan", "eq", "pro")] } }],
  },
  {
    title: "a repeated event with other properties and time changes nothing",
    requests: [
      [
        { event: "Buy", anonymousId: "a1", properties: { price: 10 }, timestamp: at(T), messageId: "b1" },
        { event: "Buy", anonymousId: "a1", properties: { price: 99 }, timestamp: at(T + 86_400_000), messageId: "b1" },
      ],
      [{ event: "Buy", anonymousId: "a1", properties: { price: 50 }, timestamp: at(T), messageId: "b1" }],
    ],
    queries: [{ title: "sum is 10", query: { kind: "trends", ...WEEK, series: [{ event: "Buy", math: "sum", property: "price" }] } }],
  },
  {
    title: "a new second user identifying on a shared device stays a person of their own",
    requests: [
      [{ event: "Visit", anonymousId: "device", timestamp: at(T), messageId: "s1" }],
      [{ type: "identify", userId: "alice", anonymousId: "device", traits: { name: "Alice" }, timestamp: at(T + 1), messageId: "s2" }],
      [{ type: "identify", userId: "bob", anonymousId: "device", traits: { name: "Bob" }, timestamp: at(T + 2), messageId: "s3" }],
      [{ event: "Visit", userId: "bob", timestamp: at(T + 3), messageId: "s4" }],
    ],
    queries: [
      { title: "two visitors", query: { kind: "trends", ...WEEK, series: [{ event: "Visit", math: "unique_users" }] } },
      { title: "alice keeps her name", query: { kind: "trends", ...WEEK, series: [{ event: "Visit" }], where: [user("name", "eq", "Alice")] } },
    ],
  },
  {
    title: "breakdown values that only a later series has are not lost",
    requests: [
      [
        { event: "View", anonymousId: "p1", timestamp: at(T), messageId: "l1" },
        { event: "Signup", anonymousId: "p1", properties: { src: "ads" }, timestamp: at(T), messageId: "l2" },
        { event: "Signup", anonymousId: "p2", timestamp: at(T), messageId: "l3" },
      ],
    ],
    queries: [
      {
        // Reference: values null (View 1, Signup 1) and "ads" (View 0, Signup 1); no event dropped.
        title: "views and signups by src",
        query: {
          kind: "trends",
          ...WEEK,
          series: [
            { event: "View", label: "views" },
            { event: "Signup", label: "signups" },
          ],
          breakdown: { property: "src" },
        },
      },
    ],
  },
  {
    title: "funnel ties: equal timestamps are ordered by arrival",
    requests: [
      [
        { event: "B", anonymousId: "p1", timestamp: at(T), messageId: "t1" },
        { event: "A", anonymousId: "p1", timestamp: at(T), messageId: "t2" }, // B arrived first: no conversion
        { event: "A", anonymousId: "p2", timestamp: at(T), messageId: "t3" },
        { event: "B", anonymousId: "p2", timestamp: at(T), messageId: "t4" }, // A first: converts in 0 s
      ],
    ],
    queries: [
      { title: "funnel", query: { kind: "funnel", ...WEEK, windowSeconds: 60, steps: [{ event: "A" }, { event: "B" }] } },
      { title: "paths", query: { kind: "paths", ...WEEK, steps: 2 } },
    ],
  },
  {
    title: "funnel window edge: exactly the window converts, 1 ms more does not",
    requests: [
      [
        { event: "A", anonymousId: "p1", timestamp: at(T), messageId: "w1" },
        { event: "B", anonymousId: "p1", timestamp: at(T + 60_000), messageId: "w2" },
        { event: "A", anonymousId: "p2", timestamp: at(T), messageId: "w3" },
        { event: "B", anonymousId: "p2", timestamp: at(T + 60_001), messageId: "w4" },
      ],
    ],
    queries: [{ title: "funnel", query: { kind: "funnel", ...WEEK, windowSeconds: 60, steps: [{ event: "A" }, { event: "B" }] } }],
  },
  {
    title: "property names are keys, not paths",
    requests: [
      [
        { event: "E", anonymousId: "p1", properties: { "a.b": "flat" }, timestamp: at(T), messageId: "d1" },
        { event: "E", anonymousId: "p2", properties: { a: { b: "nested" } }, timestamp: at(T), messageId: "d2" },
        { event: "E", anonymousId: "p3", properties: { 'say "hi"': "x", "ünïcødé 名前": "y", "it's": "z" }, timestamp: at(T), messageId: "d3" },
      ],
    ],
    queries: [
      ...[
        ["a.b", "flat"],
        ["a.b", "nested"],
        ['say "hi"', "x"],
        ["ünïcødé 名前", "y"],
        ["it's", "z"],
      ].map(([property, value]) => ({ title: `key ${property}`, query: { kind: "trends", ...WEEK, series: [{ event: "E" }], where: [ev(property, "eq", value)] } as RefQuery })),
      { title: "breakdown by a.b", query: { kind: "trends", ...WEEK, series: [{ event: "E", label: "e" }], breakdown: { property: "a.b" } } },
    ],
  },
  {
    // Unique users count a window's whole 15-minute slots from activity_slots
    // and its odd ends from the events: each person here has one event, at
    // an instant where a slip between the two would lose or add them.
    // PostgreSQL reads properties under 250 characters of JSON from an index
    // and the others from their rows (sqlDialect.ts, eventsWithProperties):
    // breakdowns, filters and maths must see both kinds.
    title: "events with long properties count like the others",
    requests: [
      [
        { event: "Note", anonymousId: "n1", properties: { kind: "short", size: 1 }, timestamp: at(T), messageId: "n1" },
        { event: "Note", anonymousId: "n2", properties: { kind: "long", size: 2, text: "x".repeat(300) }, timestamp: at(T + 60_000), messageId: "n2" },
        { event: "Note", anonymousId: "n3", properties: { kind: "long", size: 4, text: "é".repeat(240) }, timestamp: at(T + 86_400_000), messageId: "n3" },
        { event: "Note", anonymousId: "n4", properties: { kind: "edge", size: 8, text: "y".repeat(200) }, timestamp: at(T + 2 * 86_400_000), messageId: "n4" },
      ],
    ],
    queries: [
      { title: "breakdown by kind", query: { kind: "trends", ...WEEK, series: [{ event: "Note" }], breakdown: { property: "kind" } } },
      { title: "sum of size", query: { kind: "trends", ...WEEK, series: [{ event: "Note", math: "sum", property: "size" }] } },
      { title: "filter on kind", query: { kind: "trends", ...WEEK, series: [{ event: "Note", math: "unique_users" }], where: [ev("kind", "neq", "short")] } },
      { title: "filter on the long text", query: { kind: "trends", ...WEEK, series: [{ event: "Note" }], where: [ev("text", "contains", "xx")] } },
    ],
  },
  {
    // A built-in's name reads its column: a custom property of that name is
    // neither filtered on nor broken down by. With scope user it is the person's own.
    title: "a built-in property wins over a custom property of its name",
    requests: [
      [
        { event: "E", anonymousId: "p1", properties: { $browser: "Firefox" }, context: { userAgent: CHROME, ip: "8.8.8.8" }, timestamp: at(T), messageId: "c1" },
        { event: "E", anonymousId: "p2", properties: { $browser: "Firefox", $country: "FR" }, timestamp: at(T), messageId: "c2" },
        { event: "E", anonymousId: "p3", context: { userAgent: FIREFOX, ip: "10.0.0.1" }, timestamp: at(T + 1), messageId: "c3" },
      ],
      [{ type: "identify", userId: "u2", anonymousId: "p2", traits: { $country: "FR" }, timestamp: at(T + 2), messageId: "c4" }],
    ],
    queries: [
      { title: "$browser eq Firefox: only the user agent's", query: { kind: "trends", ...WEEK, series: [{ event: "E" }], where: [ev("$browser", "eq", "Firefox")] } },
      { title: "$country eq FR: no event's built-in", query: { kind: "trends", ...WEEK, series: [{ event: "E" }], where: [ev("$country", "eq", "FR")] } },
      { title: "user $country eq FR: the person's trait", query: { kind: "trends", ...WEEK, series: [{ event: "E" }], where: [user("$country", "eq", "FR")] } },
      { title: "breakdown by $browser", query: { kind: "trends", ...WEEK, series: [{ event: "E", label: "e" }], breakdown: { property: "$browser" } } },
      { title: "breakdown by $country", query: { kind: "trends", ...WEEK, series: [{ event: "E", label: "e" }], breakdown: { property: "$country" } } },
    ],
  },
  {
    title: "unique users at a range's odd ends and at slot boundaries",
    requests: [
      [
        { event: "Seen", anonymousId: "before-from", timestamp: at(T + 7 * 60_000), messageId: "o1" },
        { event: "Seen", anonymousId: "at-from", timestamp: at(T + 7 * 60_000 + 1), messageId: "o2" },
        { event: "Seen", anonymousId: "end-of-partial-slot", timestamp: at(T + 15 * 60_000 - 1), messageId: "o3" },
        { event: "Seen", anonymousId: "first-whole-slot", timestamp: at(T + 15 * 60_000), messageId: "o4" },
        { event: "Seen", anonymousId: "twice", timestamp: at(T + 8 * 60_000), messageId: "o5" },
        { event: "Seen", anonymousId: "twice", timestamp: at(T + 3_600_000), messageId: "o6" },
        { event: "Seen", anonymousId: "end-of-last-whole-slot", timestamp: at(T + 27 * 3_600_000 + 45 * 60_000 - 1), messageId: "o7" },
        { event: "Seen", anonymousId: "tail", timestamp: at(T + 27 * 3_600_000 + 45 * 60_000), messageId: "o8" },
        { event: "Seen", anonymousId: "before-to", timestamp: at(T + 27 * 3_600_000 + 52 * 60_000 - 1), messageId: "o9" },
        { event: "Seen", anonymousId: "at-to", timestamp: at(T + 27 * 3_600_000 + 52 * 60_000), messageId: "o10" },
      ],
    ],
    queries: (
      [
        ["hour", { from: at(T + 7 * 60_000 + 1), to: at(T + 27 * 3_600_000 + 52 * 60_000) }],
        ["day", { from: at(T + 7 * 60_000 + 1), to: at(T + 27 * 3_600_000 + 52 * 60_000) }],
        ["hour", { from: at(T + 7 * 60_000 + 1), to: at(T + 10 * 60_000) }], // inside one slot: no whole slot
        ["hour", { from: at(T + 15 * 60_000), to: at(T + 3_600_000) }], // whole slots only
      ] as const
    ).map(([interval, range]) => ({
      title: `${interval}s over ${range.from} to ${range.to}`,
      query: { kind: "trends", ...range, interval, series: [{ event: "Seen", math: "unique_users" }] } as RefQuery,
    })),
  },
];

/**
 * Every report of these small projects that can be split is split in two
 * shares (lib/query/parallel: on SQLite between the server's thread and its
 * helper thread, on PostgreSQL over two connections), as only big projects'
 * are by default: the reference then checks the split.
 */
const SPLIT_PERSON_REPORTS = { REPORT_THREADS: "2", REPORT_SPLIT_MIN_PERSONS: "2" };

/**
 * The suite's servers: split reports, and no background cohort recomputation
 * (a century between runs). The cohorts are computed at a fixed instant for
 * the reference; the timer would recompute them at the wall clock's now, where
 * they hold nobody, as soon as a server's first tick comes.
 */
const REPORT_SERVER_ENV = { ...SPLIT_PERSON_REPORTS, CRUMBTRAIL_COHORT_RECOMPUTE_MINUTES: "52560000" };

/**
 * Set by clickhouseReports.test.ts: the same reports, with the server's events
 * copied to ClickHouse (one node beside SQLite, two shards beside PostgreSQL),
 * and every report the ClickHouse dialect compiles must be answered by it.
 */
const ON_CLICKHOUSE = process.env.CRUMBTRAIL_REPORTS_ON_CLICKHOUSE === "1";
const CLICKHOUSE_SHARDS = databaseKind() === "postgres" ? 2 : 1;
/** 50 kB: per-person statements hold a few hundred events at most, so the seeded persons come in parts. */
const TINY_REPORT_MEMORY_MB = 0.05;
/** Why a part of the suite does not run again on ClickHouse: it reads the Prisma database only. */
const PRISMA_ONLY = ON_CLICKHOUSE && "reads the Prisma database only: run by reports.test.ts";

describe(`reports against the reference (${databaseKind()}${ON_CLICKHOUSE ? `, ClickHouse ${CLICKHOUSE_SHARDS === 1 ? "one node" : "two shards"}` : ""})`, () => {
  let server: TestServer;
  let owner: Account;
  let nodes: ClickHouseNodes | undefined;
  /** CLICKHOUSE_URL (and CLICKHOUSE_CLUSTER) on ClickHouse; nothing otherwise. */
  let clickHouseEnv: Record<string, string> = {};
  /** Reports answered by ClickHouse, and by the Prisma database, on ClickHouse. */
  const answeredBy = { clickhouse: 0, database: 0 };
  const mismatchDir = () => path.join(runDir(), "report-mismatches");

  async function createProject(name: string, zone: string): Promise<ProjectKeys> {
    // With CLICKHOUSE_URL, a new project's reports may read ClickHouse (docs/clickhouse.md).
    const result = await fixtureCli(server, ["project:create", "--owner", owner.email, "--name", name, "--timezone", zone, "--json"], clickHouseEnv);
    assert.equal(result.code, 0, `project:create failed: ${result.stderr}${result.stdout}`);
    return JSON.parse(result.stdout.trim().split("\n").at(-1)!) as ProjectKeys;
  }

  function query(projectId: string, body: unknown, headers: Record<string, string>, base = server.url): Promise<HttpAnswer> {
    return http(`${base}/api/projects/${encodeURIComponent(projectId)}/query`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  }

  const bearer = (project: ProjectKeys) => ({ Authorization: `Bearer ${project.secretKey}` });

  /**
   * lib/config reads the environment on first use: in-process checks point it
   * at the server's database, with the server's report settings, before they
   * import lib.
   */
  function useServerDatabase(): void {
    Object.assign(process.env, { DATABASE_URL: server.databaseUrl, DATA_DIR: server.dataDir, ...SPLIT_PERSON_REPORTS, ...clickHouseEnv });
  }

  /**
   * On ClickHouse: persons merged after ClickHouse holds both halves' events, so
   * the first scenario's map of merged persons has more pairs than the one
   * node's tiny budget carries inline, and its reports read it joined. The
   * scenario's own merges are not enough: how many of them ClickHouse sees
   * depends on whether the shipper copied the events before the merge (11 to 17
   * in past runs, against the 12 carried inline). The two requests, for the reference.
   */
  async function mergesAfterTheCopy(project: ProjectKeys, at: number): Promise<Message[][]> {
    const LATE = 20;
    const iso = (ms: number) => new Date(ms).toISOString();
    const apart: Message[] = [];
    for (let i = 0; i < LATE; i++) {
      apart.push({ type: "track", event: V, anonymousId: `late-anon-${i}`, properties: {}, timestamp: iso(at + i * 1_000), messageId: `late-a-${i}` });
      apart.push({ type: "track", event: V, userId: `late-user-${i}`, properties: {}, timestamp: iso(at + i * 1_000 + 500), messageId: `late-u-${i}` });
    }
    assert.equal((await track(server.url, { batch: apart }, { writeKey: project.writeKey })).status, 200);
    const copied = async () => (await ch<{ n: number }>(nodes!.url, `SELECT count() AS n FROM ${nodes!.cluster ? "events" : "events_local"} WHERE project_id = '${project.projectId}' AND startsWith(message_id, 'late-')`))[0]?.n;
    const deadline = Date.now() + 30_000;
    while (Number(await copied()) < apart.length) {
      assert.ok(Date.now() < deadline, "the late events reach ClickHouse within 30 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const merges: Message[] = Array.from({ length: LATE }, (_, i) => ({
      type: "identify",
      anonymousId: `late-anon-${i}`,
      userId: `late-user-${i}`,
      traits: {},
      timestamp: iso(at + 60_000 + i),
      messageId: `late-m-${i}`,
    }));
    assert.equal((await track(server.url, { batch: merges }, { writeKey: project.writeKey })).status, 200);
    return [apart, merges];
  }

  before(async () => {
    if (ON_CLICKHOUSE) {
      nodes = await startClickHouseNodes(CLICKHOUSE_SHARDS);
      clickHouseEnv = {
        CLICKHOUSE_URL: nodes.url,
        // Two shards read every person in one statement; one node reads them in parts of a
        // few hundred events (personsInParts), so both ways are held to the reference.
        ...(nodes.cluster ? { CLICKHOUSE_CLUSTER: nodes.cluster } : { CLICKHOUSE_REPORT_MEMORY_MB: String(TINY_REPORT_MEMORY_MB) }),
      };
    }
    server = await startServer({ label: ON_CLICKHOUSE ? "reports-clickhouse" : "reports", env: { ...REPORT_SERVER_ENV, ...clickHouseEnv } });
    if (nodes) await migrateNodes(server, nodes, clickHouseEnv);
    owner = await createUser(server);
    for (const s of SCENARIOS) {
      s.project = await createProject(`Reports ${s.name}`, s.zone);
      const { requests } = generate({
        seed: s.seed,
        persons: s.persons,
        anchors: s.anchors.map((a) => Date.parse(a)),
        edges: edgesOf(s),
        windowMs: s.windowSeconds * 1000,
        prefix: `${s.name}`,
        sharedDeviceNewUser: s.sharedDeviceNewUser,
      });
      // One request after the other: arrival order is the order sent.
      for (const batch of requests) {
        const answer = await track(server.url, { batch }, { writeKey: s.project.writeKey });
        assert.equal(answer.status, 200, `track answered ${answer.status}: ${answer.text.slice(0, 500)}`);
      }
      if (nodes && s === SCENARIOS[0]) requests.push(...(await mergesAfterTheCopy(s.project, Date.parse(s.anchors[0]))));
      s.world = replay(requests);
    }
    for (const c of HAND_MADE) {
      const project = await createProject(`Reports ${c.title}`, "UTC");
      for (const batch of c.requests) {
        const answer = await track(server.url, { batch }, { writeKey: project.writeKey });
        assert.equal(answer.status, 200, answer.text);
      }
      c.scenario = { ...SCENARIOS[0], name: c.title.split(" ").slice(0, 4).join("-"), zone: "UTC", project, world: replay(c.requests) };
    }
  });

  after(async () => {
    await server?.stop();
    await nodes?.stop();
  });

  /** The answer of the server at `base` (default: the suite's) to `q` equals the reference's, or the test fails showing both. */
  async function expectReference(s: Scenario, title: string, q: RefQuery, base = server.url): Promise<void> {
    const answer = await query(s.project!.projectId, q, bearer(s.project!), base);
    assert.equal(answer.status, 200, `${JSON.stringify(q)} answered ${answer.status}: ${answer.text.slice(0, 500)}`);
    if (ON_CLICKHOUSE) {
      // The reports ClickHouse compiles are its; the others (person properties, cohorts) the database's.
      const expectedStore = clickHouseCompiles(parseReport(q)) ? "clickhouse" : undefined;
      assert.equal(answer.body.store, expectedStore, `${JSON.stringify(q)}: answered by ${answer.body.store ?? "the database"}`);
      answeredBy[expectedStore ? "clickhouse" : "database"] += 1;
    }
    const expected = runReport(s.world!, q, s.zone);
    const found = reportDifferences(q, answer.body, expected);
    if (found.length) {
      fs.mkdirSync(mismatchDir(), { recursive: true });
      const file = path.join(mismatchDir(), `${s.name}-${title.replace(/[^a-z0-9]+/gi, "-").slice(0, 80)}.json`);
      fs.writeFileSync(file, JSON.stringify({ scenario: s.name, zone: s.zone, query: q, expected, actual: answer.body }, null, 2));
      assert.fail(
        `${s.name} (${s.zone}): the answer differs from the reference for\n${JSON.stringify(q)}\n` +
          `${found.slice(0, 30).join("\n")}${found.length > 30 ? `\n... and ${found.length - 30} more` : ""}\n(expected and actual: ${file})`,
      );
    }
  }

  for (const s of SCENARIOS) {
    describe(`${s.name} (${s.zone})`, () => {
      for (const { title, query: q } of queriesFor(s).filter((nq) => !s.only || s.only(nq.title))) {
        test(title, () => expectReference(s, title, q));
      }
    });
  }

  // The overview page's numbers (lib/query/overview.ts; no HTTP API of its own),
  // read from the server's database in this process, against the reference's events.
  describe("the overview", () => {
    let overview: typeof import("../../lib/query/overview").overview;
    let OVERVIEW_TIMEOUT_ADVICE: string;
    let reportContext: typeof import("../../lib/query/context").reportContext;
    let withinReportLimit: typeof import("../../lib/query/report").withinReportLimit;
    let closeConnections: () => Promise<void>;
    let shares: typeof import("../../lib/query/parallel/shares");
    before(async () => {
      useServerDatabase();
      ({ overview, OVERVIEW_TIMEOUT_ADVICE } = await import("../../lib/query/overview"));
      ({ reportContext } = await import("../../lib/query/context"));
      ({ withinReportLimit } = await import("../../lib/query/report"));
      ({ closeConnections } = await import("../../lib/db"));
      shares = await import("../../lib/query/parallel/shares");
    });
    after(async () => {
      await closeConnections?.();
    });

    for (const s of SCENARIOS) {
      test(`${s.name} (${s.zone}): buckets, totals and top events`, async () => {
        const cases: [keyof Ranges, RefInterval][] = [
          ["spring", "day"],
          ["springHours", "hour"],
          ["odd", "day"],
          ["long", "week"],
          ["months", "month"],
        ];
        for (const [range, interval] of cases) {
          const from = Date.parse(s.ranges[range].from);
          const to = Date.parse(s.ranges[range].to);
          const [splitsBefore, answeredBefore] = [shares.reportsSplit(), shares.helperSharesAnswered()];
          const actual = await overview(reportContext({ id: s.project!.projectId, timezone: s.zone }), { from, to, interval });
          if (ON_CLICKHOUSE) {
            // ClickHouse counts the series, totals and top events; nothing is split.
            assert.equal(actual.store, "clickhouse", `${range}: not counted by ClickHouse`);
          } else {
            // Every project here is big enough to split (REPORT_SPLIT_MIN_PERSONS=2): half of the statements ran elsewhere.
            assert.equal(shares.reportsSplit() - splitsBefore, 1, `${range}: not split`);
            if (databaseKind() === "sqlite") assert.equal(shares.helperSharesAnswered() - answeredBefore, 1, `${range}: the helper thread did not answer`);
          }
          const inRange = s.world!.events.filter((e) => e.ts >= from && e.ts < to);
          const starts = bucketStarts(from, to, interval, s.zone);
          const bucketOf = (ts: number) => starts.findLastIndex((start) => start <= ts);
          const expected = starts.map((t, i) => {
            const events = inRange.filter((e) => bucketOf(e.ts) === i);
            return { t, events: events.length, users: new Set(events.map((e) => e.person)).size };
          });
          const counts = new Map<string, number>();
          for (const e of inRange) counts.set(e.event, (counts.get(e.event) ?? 0) + 1);
          const top = [...counts]
            .map(([event, count]) => ({ event, count }))
            .sort((a, b) => b.count - a.count || (a.event < b.event ? -1 : a.event > b.event ? 1 : 0))
            .slice(0, 10);
          const label = `${range} by ${interval}`;
          assert.deepEqual(actual.series, expected, `${label}: series`);
          assert.deepEqual(actual.totals, { events: inRange.length, users: new Set(inRange.map((e) => e.person)).size }, `${label}: totals`);
          assert.deepEqual(actual.topEvents, top, `${label}: top events`);
        }
      });
    }

    test("past the report time limit the Overview stops with report_timeout, and answers again after", async () => {
      const s = SCENARIOS[0];
      const ctx = reportContext({ id: s.project!.projectId, timezone: s.zone });
      const range = { from: Date.parse(s.ranges.long.from), to: Date.parse(s.ranges.long.to), interval: "week" as const };
      await assert.rejects(
        withinReportLimit(ctx, async (limited) => {
          // The limit runs out while the page's first statements run.
          await new Promise((resolve) => setTimeout(resolve, 20));
          return overview(limited, range);
        }, { timeoutMs: 1, advice: OVERVIEW_TIMEOUT_ADVICE }),
        // The Overview's own advice: it has no steps or filters to suggest dropping.
        (error: { code?: string; status?: number; message?: string }) =>
          error.code === "report_timeout" && error.status === 503 && /shorter date range\.$/.test(error.message ?? "") && !/steps|filters/.test(error.message ?? ""),
      );
      const answer = await withinReportLimit(ctx, (limited) => overview(limited, range));
      assert.ok(answer.totals.events > 0);
    });
  });

  // The Overview page's tables (lib/query/breakdowns.ts): the top values of the
  // columns lifted out of context, and the active users, against a count of the
  // stored events. The scenarios above have no page context, so this project
  // gets visits with pages, referrers, campaigns, browsers and merges.
  describe("the Overview's tables", { skip: PRISMA_ONLY }, () => {
    test("each column's top values and the active users, split in two shares as counted from the stored rows", async () => {
      useServerDatabase();
      const { overviewTables, TOP_COLUMNS } = await import("../../lib/query/breakdowns");
      const { reportContext } = await import("../../lib/query/context");
      const { connections } = await import("../../lib/db");
      const shares = await import("../../lib/query/parallel/shares");
      const project = await createProject("Overview tables", "UTC");
      const HOUR = 3_600_000;
      const to = Date.parse("2026-06-30T00:00:00Z");
      const from = to - 30 * 24 * HOUR;
      const agents = [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
      ];
      const referrers = ["", "https://www.google.com/search?q=a", "https://news.ycombinator.com/", "https://shop.example/"];
      const sources = [null, "newsletter", "ads"];
      const batch: Record<string, unknown>[] = [];
      for (let p = 0; p < 14; p++) {
        for (let k = 0; k < 3 + (p % 5); k++) {
          // Some visits before the range, the last day's and week's at their edges.
          const ts = to - (p * 53 + k * 17) * HOUR + (p === 0 && k === 0 ? -1 : 0);
          const path = `/${["", "pricing", "docs", "blog/a", "blog/b", "blog/c", "about", "jobs", "cart", "p/1"][(p * 3 + k) % 10]}`;
          const source = sources[(p + k) % 3];
          batch.push({
            type: k % 4 === 3 ? "track" : "page",
            event: k % 4 === 3 ? "Signed Up" : undefined,
            anonymousId: `visitor-${p}`,
            messageId: `tables-${p}-${k}`,
            timestamp: new Date(ts).toISOString(),
            context: {
              page: { url: `https://shop.example${path}${source ? `?utm_source=${source}` : ""}`, path, referrer: referrers[(p + 2 * k) % 4] },
              userAgent: agents[(p * k) % 3],
              ip: ["8.8.8.8", "81.2.69.142", "185.60.216.35"][p % 3],
            },
          });
        }
      }
      // Two visitors become one person: their events count once among the users.
      batch.push({ type: "identify", anonymousId: "visitor-1", userId: "user-a", messageId: "tables-id-1", timestamp: new Date(to - 5 * HOUR).toISOString() });
      batch.push({ type: "identify", anonymousId: "visitor-2", userId: "user-a", messageId: "tables-id-2", timestamp: new Date(to - 4 * HOUR).toISOString() });
      for (const message of batch) {
        const answer = await track(server.url, message, { writeKey: project.writeKey });
        assert.equal(answer.status, 200, answer.text);
      }

      type Stored = { person_id: number; event: string; ts: number } & Record<string, unknown>;
      const stored = (await connections()
        .db.selectFrom("events")
        .selectAll()
        .where("project_id", "=", project.projectId)
        .execute()) as unknown as Stored[];
      const inRange = stored.filter((e) => Number(e.ts) >= from && Number(e.ts) < to);
      const tops = Object.fromEntries(
        Object.entries(TOP_COLUMNS).map(([name, spec]) => {
          const groups = new Map<string, { events: number; persons: Set<number> }>();
          for (const e of inRange) {
            const value = e[spec.column];
            if (value === null || value === undefined || e.event !== "$pageview") continue;
            const group = groups.get(String(value)) ?? { events: 0, persons: new Set<number>() };
            group.events += 1;
            group.persons.add(Number(e.person_id));
            groups.set(String(value), group);
          }
          const rows = [...groups].map(([value, g]) => ({ value, events: g.events, users: g.persons.size }));
          rows.sort((a, b) => b.users - a.users || b.events - a.events || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
          return [name, rows.slice(0, 8)];
        }),
      );
      // The active windows are the 24h, 7d and 30d ranges' own: hour- and day-aligned, today included.
      const activeSince = (start: number) => new Set(stored.filter((e) => Number(e.ts) >= start && Number(e.ts) < to).map((e) => Number(e.person_id))).size;
      const windows = { day: resolveRange("24h", "UTC", to - 1).from, week: resolveRange("7d", "UTC", to - 1).from, month: resolveRange("30d", "UTC", to - 1).from };
      const expected = { tops, active: { dau: activeSince(windows.day), wau: activeSince(windows.week), mau: activeSince(windows.month) } };
      // Not a vacuous comparison: every table has rows, one is cut at 8, and the merge took.
      for (const [name, rows] of Object.entries(tops)) assert.ok(rows.length > 0, `no ${name} in the stored events`);
      assert.equal(tops.path.length, 8);
      assert.ok(expected.active.dau > 0 && expected.active.dau < expected.active.wau && expected.active.wau < expected.active.mau);
      assert.equal(new Set(stored.map((e) => Number(e.person_id))).size, 13);

      const ctx = reportContext({ id: project.projectId, timezone: "UTC" });
      const [splitsBefore, answeredBefore] = [shares.reportsSplit(), shares.helperSharesAnswered()];
      assert.deepEqual(await overviewTables(ctx, from, to), expected);
      assert.equal(shares.reportsSplit() - splitsBefore, 1, "the tables were not split");
      if (databaseKind() === "sqlite") assert.equal(shares.helperSharesAnswered() - answeredBefore, 1, "the helper thread did not answer");
      assert.deepEqual(await overviewTables({ ...ctx, personRange: { from: 0, to: Number.MAX_SAFE_INTEGER } }, from, to), expected);

      // Each row opens a trend of page views (unique users) filtered by its
      // built-in property (components/projects/overviewLinks.ts): that report's
      // total is the row's number.
      const { runReport } = await import("../../lib/query/report");
      for (const [name, spec] of Object.entries(TOP_COLUMNS)) {
        for (const row of (tops as Record<string, { value: string; users: number }[]>)[name].slice(0, 2)) {
          const answer = (await runReport(ctx, {
            kind: "trends",
            from: new Date(from).toISOString(),
            to: new Date(to).toISOString(),
            interval: "day",
            series: [{ event: "$pageview", math: "unique_users" }],
            where: [{ property: spec.property, op: "eq", value: row.value }],
          })) as { series: { total: number }[] };
          assert.equal(answer.series[0].total, row.users, `${name} ${row.value}: the report differs from the Overview`);
        }
      }
    });
  });

  // The split itself, in this process: the helper thread really answers its
  // share, the answer is the one thread's answer, and a cancel reaches it.
  // SQLite: the server's thread and the helper thread; PostgreSQL: two connections at once.
  describe("reports split in two shares", { skip: PRISMA_ONLY }, () => {
    const sqliteOnly = { skip: databaseKind() !== "sqlite" && "the helper thread is SQLite's" };
    let lib: {
      runReport: typeof import("../../lib/query/report").runReport;
      reportContext: typeof import("../../lib/query/context").reportContext;
      shares: typeof import("../../lib/query/parallel/shares");
      ReportHelper: typeof import("../../lib/query/parallel/helper").ReportHelper;
      closeConnections: () => Promise<void>;
    };
    before(async () => {
      useServerDatabase();
      lib = {
        runReport: (await import("../../lib/query/report")).runReport,
        reportContext: (await import("../../lib/query/context")).reportContext,
        shares: await import("../../lib/query/parallel/shares"),
        ReportHelper: (await import("../../lib/query/parallel/helper")).ReportHelper,
        closeConnections: (await import("../../lib/db")).closeConnections,
      };
    });
    after(async () => {
      await lib?.shares.closeReportHelper();
      await lib?.closeConnections();
    });

    test("every report: the same answer as unsplit, each share answered", async () => {
      // Trends split only the statements that read rows, several per report.
      let trendsSplits = 0;
      const sqlite = databaseKind() === "sqlite";
      for (const s of SCENARIOS) {
        const ctx = lib.reportContext({ id: s.project!.projectId, timezone: s.zone });
        for (const { title, query: q } of queriesFor(s)) {
          const [answered, splitsBefore] = [lib.shares.helperSharesAnswered(), lib.shares.reportsSplit()];
          const split = await lib.runReport(ctx, q);
          const [shares, splits] = [lib.shares.helperSharesAnswered() - answered, lib.shares.reportsSplit() - splitsBefore];
          // PostgreSQL keeps whole the funnels that read event rows (lib/query/funnel.ts).
          const whole = !sqlite && q.kind === "funnel" && Boolean(q.breakdown || q.where?.length || q.steps.some((step) => step.where?.length));
          if (q.kind === "trends") trendsSplits += splits;
          else {
            assert.equal(splits, whole ? 0 : 1, `${s.name}, ${title}: split ${splits} times`);
            if (sqlite) assert.equal(shares, 1, `${s.name}, ${title}: the helper thread answered ${shares} shares, not 1`);
          }
          const oneThread = await lib.runReport({ ...ctx, personRange: { from: 0, to: Number.MAX_SAFE_INTEGER } }, q);
          // Sums added up from two shares may differ in the last bits: compared as the reference is.
          assert.deepEqual(reportDifferences(q, split, oneThread), [], `${s.name}, ${title}`);
        }
      }
      assert.ok(trendsSplits > 0, "no trends statement was split");
    });

    test("trends that read no property: unique users per bucket and over the range at once, a total's windows in halves at once", async () => {
      const s = SCENARIOS[1];
      const ctx = lib.reportContext({ id: s.project!.projectId, timezone: s.zone });
      const { title, query: q } = queriesFor(s).find((nq) => nq.title.startsWith("trends: daily across the autumn"))!;
      const [answered, splitsBefore] = [lib.shares.helperSharesAnswered(), lib.shares.reportsSplit()];
      const answer = JSON.parse(JSON.stringify(await lib.runReport(ctx, q))) as unknown;
      assert.deepEqual(reportDifferences(q, answer, runReport(s.world!, q, s.zone)), [], title);
      // A unique-users series (its per-bucket and whole-range statements side by
      // side) and a total series (the first and second half of its buckets).
      assert.equal(lib.shares.reportsSplit() - splitsBefore, 2);
      if (databaseKind() === "sqlite") assert.equal(lib.shares.helperSharesAnswered() - answered, 2, "the helper thread did not take its statements");
    });

    test("a helper thread that cannot start: its share runs on this thread, with the same answer", sqliteOnly, async () => {
      const s = SCENARIOS[1];
      const ctx = lib.reportContext({ id: s.project!.projectId, timezone: s.zone });
      const broken = new lib.ReportHelper(new URL(server.databaseUrl).pathname, path.join(runDir(), "no-such-helper.mjs"));
      const errors: string[] = [];
      const logError = console.error;
      console.error = (...args: unknown[]) => void errors.push(args.join(" "));
      try {
        await lib.shares.replaceReportHelper(broken);
        const uniqueUsers = queriesFor(s).find((nq) => nq.title.startsWith("trends: daily across the autumn"))!;
        for (const { title, query: q } of [...queriesFor(s).filter((nq) => nq.query.kind !== "trends").slice(0, 6), uniqueUsers]) {
          const answer = JSON.parse(JSON.stringify(await lib.runReport(ctx, q))) as unknown;
          assert.deepEqual(reportDifferences(q, answer, runReport(s.world!, q, s.zone)), [], title);
        }
      } finally {
        console.error = logError;
        await lib.shares.replaceReportHelper(undefined);
      }
      assert.ok(errors.some((line) => /report helper thread failed/.test(line)), "the fallback was not logged");
    });

    test("a cancelled funnel stops, and the next one is answered", async () => {
      const s = SCENARIOS[0];
      const ctx = lib.reportContext({ id: s.project!.projectId, timezone: s.zone });
      const q = queriesFor(s).find((nq) => nq.query.kind === "funnel")!.query;
      const cancelled = new AbortController();
      cancelled.abort();
      await assert.rejects(lib.runReport({ ...ctx, signal: cancelled.signal }, q), (error: { code?: string }) => error.code === "report_cancelled");
      const splits = lib.shares.reportsSplit();
      const answer = JSON.parse(JSON.stringify(await lib.runReport(ctx, q))) as unknown;
      assert.deepEqual(reportDifferences(q, answer, runReport(s.world!, q, s.zone)), []);
      assert.equal(lib.shares.reportsSplit(), splits + 1);
    });
  });

  // SQLite's (project, event, ts, person) index carries each event's properties
  // and the most used lifted columns, and its (project, ts, person) index the
  // Overview's lifted columns (prisma/sqlite/migrations/20261202170000_...,
  // 20261205060000_... and 20261202180000_...):
  // breakdowns, property filters, property maths and the Overview's tables read
  // no event row. A migration generated from models.prisma would silently drop
  // those columns again; this catches it.
  describe("SQLite reads event properties and lifted columns from the indexes", { skip: PRISMA_ONLY || (databaseKind() !== "sqlite" && "indexes of SQLite's") }, () => {
    test("every statement of a breakdown, of filtered maths and of the Overview's tables searches events by a covering index", async () => {
      useServerDatabase();
      const { reportContext } = await import("../../lib/query/context");
      const { runReport: run } = await import("../../lib/query/report");
      const { openSqliteHotTables } = await import("../../lib/db/sqlite");
      const { Kysely, SqliteDialect } = await import("kysely");
      const { sqlite } = openSqliteHotTables(new URL(server.databaseUrl).pathname);
      const statements: { sql: string; parameters: readonly unknown[] }[] = [];
      const db = new Kysely<HotTables>({
        dialect: new SqliteDialect({ database: sqlite }),
        log: (event) => void (event.level === "query" && statements.push(event.query)),
      });
      try {
        const s = SCENARIOS[0];
        const titles = [
          "trends breakdown: event property with dots",
          "trends: every math over ",
          "trends: event filter ",
          // Built-in properties ($country, $browser) read the index's lifted columns (20261205060000).
          "trends breakdown: by $country",
          "trends: built-in filter ",
        ];
        // One thread: the helper's statements would not pass through this connection.
        const ctx: ReportContext = { ...reportContext({ id: s.project!.projectId, timezone: s.zone }), db, sqlite, personRange: { from: 0, to: Number.MAX_SAFE_INTEGER } };
        for (const title of titles) {
          const found = queriesFor(s).find((nq) => nq.title.startsWith(title));
          assert.ok(found, `no query titled ${title}`);
          await run(ctx, found.query);
        }
        const { overviewTables } = await import("../../lib/query/breakdowns");
        await overviewTables(ctx, Date.parse(s.ranges.long.from), Date.parse(s.ranges.long.to));
        const searches = statements.flatMap((st) =>
          (sqlite.prepare(`EXPLAIN QUERY PLAN ${st.sql}`).all(...st.parameters) as { detail: string }[]).map((row) => row.detail).filter((d) => /^SEARCH e\b/.test(d)),
        );
        assert.ok(searches.length >= titles.length + 9, `only ${searches.length} searches of events`);
        for (const search of searches) assert.match(search, /COVERING INDEX events_project_id_(event_ts_person_id|ts_person_id)_idx/);
      } finally {
        await db.destroy();
      }
    });
  });

  describe("PostgreSQL reads event properties from its partial indexes", { skip: PRISMA_ONLY || (databaseKind() !== "postgres" && "indexes of PostgreSQL's") }, () => {
    test("a breakdown's statement can read the partial index of small properties: its condition is spelled as in the migration", async () => {
      useServerDatabase();
      const { reportContext } = await import("../../lib/query/context");
      const { runReport: run } = await import("../../lib/query/report");
      const { Kysely, PostgresDialect } = await import("kysely");
      const pg = await import("pg");
      const pool = new pg.default.Pool({ connectionString: server.databaseUrl, max: 2 });
      const statements: { sql: string; parameters: readonly unknown[] }[] = [];
      const db = new Kysely<HotTables>({ dialect: new PostgresDialect({ pool }), log: (event) => void (event.level === "query" && statements.push(event.query)) });
      try {
        const s = SCENARIOS[0];
        const found = queriesFor(s).find((nq) => nq.title.startsWith("trends breakdown: event property with dots"));
        assert.ok(found, "no breakdown query");
        const ctx: ReportContext = { ...reportContext({ id: s.project!.projectId, timezone: s.zone }), db };
        await run(ctx, found.query);
        const breakdowns = statements.filter((st) => /width_bucket/.test(st.sql));
        assert.ok(breakdowns.length > 0, "no breakdown statement");
        const client = await pool.connect();
        try {
          // The test's tables are small enough for a sequential scan: forbid it, so
          // the plan shows whether the partial indexes can serve the statement at all.
          await client.query("SET enable_seqscan = off");
          for (const st of breakdowns) {
            const plan = (await client.query(`EXPLAIN ${st.sql}`, [...st.parameters])).rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n");
            // An index scan says "using", a bitmap index scan "on". The arm of
            // large properties may take any index that bounds it (on these few
            // rows the planner may prefer the narrow one and filter); at scale
            // it takes its own (bench/RESULTS.md). Neither arm scans the table.
            assert.match(plan, /(using|on) events_small_properties_idx/, plan);
            assert.doesNotMatch(plan, /Seq Scan/, plan);
          }
        } finally {
          client.release();
        }
      } finally {
        await db.destroy();
      }
    });
  });

  test("the server split its reports: its helper thread started and never failed", { skip: PRISMA_ONLY || (databaseKind() !== "sqlite" && "SQLite only") }, () => {
    assert.match(server.output(), /report helper thread started/);
    assert.doesNotMatch(server.output(), /report helper thread failed/);
  });

  test("every scenario's activity slots are exactly those of its events", { skip: PRISMA_ONLY }, async () => {
    await assertSlotsMatchEvents(server, { nonEmpty: true });
  });

  // Cohort filters and breakdowns (API.md 5) in every report kind, against the
  // reference: the cohorts are computed at a fixed instant, the reference's
  // membership is computed by brute force at that instant, and every report
  // reads the stored computation. On ClickHouse a cohort filter travels as its
  // members' distinct ids (lib/query/personFilterIds.ts); a breakdown by cohorts
  // is the database's.
  describe("cohorts in reports", () => {
    const s = SCENARIOS[0];
    const AS_OF = "2026-03-30T00:00:00.000Z";
    const ids = { buyers: "", pro: "", listed: "" };
    const names = { buyers: "Recent buyers", pro: "Pro plan", listed: "Hand-picked" };
    /** Each cohort's computedAt as its computation answered (a static list's is when it was last changed, not AS_OF). */
    const computedAt = new Map<string, string>();
    const cohortsUrl = (project: ProjectKeys, rest = "") => `${server.url}/api/projects/${encodeURIComponent(project.projectId)}/cohorts${rest}`;
    const post = (project: ProjectKeys, rest: string, body: unknown) =>
      http(cohortsUrl(project, rest), { method: "POST", headers: { "Content-Type": "application/json", ...bearer(project) }, body: JSON.stringify(body) });

    /** Creates a cohort and computes it at AS_OF (a static list is the same at every instant: no asOf); the id. */
    async function cohortAtAsOf(project: ProjectKeys, body: { kind: "dynamic" | "static" } & Record<string, unknown>): Promise<string> {
      const created = await post(project, "", body);
      assert.equal(created.status, 201, created.text);
      const id = created.body.cohort.id as string;
      const computed = await post(project, `/${id}/compute`, body.kind === "static" ? {} : { asOf: AS_OF });
      assert.equal(computed.status, 200, computed.text);
      computedAt.set(id, computed.body.computedAt as string);
      return id;
    }

    before(async () => {
      const world = s.world!;
      const buyers: RefGroup = { all: [{ type: "performed", event: P, withinDays: 7 }] };
      const pro: RefGroup = { any: [{ type: "property", property: "plan", op: "eq", value: "pro" }, { type: "property", property: "plan", op: "eq", value: "Pro" }] };
      const listedIds = [...world.personOf.keys()].sort().filter((_, i) => i % 3 === 0);
      ids.buyers = await cohortAtAsOf(s.project!, { name: names.buyers, kind: "dynamic", match: buyers });
      ids.pro = await cohortAtAsOf(s.project!, { name: names.pro, kind: "dynamic", match: pro });
      ids.listed = await cohortAtAsOf(s.project!, { name: names.listed, kind: "static", distinctIds: listedIds });
      world.cohortMembers = new Map([
        [ids.buyers, cohortMembers(world, buyers, Date.parse(AS_OF))],
        [ids.pro, cohortMembers(world, pro, Date.parse(AS_OF))],
        [ids.listed, new Set(listedIds.map((id) => world.personOf.get(id)!))],
      ]);
      // Worth comparing: no cohort empty or everyone, and they overlap.
      const everyone = world.personProperties.size;
      for (const [id, members] of world.cohortMembers) assert.ok(members.size > 0 && members.size < everyone, `cohort ${id}: ${members.size} of ${everyone}`);
      const both = [...world.cohortMembers.get(ids.buyers)!].filter((p) => world.cohortMembers!.get(ids.listed)!.has(p));
      assert.ok(both.length > 0, "a person in two cohorts");
    });

    const queries = (): NamedQuery[] => {
      const r = s.ranges;
      const steps = (events: string[]) => events.map((event) => ({ event }));
      const all = [ids.buyers, ids.pro, ids.listed];
      return [
        { title: "trends filtered to a cohort, daily", query: { kind: "trends", ...r.spring, interval: "day", where: [{ cohort: ids.buyers }], series: [{ event: V }, { event: V, math: "unique_users" }] } },
        { title: "trends hourly around the DST change, not in a cohort", query: { kind: "trends", ...r.springHours, interval: "hour", where: [{ cohort: ids.listed, negate: true }], series: [{ event: V, math: "unique_users" }, { event: PV }] } },
        {
          title: "trends: a cohort and a property filter, a series' own cohort filter",
          query: {
            kind: "trends",
            ...r.odd,
            interval: "day",
            where: [{ cohort: ids.pro, negate: true }, { property: "plan", scope: "user", op: "is_set" }],
            series: [{ event: P, math: "sum", property: "price" }, { event: V, math: "unique_users", where: [{ cohort: ids.buyers }] }],
          },
        },
        { title: "trends by cohorts: totals and unique users", query: { kind: "trends", ...r.spring, interval: "day", breakdown: { cohorts: all }, series: [{ event: V }, { event: P, math: "unique_users" }] } },
        { title: "trends by cohorts: median and average, weekly, filtered", query: { kind: "trends", ...r.long, interval: "week", where: [{ cohort: ids.pro, negate: true }], breakdown: { cohorts: [ids.listed, ids.buyers] }, series: [{ event: P, math: "median", property: "price" }, { event: P, math: "avg", property: "price" }] } },
        { title: "funnel filtered out of a cohort, by cohorts", query: { kind: "funnel", ...r.spring, steps: steps(FUNNEL), windowSeconds: s.windowSeconds, where: [{ cohort: ids.pro, negate: true }], breakdown: { cohorts: [ids.buyers, ids.listed] } } },
        { title: "funnel with a cohort filter on one step", query: { kind: "funnel", ...r.spring, steps: [{ event: S }, { event: V, where: [{ cohort: ids.listed }] }, { event: P }], windowSeconds: s.windowSeconds } },
        { title: "retention of a cohort, daily", query: { kind: "retention", ...r.spring, startEvent: S, returnEvent: V, interval: "day", periods: 7, where: [{ cohort: ids.buyers }] } },
        { title: "retention by cohorts, weekly", query: { kind: "retention", ...r.long, startEvent: V, returnEvent: P, interval: "week", periods: 4, breakdown: { cohorts: all } } },
        { title: "paths of a cohort", query: { kind: "paths", ...r.spring, steps: 4, maxEventsPerStep: 50, where: [{ cohort: ids.listed }] } },
        { title: "paths from a start event, not in a cohort", query: { kind: "paths", ...r.spring, startEvent: V, steps: 3, maxEventsPerStep: 50, where: [{ cohort: ids.buyers, negate: true }] } },
      ];
    };

    test("every report kind equals the reference with cohort filters and breakdowns", async () => {
      for (const { title, query: q } of queries()) await expectReference(s, `cohorts ${title}`, q);
    });

    // A trends series filtered to a cohort reads its events either from the
    // members (each one's events) or from the range (each event tested),
    // chosen per statement from estimates (lib/query/membersFirst.ts): both
    // reads, pinned, answer exactly.
    for (const read of ["members", "range"] as const) {
      test(`trends filtered to cohorts equal the reference, read from the ${read} (REPORT_COHORT_READ)`, { skip: PRISMA_ONLY }, async () => {
        const pinned = await startServer({ label: `reports-${read}`, database: server, env: { ...REPORT_SERVER_ENV, REPORT_COHORT_READ: read } });
        try {
          for (const { title, query: q } of queries().filter((nq) => nq.query.kind === "trends")) await expectReference(s, `cohorts ${read} ${title}`, q, pinned.url);
        } finally {
          await pinned.stop();
        }
      });
    }

    test("an answer names the computation each cohort it used came from", async () => {
      const answer = await query(s.project!.projectId, { kind: "trends", ...s.ranges.spring, where: [{ cohort: ids.listed }], breakdown: { cohorts: [ids.buyers] }, series: [{ event: V }] }, bearer(s.project!));
      assert.equal(answer.status, 200, answer.text);
      const members = s.world!.cohortMembers!;
      assert.deepEqual(answer.body.cohortsUsed, [
        { id: ids.listed, name: names.listed, computedAt: computedAt.get(ids.listed), count: members.get(ids.listed)!.size },
        { id: ids.buyers, name: names.buyers, computedAt: AS_OF, count: members.get(ids.buyers)!.size },
      ]);
      const plain = await query(s.project!.projectId, { kind: "trends", ...s.ranges.spring, series: [{ event: V }] }, bearer(s.project!));
      assert.equal(plain.body.cohortsUsed, undefined, "no cohort, no cohortsUsed");
    });

    test("the users list filters by cohort", { skip: PRISMA_ONLY }, async () => {
      const world = s.world!;
      const members = world.cohortMembers!.get(ids.buyers)!;
      const expected = {
        in: memberIdSets(world, members),
        out: memberIdSets(world, new Set([...world.personProperties.keys()].filter((p) => !members.has(p)))),
      };
      for (const [which, negate] of [["in", false], ["out", true]] as const) {
        const where = encodeURIComponent(JSON.stringify([{ cohort: ids.buyers, negate }]));
        const answer = await http(`${server.url}/api/projects/${s.project!.projectId}/users?limit=500&where=${where}`, { headers: bearer(s.project!) });
        assert.equal(answer.status, 200, answer.text);
        const found = (answer.body.users as { distinctIds: string[] }[]).map((u) => [...u.distinctIds].sort().join(" ")).sort();
        assert.deepEqual(found, expected[which], which);
      }
    });

    test("an unknown cohort or another project's is a 400 unknown_cohort, and bad cohort input a 400", { skip: PRISMA_ONLY }, async () => {
      const other = SCENARIOS[1].project!;
      const theirs = await cohortAtAsOf(other, { name: "Theirs", kind: "static", distinctIds: [] });
      const cases: [string, unknown, string][] = [
        ["unknown filter", { kind: "trends", ...s.ranges.spring, where: [{ cohort: "no-such-cohort" }], series: [{ event: V }] }, "unknown_cohort"],
        ["another project's filter", { kind: "funnel", ...s.ranges.spring, steps: [{ event: S }, { event: V, where: [{ cohort: theirs, negate: true }] }] }, "unknown_cohort"],
        ["another project's breakdown", { kind: "retention", ...s.ranges.spring, startEvent: S, returnEvent: V, breakdown: { cohorts: [ids.buyers, theirs] } }, "unknown_cohort"],
        ["a cohort listed twice", { kind: "trends", ...s.ranges.spring, breakdown: { cohorts: [ids.pro, ids.pro] }, series: [{ event: V }] }, "invalid_query"],
        ["negate not a boolean", { kind: "paths", ...s.ranges.spring, where: [{ cohort: ids.pro, negate: "yes" }] }, "invalid_query"],
        ["a cohort filter with a property", { kind: "trends", ...s.ranges.spring, where: [{ cohort: ids.pro, property: "plan", op: "is_set" }], series: [{ event: V }] }, "invalid_query"],
        ["an empty breakdown", { kind: "funnel", ...s.ranges.spring, steps: [{ event: S }, { event: V }], breakdown: { cohorts: [] } }, "invalid_query"],
      ];
      for (const [what, body, code] of cases) {
        const answer = await query(s.project!.projectId, body, bearer(s.project!));
        assert.equal(answer.status, 400, `${what}: ${answer.status} ${answer.text}`);
        assert.equal(answer.body.error.code, code, what);
        assert.ok(answer.body.error.message.length > 10, what);
      }
      const users = await http(`${server.url}/api/projects/${s.project!.projectId}/users?where=${encodeURIComponent(JSON.stringify([{ cohort: theirs }]))}`, { headers: bearer(s.project!) });
      assert.equal(users.status, 400, users.text);
      assert.equal(users.body.error.code, "unknown_cohort");
    });
  });

  describe("the hand-made cases", () => {
    for (const c of HAND_MADE) {
      test(c.title, async () => {
        for (const { title, query: q } of c.queries) await expectReference(c.scenario!, title, q);
      });
    }
  });

  // The catalog the pickers read: the built-ins listed with their labels, and
  // their top values counted from the columns, against the reference's built-ins.
  describe("built-in properties in the catalog", { skip: PRISMA_ONLY }, () => {
    test("GET /properties lists every built-in once, and its top values come from its column", async () => {
      const project = await createProject("Catalog built-ins", "UTC");
      const HOUR = 3_600_000;
      const now = Date.now();
      const requests: Message[][] = [[]];
      for (let k = 0; k < 24; k++) {
        requests[0].push({
          event: k % 3 ? "Viewed" : "Bought",
          anonymousId: `catalog-${k % 7}`,
          // A custom property named like a built-in, and a custom property of its own.
          properties: { plan: k % 2 ? "pro" : "free", ...(k % 4 === 0 ? { $browser: "Custom", $country: "FR" } : {}) },
          context: {
            ...(k % 5 ? { userAgent: USER_AGENTS[k % USER_AGENTS.length].ua } : {}),
            ip: IPS[k % IPS.length].ip,
            page: { url: `https://shop.example/p/${k % 3}?utm_source=${["ads", "Ads", "mail"][k % 3]}` },
          },
          // Within the last 30 days, which top values count; one older event, which they do not.
          timestamp: new Date(k === 23 ? now - 40 * 24 * HOUR : now - (k + 1) * HOUR).toISOString(),
          messageId: `catalog-${k}`,
        });
      }
      for (const batch of requests) {
        const answer = await track(server.url, { batch }, { writeKey: project.writeKey });
        assert.equal(answer.status, 200, answer.text);
      }
      const world = replay(requests);
      const url = (search = "") => `${server.url}/api/projects/${encodeURIComponent(project.projectId)}/properties${search}`;

      const catalog = await http(url(), { headers: bearer(project) });
      assert.equal(catalog.status, 200, catalog.text);
      type Entry = { name: string; type: string; count: number; builtin?: boolean; label?: string };
      const entries = catalog.body.eventProperties as Entry[];
      const builtins = entries.filter((p) => p.builtin === true);
      assert.deepEqual(builtins.map((p) => p.name).sort(), [...BUILTIN_NAMES].sort());
      for (const p of builtins) assert.ok(p.type === "string" && p.label && p.label !== p.name, JSON.stringify(p));
      assert.equal(builtins.find((p) => p.name === "$country")?.label, "Country");
      // The custom $browser and $country cannot be filtered on: only the built-ins are offered.
      assert.equal(entries.filter((p) => p.name === "$browser" || p.name === "$country").length, 2);
      assert.ok(entries.some((p) => p.name === "plan" && !p.builtin && p.count === 24), "the custom property plan is listed as before");

      const recent = world.events.filter((e) => e.ts >= now - 30 * 24 * HOUR);
      for (const name of ["$country", "$browser", "$utm_source", "$pathname"] as const) {
        const counts = new Map<string, number>();
        for (const e of recent) {
          const value = e.builtins[name];
          if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
        }
        // Most frequent first; equal counts in the database's collation order, so compared as sets.
        const byCount = (a: { value: string; count: number }, b: { value: string; count: number }) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
        const expected = [...counts].map(([value, count]) => ({ value, count })).sort(byCount);
        assert.ok(expected.length > 1 && expected.length <= 10, `${name}: ${expected.length} values`);
        const answer = await http(url(`?property=${encodeURIComponent(name)}&scope=event`), { headers: bearer(project) });
        assert.equal(answer.status, 200, answer.text);
        const values = answer.body.values as { value: string; count: number }[];
        assert.ok(values.every((v, i) => i === 0 || values[i - 1].count >= v.count), `${name}: not most frequent first`);
        assert.deepEqual([...values].sort(byCount), expected, name);
      }
      // With scope user the name is the person's own property: none here.
      const user = await http(url(`?property=${encodeURIComponent("$country")}&scope=user`), { headers: bearer(project) });
      assert.deepEqual(user.body.values, []);
    });
  });

  describe("who may query", { skip: PRISMA_ONLY }, () => {
    const valid = { kind: "trends", from: "2026-03-01T00:00:00.000Z", to: "2026-04-01T00:00:00.000Z", series: [{ event: P }] };

    test("another project's secret key: 404", async () => {
      const [mine, theirs] = [SCENARIOS[0].project!, SCENARIOS[1].project!];
      const answer = await query(mine.projectId, valid, bearer(theirs));
      assert.equal(answer.status, 404, answer.text);
      assert.equal(typeof answer.body?.error?.code, "string", answer.text);
      assert.equal(typeof answer.body?.error?.message, "string", answer.text);
      assert.ok(!("series" in (answer.body ?? {})));
    });

    test("no credentials or a write key: refused", async () => {
      const mine = SCENARIOS[0].project!;
      const none = await query(mine.projectId, valid, {});
      assert.equal(none.status, 401, none.text);
      const writeKey = await query(mine.projectId, valid, { Authorization: `Bearer ${mine.writeKey}` });
      assert.ok([401, 404].includes(writeKey.status), `a write key answered ${writeKey.status}: ${writeKey.text}`);
    });

    test("the owner's session reads the same answer as the secret key", async () => {
      const mine = SCENARIOS[0].project!;
      const cookie = await signIn(server.url, owner.email, owner.password);
      const bySession = await query(mine.projectId, valid, { Cookie: cookie });
      const byKey = await query(mine.projectId, valid, bearer(mine));
      assert.equal(bySession.status, 200, bySession.text);
      assert.deepEqual(bySession.body, byKey.body);
    });
  });

  describe("invalid queries: 400 with an error code and message", { skip: PRISMA_ONLY }, () => {
    const from = "2026-03-01T00:00:00.000Z";
    const to = "2026-04-01T00:00:00.000Z";
    const cases: [string, unknown][] = [
      ["an unknown kind", { kind: "cohorts", from, to }],
      ["no kind", { from, to, series: [{ event: P }] }],
      ["a missing from", { kind: "trends", to, series: [{ event: P }] }],
      ["a from that is not a date", { kind: "trends", from: "yesterday", to, series: [{ event: P }] }],
      ["to equal to from", { kind: "trends", from, to: from, series: [{ event: P }] }],
      ["to before from", { kind: "funnel", from: to, to: from, steps: [{ event: S }, { event: P }] }],
      ["an unknown operator", { kind: "trends", from, to, series: [{ event: P }], where: [{ property: "price", op: "like", value: "4%" }] }],
      ["gt with a string value", { kind: "trends", from, to, series: [{ event: P }], where: [{ property: "price", op: "gt", value: "42" }] }],
      ["in without a list", { kind: "trends", from, to, series: [{ event: P }], where: [{ property: "price", op: "in", value: 42 }] }],
      ["eq without a value", { kind: "trends", from, to, series: [{ event: P }], where: [{ property: "price", op: "eq" }] }],
      ["an unknown scope", { kind: "trends", from, to, series: [{ event: P }], where: [{ property: "price", scope: "group", op: "is_set" }] }],
      ["an unknown math", { kind: "trends", from, to, series: [{ event: P, math: "mode", property: "price" }] }],
      ["a property math without a property", { kind: "trends", from, to, series: [{ event: P, math: "sum" }] }],
      ["no series", { kind: "trends", from, to, series: [] }],
      ["an unknown interval", { kind: "trends", from, to, interval: "minute", series: [{ event: P }] }],
      ["a funnel with one step", { kind: "funnel", from, to, steps: [{ event: S }] }],
      ["a funnel with a zero window", { kind: "funnel", from, to, windowSeconds: 0, steps: [{ event: S }, { event: P }] }],
      ["paths with 1 step", { kind: "paths", from, to, steps: 1 }],
      ["paths with 9 steps", { kind: "paths", from, to, steps: 9 }],
      ["paths excluding their own start event", { kind: "paths", from, to, startEvent: "a", exclude: ["a"] }],
      ["retention with 0 periods", { kind: "retention", from, to, startEvent: S, returnEvent: PV, periods: 0 }],
      ["retention by month", { kind: "retention", from, to, startEvent: S, returnEvent: PV, interval: "month" }],
      ["hourly buckets over 10 years", { kind: "trends", from: "2016-01-01T00:00:00.000Z", to: "2026-01-01T00:00:00.000Z", interval: "hour", series: [{ event: P }] }],
      ["a list instead of a report", [{ kind: "trends", from, to, series: [{ event: P }] }]],
      ["a body that is not JSON", "{kind: trends"],
    ];
    for (const [what, body] of cases) {
      test(what, async () => {
        const project = SCENARIOS[0].project!;
        const answer = await query(project.projectId, body, bearer(project));
        assert.equal(answer.status, 400, `${JSON.stringify(body)} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
        assert.match(answer.body?.error?.code ?? "", /^[a-z]+(_[a-z0-9]+)*$/, answer.text);
        assert.equal(typeof answer.body.error.message, "string", answer.text);
        assert.ok(answer.body.error.message.length > 0);
      });
    }
  });

  if (ON_CLICKHOUSE && CLICKHOUSE_SHARDS === 1) {
    test("with a tiny CLICKHOUSE_REPORT_MEMORY_MB the seeded persons come in parts, so the reports above were read in parts", async () => {
      useServerDatabase();
      const { clickHouseHoldingProject } = await import("../../lib/query/clickhouse/route");
      const { personsInParts } = await import("../../lib/query/clickhouse/source");
      const { quoteString } = await import("../../lib/store/clickhouse/literal");
      const s = SCENARIOS[0];
      const source = await clickHouseHoldingProject(s.project!.projectId);
      assert.ok(source, "ClickHouse holds the scenario's events");
      // The funnel's measure (170 bytes an event): the smallest share of the three per-person reports.
      const { parts } = await personsInParts(source, s.project!.projectId, `project_id = ${quoteString(s.project!.projectId)}`, 170);
      assert.ok(parts.length > 2, `${parts.length} part(s)`);
    });
  }

  if (ON_CLICKHOUSE) {
    // The scenarios merge persons (alias stories): with the one node's tiny budget
    // the map is past what a statement carries inline and is joined; on two shards
    // (the default budget) it travels inline. The reports above held both ways to the reference.
    test(`the merged persons are ${CLICKHOUSE_SHARDS === 1 ? "joined (a map past the tiny budget's inline share)" : "carried inline in each statement"}`, async () => {
      useServerDatabase();
      const { clickHouseHoldingProject } = await import("../../lib/query/clickhouse/route");
      const { eventsWithPersons } = await import("../../lib/query/clickhouse/source");
      const source = await clickHouseHoldingProject(SCENARIOS[0].project!.projectId);
      assert.ok(source, "ClickHouse holds the scenario's events");
      const persons = await eventsWithPersons(source, SCENARIOS[0].project!.projectId);
      if (CLICKHOUSE_SHARDS === 1) assert.match(persons.from, /JOIN/, persons.person);
      else assert.match(persons.person, /^transform\(person_id, CAST\(\[\d+/, persons.from);
    });
  }

  if (ON_CLICKHOUSE) {
    // Person filters reach ClickHouse as the matching persons' distinct ids (the
    // reports above compared the answers): exactly the reference's ids, and past
    // the most a report carries, none (the database answers).
    test("a user filter's distinct ids are its persons' ids, and too many leave the report to the database", async () => {
      useServerDatabase();
      const { reportContext } = await import("../../lib/query/context");
      const { personFilterIds, personFilterKey } = await import("../../lib/query/personFilterIds");
      const s = SCENARIOS[0];
      const world = s.world!;
      const filter: WhereFilter & RefFilter = { property: "plan", scope: "user", op: "eq", value: "pro" };
      const expected = [...world.personOf]
        .filter(([, person]) => filterHolds(valueAt(world.personProperties.get(person), "plan"), filter))
        .map(([distinctId]) => distinctId)
        .sort();
      assert.ok(expected.length > 1, `${expected.length} distinct id(s)`);
      const ctx = reportContext({ id: s.project!.projectId, timezone: s.zone });
      const found = await personFilterIds(ctx, [[filter]]);
      assert.deepEqual([...(found?.get(personFilterKey(filter)) ?? [])].sort(), expected);
      assert.equal(await personFilterIds(ctx, [[filter]], expected.length - 1), null);
    });
  }

  // Last: the suite's tests run in the order they are declared.
  if (ON_CLICKHOUSE) {
    test("ClickHouse answered the reports it compiles, and they are most of the suite", () => {
      assert.ok(answeredBy.clickhouse > 200, `ClickHouse answered ${answeredBy.clickhouse} report(s), the database ${answeredBy.database}`);
    });
  }
});
