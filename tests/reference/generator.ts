// A seeded generator of hard-case event data: same seed, same messages, same order.
// Each person follows a small script (a funnel attempt of some kind, browsing,
// returning days later) under one of several identity stories, with awkward
// property names and typed values; then every message gets a random arrival slot, so
// arrival order is unlike time order, with the few orderings a story needs kept.
//
// The hard cases it produces:
// - equal timestamps, where only arrival order decides what comes first;
// - funnel steps exactly `windowMs` after the start and 1 ms past it; steps out of
//   order; repeated starts where a later start gets further; steps repeated at once;
// - anonymous events before identify (stitched retroactively), anonymous events after
//   it; alias merging two identified users; identify on a shared device that must
//   NOT merge two userIds;
// - repeated messageIds whose second copy differs (it must be ignored);
// - property names with dots, quotes, spaces and non-Latin letters, a nested object
//   under "plan" next to a plain key "plan.tier"; numbers sent as strings, booleans,
//   nulls, objects, arrays;
// - activity around `anchors` (e.g. DST changes), and events exactly at `edges`
//   (range boundaries) and 1 ms before them;
// - built-in properties from context (builtins.ts): pages with query strings,
//   referrers from the same site, other sites and no URL at all, campaigns
//   whose values differ in case only, UTM in the URL, user agents, IP addresses
//   with and without a country, and custom properties named like a built-in
//   ($browser), which the built-in must win over.
import { IPS, USER_AGENTS } from "./builtins";
import type { Json, JsonObject, Message } from "./world";

/** mulberry32: a tiny, well-known 32-bit PRNG. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

export const EVENTS = {
  signup: "Signed Up",
  view: "Viewed Item",
  cart: "Added to Cart",
  purchase: "Purchase",
  cancel: "Cancelled",
  pageview: "$pageview",
} as const;

/** The awkward property names. */
export const PROP = {
  tier: "plan.tier",
  quote: 'say "hi"',
  unicode: "ünïcødé 名前",
} as const;

export const VALUES = {
  tier: ["gold", "GOLD", "silver", 1, "1", true, null, { level: 1 }] as Json[],
  price: [9.99, 10, 42, "42", 100.5, -5, 0, null, "cheap", 1000, 0.1, 0.2, 42] as Json[],
  quote: ['she said "hi"', "SAY HI", "50% off", "a_b", "aXb", "100%", "plain"] as Json[],
  unicode: ["名前テスト", "Ünïcødé", "ünïcødé", "naïve café", ""] as Json[],
  gift: [true, false, "true", 1, 0, null] as Json[],
  meta: [{ tier: "gold" }, { tier: 1 }, "gold", ["gold"]] as Json[],
  source: ["ads", "Ads", "organic", "email", null, 7, "B", "a"] as Json[],
  currency: ["EUR", "eur", "USD"] as Json[],
  qty: [1, 2, "2", 3] as Json[],
  item: ["A", "B", "a.b", "名前"] as Json[],
  path: ["/", "/pricing", "/docs", "/docs/a.b"] as Json[],
  plan: ["free", "pro", "Pro", "enterprise", null] as Json[],
  age: [42, "42", 17, 65.5, null, 30] as Json[],
  vip: [true, false, "true"] as Json[],
  company: [{ name: "Acme" }, "Acme", null] as Json[],
};

/** Context values for the built-in properties. */
export const CONTEXT = {
  paths: ["/", "/pricing", "/docs", "/docs/a.b", "/名前"],
  referrers: ["https://www.google.com/search?q=shoes", "https://news.ycombinator.com/", "https://shop.example/pricing", "not a url"],
  sources: ["ads", "Ads", "newsletter", 'say "hi"', "名前"],
  mediums: ["cpc", "email"],
  campaigns: ["spring", "fall"],
  libraries: ["analytics.js", "crumbtrail.js", "analytics-node"],
} as const;

export interface GeneratorOptions {
  seed: number;
  persons: number;
  /** Activity centres (UTC ms), e.g. DST changes; each person picks one. */
  anchors: number[];
  /** How far from its anchor a person's first event may be (default 8 days). */
  spreadMs?: number;
  /** Instants that must carry events exactly (and 1 ms before), e.g. query ranges' from and to. */
  edges?: number[];
  /** The funnel window the window-edge cases are built around. */
  windowMs: number;
  /** Prefix of every distinct id and messageId (unique per dataset). */
  prefix: string;
  /** Also the shared-device story where the second user is brand new when identifying. */
  sharedDeviceNewUser?: boolean;
}

export interface Dataset {
  /** POST /api/track bodies' messages, to be sent one request after the other. */
  requests: Message[][];
}

interface Planned {
  message: Message;
  /** Arrival slot in [0, 1); messages are sent in slot order. */
  slot: number;
  /** Sent alone in a request (identity messages, so each is applied on its own). */
  alone: boolean;
  /** A repeated messageId: arrives after `of`, `fraction` of the way to the end. */
  repeats?: { of: Planned; fraction: number };
}

interface Step {
  event: string;
  ts: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function generate(options: GeneratorOptions): Dataset {
  const rng = new Rng(options.seed);
  // Contexts draw from their own sequence: the messages themselves stay what
  // the same seed gave before contexts were added.
  const contextRng = new Rng(options.seed ^ 0x5eed);
  const spread = options.spreadMs ?? 8 * DAY;
  const edges = options.edges ?? [];
  const W = options.windowMs;
  let counter = 0;
  const messageId = () => `${options.prefix}-m${String(++counter).padStart(5, "0")}`;
  const planned: Planned[] = [];

  const maybe = (props: JsonObject, key: string, values: Json[], p = 0.8) => {
    if (rng.chance(p)) props[key] = rng.pick(values);
  };

  function propsFor(event: string): JsonObject {
    const p: JsonObject = {};
    switch (event) {
      case EVENTS.signup:
        maybe(p, "source", VALUES.source);
        maybe(p, PROP.tier, VALUES.tier);
        maybe(p, PROP.unicode, VALUES.unicode, 0.5);
        break;
      case EVENTS.view:
        maybe(p, "item", VALUES.item);
        maybe(p, "price", VALUES.price);
        maybe(p, PROP.quote, VALUES.quote, 0.5);
        break;
      case EVENTS.cart:
        maybe(p, "price", VALUES.price);
        maybe(p, "qty", VALUES.qty);
        break;
      case EVENTS.purchase:
        maybe(p, "price", VALUES.price, 0.9);
        maybe(p, "currency", VALUES.currency);
        maybe(p, "coupon", VALUES.quote, 0.6);
        maybe(p, PROP.tier, VALUES.tier);
        // A nested object under "plan": a path lookup of "plan.tier" would find it.
        if (rng.chance(0.4)) p.plan = { tier: rng.pick(["nested", "gold"]) };
        maybe(p, "gift", VALUES.gift, 0.6);
        maybe(p, "meta", VALUES.meta, 0.5);
        maybe(p, PROP.unicode, VALUES.unicode, 0.6);
        maybe(p, PROP.quote, VALUES.quote, 0.4);
        break;
      case EVENTS.pageview:
        maybe(p, "path", VALUES.path, 0.9);
        maybe(p, PROP.quote, VALUES.quote, 0.3);
        maybe(p, "price", VALUES.price, 0.2);
        break;
      default:
        maybe(p, "reason", ["too expensive", "Too Expensive", null, 3]);
    }
    return p;
  }

  function traits(): JsonObject {
    const t: JsonObject = {};
    maybe(t, "plan", VALUES.plan, 0.85);
    maybe(t, PROP.tier, VALUES.tier, 0.7);
    maybe(t, "age", VALUES.age, 0.7);
    maybe(t, "vip", VALUES.vip, 0.6);
    maybe(t, PROP.unicode, VALUES.unicode, 0.5);
    maybe(t, PROP.quote, VALUES.quote, 0.5);
    maybe(t, "company", VALUES.company, 0.5);
    return t;
  }

  /** A funnel attempt, browsing, returns: the person's timeline of events (no ids yet). */
  function journey(t0: number): Step[] {
    const [S, V, C, P] = [EVENTS.signup, EVENTS.view, EVENTS.cart, EVENTS.purchase];
    const gap = () => rng.pick([0, 0, 1, 999, MINUTE, 5 * MINUTE, 30 * MINUTE, Math.floor(W / 3), HOUR]);
    const steps: Step[] = [];
    const add = (event: string, ts: number) => steps.push({ event, ts });
    const kind = rng.pick(["complete", "complete", "edgeExact", "edgePlusOne", "outOfOrder", "retry", "retryFurther", "ties", "dropoff", "browse", "doubleStart"]);
    let t = t0;
    switch (kind) {
      case "complete":
        add(S, t);
        for (const e of [V, C, P]) {
          if (rng.chance(0.15)) break;
          t += gap();
          add(e, t);
        }
        break;
      case "edgeExact": // the last step exactly at the window's end: still converts
        add(S, t);
        add(V, t + gap());
        if (rng.chance(0.5)) add(C, t + W);
        else {
          add(C, t + Math.floor(W / 2));
          add(P, t + W);
        }
        break;
      case "edgePlusOne": // 1 ms past the window: does not convert (with that window)
        add(S, t);
        add(V, t + rng.pick([0, 1, MINUTE]));
        add(C, t + W + 1);
        add(P, t + W + 2);
        break;
      case "outOfOrder":
        add(C, t);
        add(S, t + 1000);
        add(P, t + 2000);
        add(V, t + 3000);
        if (rng.chance(0.5)) add(V, t - 5000);
        break;
      case "retry": // the first start stalls; a later one (outside the first window) gets further
        add(S, t);
        add(V, t + MINUTE);
        t += W + rng.pick([1, 1000, HOUR]);
        add(S, t);
        add(V, t + 1000);
        add(C, t + 2000);
        if (rng.chance(0.6)) add(P, t + 3500);
        break;
      case "retryFurther": // two starts inside one window: the earliest reaching the top is chosen
        add(S, t);
        add(S, t + 10 * MINUTE);
        add(V, t + 20 * MINUTE);
        add(C, t + 20 * MINUTE);
        add(P, t + W + rng.pick([0, 5 * MINUTE, 10 * MINUTE, 10 * MINUTE + 1]));
        break;
      case "ties": // one timestamp: arrival order alone decides
        for (const e of rng.shuffle([S, V, C, P])) add(e, t);
        if (rng.chance(0.5)) add(S, t);
        break;
      case "dropoff":
        add(S, t);
        if (rng.chance(0.5)) add(V, t + gap());
        if (rng.chance(0.3)) add(EVENTS.cancel, t + gap() + 1);
        break;
      case "doubleStart": // the same step twice at once, then the rest
        add(S, t);
        add(S, t);
        add(V, t + gap());
        add(V, t + gap());
        add(C, t + W - 1);
        break;
      default: // browse
        break;
    }
    // Page views: the same day and returns days later (retention, paths).
    const views = rng.int(1, 5);
    for (let i = 0; i < views; i++) {
      const day = rng.pick([0, 0, 1, 1, 2, 3, 5, 7, 8, 9]);
      add(EVENTS.pageview, t0 + day * DAY + rng.pick([0, 1, rng.int(0, 20) * HOUR + rng.int(0, 59) * MINUTE, rng.int(0, DAY - 1)]));
    }
    if (rng.chance(0.25)) add(S, t0 + rng.int(1, 6) * DAY + rng.int(0, 23) * HOUR); // signs up again later
    if (rng.chance(0.2)) add(P, t0 + rng.int(1, 9) * DAY + rng.int(0, 23) * HOUR);
    // Range edges: exactly at an edge and 1 ms before it.
    if (edges.length && rng.chance(0.35)) {
      const edge = rng.pick(edges);
      add(rng.pick([S, P, EVENTS.pageview, V]), edge);
      if (rng.chance(0.5)) add(rng.pick([S, P, EVENTS.pageview]), edge - 1);
    }
    return steps;
  }

  function startTime(): number {
    if (edges.length && rng.chance(0.1)) return rng.pick(edges);
    // Just before an edge: a funnel that starts inside a range and completes after its end.
    if (edges.length && rng.chance(0.1)) return rng.pick(edges) - rng.pick([1, 999, MINUTE, 20 * MINUTE]);
    const anchor = rng.pick(options.anchors);
    if (rng.chance(0.4)) return anchor + rng.int(-12, 12) * 15 * MINUTE + (rng.chance(0.3) ? rng.int(0, 999) : 0);
    return anchor + rng.int(-spread / 1000, spread / 1000) * 1000 + (rng.chance(0.3) ? rng.int(0, 999) : 0);
  }

  const iso = (ms: number) => new Date(ms).toISOString();

  /** A message's context (or none), and custom properties named like built-ins, added to `properties`. */
  function contextFor(isPage: boolean, properties: JsonObject): JsonObject | undefined {
    const r = contextRng;
    const context: JsonObject = {};
    if (r.chance(0.85)) context.userAgent = r.pick(USER_AGENTS).ua;
    if (r.chance(0.7)) context.ip = r.pick(IPS).ip;
    if (r.chance(isPage ? 0.85 : 0.4)) {
      const query = r.chance(0.3) ? `?utm_source=${r.pick(["partner", "ads"])}&utm_campaign=${r.pick(CONTEXT.campaigns)}&utm_term=shoes` : "";
      const page: JsonObject = { url: `https://shop.example${r.pick(CONTEXT.paths)}${query}` };
      if (r.chance(0.5)) page.path = r.pick(CONTEXT.paths);
      if (r.chance(0.6)) page.referrer = r.pick(CONTEXT.referrers);
      context.page = page;
    }
    if (r.chance(0.3)) {
      const campaign: JsonObject = { source: r.pick(CONTEXT.sources) };
      if (r.chance(0.7)) campaign.medium = r.pick(CONTEXT.mediums);
      if (r.chance(0.6)) campaign.name = r.pick(CONTEXT.campaigns);
      if (r.chance(0.3)) campaign.content = "banner";
      context.campaign = campaign;
    }
    if (r.chance(0.5)) context.library = { name: r.pick(CONTEXT.libraries) };
    // A custom property named like a built-in: filters and breakdowns read the built-in.
    if (r.chance(0.08)) properties.$browser = r.pick(["Custom", "Chrome"]);
    // Properties that built-ins are read from, before the context.
    if (r.chance(0.08)) properties.$current_url = "https://custom.example/from-properties";
    if (r.chance(0.05)) properties.utm_medium = "from-properties";
    return Object.keys(context).length ? context : undefined;
  }

  /** Plans track/page messages of `steps` with the ids `idsAt(ts)` gives; returns them in time order. */
  function planEvents(steps: Step[], idsAt: (ts: number) => { userId?: string; anonymousId?: string }): Planned[] {
    const out: Planned[] = [];
    for (const step of steps) {
      const ids = idsAt(step.ts);
      const isPage = step.event === EVENTS.pageview;
      const message: Message = isPage
        ? { type: "page", ...ids, properties: propsFor(step.event), timestamp: iso(step.ts), messageId: messageId() }
        : { event: step.event, ...ids, properties: propsFor(step.event), timestamp: iso(step.ts), messageId: messageId() };
      const context = contextFor(isPage, message.properties!);
      if (context) message.context = context;
      const p: Planned = { message, slot: rng.next(), alone: false };
      out.push(p);
      planned.push(p);
      // A repeated messageId whose copy differs: only the first to arrive is stored.
      if (rng.chance(0.07)) {
        const copy: Message = { ...message, properties: propsFor(step.event), timestamp: rng.chance(0.5) ? iso(step.ts + HOUR) : message.timestamp };
        planned.push({ message: copy, slot: 0, alone: false, repeats: { of: p, fraction: rng.next() * (rng.chance(0.5) ? 0.01 : 1) } });
      }
    }
    return out;
  }

  function identity(message: Omit<Message, "messageId">): Planned {
    const p: Planned = { message: { ...message, messageId: messageId() } as Message, slot: rng.next(), alone: true };
    planned.push(p);
    return p;
  }

  /** Gives `ordered` increasing slots in their listed order (the order a story needs). */
  function keepOrder(ordered: Planned[]): void {
    const slots = ordered.map((p) => p.slot).sort((a, b) => a - b);
    ordered.forEach((p, i) => (p.slot = slots[i]));
  }

  const stories = ["anonymous", "identifyLater", "identifyLater", "user", "alias", "aliasAnonymous", "sharedDevice"];
  if (options.sharedDeviceNewUser) stories.push("sharedDeviceNewUser");

  for (let n = 0; n < options.persons; n++) {
    const id = (what: string) => `${options.prefix}-${what}${n}`;
    const t0 = startTime();
    const steps = journey(t0);
    const times = steps.map((s) => s.ts).sort((a, b) => a - b);
    const middle = times[Math.floor(times.length / 2)] ?? t0;
    const story = rng.pick(stories);

    if (story === "anonymous") {
      planEvents(steps, () => ({ anonymousId: id("anon") }));
    } else if (story === "user") {
      planEvents(steps, () => ({ userId: id("user") }));
      if (rng.chance(0.6)) identity({ type: "identify", userId: id("user"), traits: traits(), timestamp: iso(t0 + 1) });
    } else if (story === "identifyLater") {
      const [A, U] = [id("anon"), id("user")];
      // Anonymous before identify; after it any of userId, both, or the anonymous id alone.
      planEvents(steps, (ts) => (ts < middle ? { anonymousId: A } : rng.pick([{ userId: U }, { userId: U, anonymousId: A }, { anonymousId: A }])));
      const first = identity({
        type: "identify",
        userId: U,
        anonymousId: A,
        traits: traits(),
        ...(rng.chance(0.4) ? { properties: { $set_once: { first_plan: rng.pick(VALUES.plan), plan: "set-once-loses" } } } : {}),
        timestamp: iso(middle),
      });
      if (rng.chance(0.4)) {
        // A later identify: overwrites some traits, unsets vip, $set_once does not overwrite.
        const second = identity({
          type: "identify",
          userId: U,
          traits: { plan: rng.pick(VALUES.plan), $unset: ["vip"] },
          properties: { $set_once: { first_plan: "never" } },
          timestamp: iso(middle + 1),
        });
        keepOrder([first, second]);
      }
    } else if (story === "alias" || story === "aliasAnonymous") {
      // Two ids with histories of their own, then alias merges the old into the new.
      const oldId = story === "alias" ? id("old") : id("anon");
      const U = id("user");
      const ordered: Planned[] = [];
      if (story === "alias") ordered.push(identity({ type: "identify", userId: oldId, traits: traits(), timestamp: iso(t0) }));
      ordered.push(identity({ type: "identify", userId: U, traits: traits(), timestamp: iso(t0 + 2) }));
      ordered.push(identity({ type: "alias", userId: U, previousId: oldId, timestamp: iso(middle) }));
      keepOrder(ordered);
      planEvents(steps, (ts) =>
        story === "alias"
          ? ts < middle
            ? rng.pick([{ userId: oldId }, { userId: U }])
            : rng.pick([{ userId: U }, { userId: oldId }])
          : ts < middle
            ? { anonymousId: oldId }
            : { userId: U },
      );
    } else {
      // A shared device: the first user identifies on it, then a second user does. The
      // second identify must not merge the two users; the device stays with the first.
      const [A, U1, U2] = [id("device"), id("first"), id("second")];
      const second = journey(t0 + rng.int(0, 3) * HOUR);
      const firstEvents = planEvents(steps, (ts) => (ts < middle ? { anonymousId: A } : rng.pick([{ userId: U1 }, { anonymousId: A }])));
      const identifyFirst = identity({ type: "identify", userId: U1, anonymousId: A, traits: traits(), timestamp: iso(middle) });
      const secondEvents = planEvents(second, () => ({ userId: U2 }));
      const identifySecond = identity({ type: "identify", userId: U2, anonymousId: A, traits: traits(), timestamp: iso(middle + HOUR) });
      if (story === "sharedDevice") {
        // The second user already exists (has an event) when identifying on the device.
        keepOrder([identifyFirst, secondEvents[0] ?? identifyFirst, identifySecond].filter((p, i, all) => all.indexOf(p) === i));
      } else {
        // The second user is brand new: every event of theirs arrives after the identify.
        keepOrder([identifyFirst, identifySecond, ...secondEvents]);
      }
      void firstEvents;
    }
  }

  // Arrival: slot order. Identity messages alone; track messages in batches of 1..40.
  for (const p of planned) if (p.repeats) p.slot = p.repeats.of.slot + (1 - p.repeats.of.slot) * p.repeats.fraction;
  planned.sort((a, b) => a.slot - b.slot);
  const requests: Message[][] = [];
  let batch: Message[] = [];
  let size = rng.int(1, 40);
  const flush = () => {
    if (batch.length) requests.push(batch);
    batch = [];
    size = rng.int(1, 40);
  };
  for (const p of planned) {
    if (p.alone) {
      flush();
      requests.push([p.message]);
    } else {
      batch.push(p.message);
      if (batch.length >= size) flush();
    }
  }
  flush();
  return { requests };
}
