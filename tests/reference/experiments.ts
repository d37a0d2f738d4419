// The reference of an experiment's figures (API.md 6), brute force over the
// replayed world (world.ts): every event looked at one by one, per person. It
// shares no code with lib/experiments, so the integration test that compares
// the two checks the SQL and the analysis together. Only figures that need no
// distribution function are computed here (the distributions are checked in
// tests/unit/experimentStatistics.test.ts); for three variants the SRM p-value
// has a closed form, e^(−χ²/2).
import { Rng } from "./generator";
import type { JsonObject, Message, World } from "./world";

export type RefMetric =
  | { kind: "conversion"; event: string; windowSeconds?: number }
  | { kind: "mean"; event: string; property: string }
  | { kind: "count"; event: string };

export interface RefExperiment {
  key: string;
  variants: { key: string; weight: number }[];
  exposure: { event: string; experimentProperty: string; variantProperty: string };
  metrics: RefMetric[];
  from: number;
  to: number;
}

export interface RefVariantFigures {
  key: string;
  exposures: number;
  mean: number;
  variance: number;
  lift?: number;
  se?: number;
}

/** A metric's figures as they stood at the end of one day: persons exposed by then, their values from the events before then. */
export interface RefOverTimePoint {
  day: string;
  variants: Record<string, { exposures: number; mean: number | null }>;
}

export interface RefResults {
  exposures: Record<string, number>;
  multipleVariants: number;
  srmChiSquare: number;
  metrics: { variants: RefVariantFigures[]; overTime: RefOverTimePoint[] }[];
}

const DAY = 86_400_000;

/**
 * The ends of the days of [from, to) in a time zone at a fixed offset from UTC
 * (minutes east, no daylight saving), the last one cut at `to`, each with its
 * local date.
 */
export function dayEnds(from: number, to: number, offsetMinutes: number): { day: string; end: number }[] {
  const offset = offsetMinutes * 60_000;
  const out: { day: string; end: number }[] = [];
  for (let local = Math.floor((from + offset) / DAY) * DAY; local - offset < to; local += DAY) {
    out.push({ day: new Date(local).toISOString().slice(0, 10), end: Math.min(local + DAY - offset, to) });
  }
  return out;
}

/** A person's value of a metric over their events from `at` up to (not including) `until`. */
function personValue(world: World, metric: RefMetric, person: number, at: number, until: number): number {
  const events = world.events.filter((e) => e.person === person && e.event === metric.event && e.ts >= at && e.ts < until);
  if (metric.kind === "conversion") {
    const limit = metric.windowSeconds === undefined ? Infinity : at + metric.windowSeconds * 1000;
    return events.some((e) => e.ts <= limit) ? 1 : 0;
  }
  if (metric.kind === "count") return events.length;
  let value = 0;
  for (const e of events) {
    const v = e.properties[metric.property];
    if (typeof v === "number") value += v;
  }
  return value;
}

const SOURCES = (own: RefExperiment["exposure"]) => [
  own,
  { event: "$feature_flag_called", experimentProperty: "$feature_flag", variantProperty: "$feature_flag_response" },
  { event: "$experiment_started", experimentProperty: "Experiment name", variantProperty: "Variant name" },
];

/** `offsetMinutes`: the project's time zone, as a fixed offset east of UTC, for the days of `overTime`. */
export function experimentReference(world: World, experiment: RefExperiment, offsetMinutes = 0): RefResults {
  const variantKeys = experiment.variants.map((v) => v.key);
  const seen = new Map<number, { variants: Set<string>; first: number }>();
  for (const e of world.events) {
    if (e.ts < experiment.from || e.ts >= experiment.to) continue;
    for (const source of SOURCES(experiment.exposure)) {
      if (e.event !== source.event) continue;
      const key = e.properties[source.experimentProperty];
      let variant = e.properties[source.variantProperty];
      // PostHog's boolean flag answer: test (true) or control (false), for a control/test experiment only.
      if (typeof variant === "boolean" && source.event === "$feature_flag_called" && [...variantKeys].sort().join() === "control,test") variant = variant ? "test" : "control";
      if (key !== experiment.key || typeof variant !== "string" || !variantKeys.includes(variant)) continue;
      const entry = seen.get(e.person) ?? { variants: new Set<string>(), first: Infinity };
      entry.variants.add(variant);
      entry.first = Math.min(entry.first, e.ts);
      seen.set(e.person, entry);
    }
  }
  const exposures: Record<string, number> = Object.fromEntries(variantKeys.map((k) => [k, 0]));
  let multipleVariants = 0;
  const single: { person: number; variant: string; at: number }[] = [];
  for (const [person, entry] of seen) {
    if (entry.variants.size > 1) {
      multipleVariants += 1;
      continue;
    }
    const [variant] = entry.variants;
    exposures[variant] += 1;
    single.push({ person, variant, at: entry.first });
  }

  const total = single.length;
  const weightTotal = experiment.variants.reduce((a, v) => a + v.weight, 0);
  let srmChiSquare = 0;
  for (const v of experiment.variants) {
    const expected = (total * v.weight) / weightTotal;
    if (expected > 0) srmChiSquare += (exposures[v.key] - expected) ** 2 / expected;
  }

  const metrics = experiment.metrics.map((metric) => {
    const values = new Map<string, number[]>(variantKeys.map((k) => [k, []]));
    for (const { person, variant, at } of single) {
      const value = personValue(world, metric, person, at, experiment.to);
      values.get(variant)!.push(value);
    }
    const figures = variantKeys.map((key): RefVariantFigures => {
      const list = values.get(key)!;
      const n = list.length;
      const mean = n ? list.reduce((a, b) => a + b, 0) / n : 0;
      const variance = n > 1 ? list.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
      return { key, exposures: n, mean, variance };
    });
    const control = figures[0];
    for (const f of figures.slice(1)) {
      f.lift = f.mean - control.mean;
      f.se = Math.sqrt((f.exposures ? f.variance / f.exposures : 0) + (control.exposures ? control.variance / control.exposures : 0));
    }
    // Over time: at each day's end, every figure recomputed from scratch as if the results were read then.
    const overTime = dayEnds(experiment.from, experiment.to, offsetMinutes).map(({ day, end }): RefOverTimePoint => {
      const variants: RefOverTimePoint["variants"] = {};
      for (const key of variantKeys) {
        const exposedByThen = single.filter((s) => s.variant === key && s.at < end);
        const total = exposedByThen.reduce((sum, s) => sum + personValue(world, metric, s.person, s.at, end), 0);
        variants[key] = { exposures: exposedByThen.length, mean: exposedByThen.length ? total / exposedByThen.length : null };
      }
      return { day, variants };
    });
    return { variants: figures, overTime };
  });
  return { exposures, multipleVariants, srmChiSquare, metrics };
}

export interface ExperimentTraffic {
  requests: Message[][];
  /** Distinct ids that identify later (anonymous id → user id), for spot checks. */
  identified: Map<string, string>;
}

/**
 * Seeded traffic for one experiment over [from, to): exposures from the three
 * sources, repeated exposures, persons in two variants, exposures before the
 * start and after the end, PostHog's boolean flag answers, another
 * experiment's and unknown variants' exposures, events before exposure and after the end, purchases exactly at
 * the window's edge and 1 ms past it, revenue as a number, as a string (not
 * counted) and missing, and anonymous exposures stitched to a user by identify,
 * some of them merging with the user's own earlier person.
 */
export function experimentTraffic(options: { seed: number; persons: number; experiment: RefExperiment; prefix: string }): ExperimentTraffic {
  const { experiment, prefix } = options;
  const rng = new Rng(options.seed);
  const messages: Message[] = [];
  const identified = new Map<string, string>();
  let n = 0;
  const iso = (ts: number) => new Date(ts).toISOString();
  const push = (m: Omit<Message, "messageId" | "timestamp">, ts: number) => messages.push({ ...m, timestamp: iso(ts), messageId: `${prefix}-m${++n}` });
  const span = experiment.to - experiment.from;
  const windowMs = (experiment.metrics.find((m) => m.kind === "conversion" && m.windowSeconds !== undefined) as { windowSeconds: number } | undefined)?.windowSeconds ?? 86_400;
  const weights = experiment.variants.map((v) => v.weight);
  const pickVariant = () => {
    let u = rng.next() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < weights.length; i++) if ((u -= weights[i]) < 0) return experiment.variants[i].key;
    return experiment.variants[0].key;
  };
  const exposure = (who: { anonymousId?: string; userId?: string }, variant: string, ts: number, key = experiment.key) => {
    const r = rng.next();
    let properties: JsonObject;
    let event: string;
    if (r < 0.7) {
      event = experiment.exposure.event;
      properties = { [experiment.exposure.experimentProperty]: key, [experiment.exposure.variantProperty]: variant };
    } else if (r < 0.85) {
      event = "$feature_flag_called";
      // Now and then a flag without variants answers a boolean: an exposure only to a control/test experiment.
      const answer = r < 0.73 ? variant !== experiment.variants[0].key : variant;
      properties = { $feature_flag: key, $feature_flag_response: answer };
    } else {
      event = "$experiment_started";
      properties = { "Experiment name": key, "Variant name": variant };
    }
    push({ type: "track", event, properties, ...who }, ts);
  };
  const purchase = (who: { anonymousId?: string; userId?: string }, ts: number) => {
    const r = rng.next();
    const revenue = r < 0.7 ? rng.int(1, 200) + rng.int(0, 99) / 100 : r < 0.85 ? String(rng.int(1, 50)) : undefined;
    push({ type: "track", event: "purchase", properties: revenue === undefined ? {} : { revenue }, ...who }, ts);
  };
  const view = (who: { anonymousId?: string; userId?: string }, ts: number) => push({ type: "page", name: "Home", properties: {}, ...who }, ts);

  for (let i = 0; i < options.persons; i++) {
    const anonymousId = `${prefix}-anon-${i}`;
    const anon = { anonymousId };
    const variant = pickVariant();
    const at = experiment.from + rng.int(0, span - 1);
    const story = rng.next();
    let who: { anonymousId?: string; userId?: string } = anon;
    if (story < 0.08) {
      // Never exposed: buys anyway.
      purchase(anon, at);
      continue;
    }
    if (rng.chance(0.3)) purchase(anon, at - rng.int(1, 3_600_000)); // before exposure: never counted
    if (rng.chance(0.15)) exposure(anon, pickVariant(), experiment.from - rng.int(1, 86_400_000)); // before the start
    exposure(anon, variant, at);
    if (story < 0.16) {
      // In two variants.
      const other = experiment.variants.find((v) => v.key !== variant)!.key;
      exposure(anon, other, Math.min(experiment.to - 1, at + rng.int(0, 3_600_000)));
    } else if (rng.chance(0.3)) {
      exposure(anon, variant, Math.min(experiment.to - 1, at + rng.int(0, 86_400_000))); // repeated
    }
    if (rng.chance(0.1)) exposure(anon, variant, at, "some-other-experiment");
    if (rng.chance(0.05)) exposure(anon, "not-a-variant", at - 1);
    if (rng.chance(0.4)) {
      // Identifies, then acts as the user only: stitched to the same person.
      const userId = `${prefix}-user-${i}`;
      // Now and then the user was seen on another device first: identify then merges two persons.
      if (rng.chance(0.3)) view({ userId }, at - rng.int(1, 3_600_000));
      push({ type: "identify", anonymousId, userId, traits: {} }, at + rng.int(1, 60_000));
      identified.set(anonymousId, userId);
      who = { userId };
    }
    const buys = rng.int(0, 3) + (variant === experiment.variants[0].key ? 0 : rng.int(0, 1));
    for (let b = 0; b < buys; b++) purchase(who, at + rng.int(0, 3 * windowMs * 1000));
    if (rng.chance(0.1)) purchase(who, at + windowMs * 1000); // exactly at the window's end: converts
    if (rng.chance(0.1)) purchase(who, at + windowMs * 1000 + 1); // 1 ms past it: counts, but does not convert
    if (rng.chance(0.1)) purchase(who, at); // at the exposure itself
    if (rng.chance(0.2)) purchase(who, experiment.to + rng.int(0, 86_400_000)); // after the end
    if (rng.chance(0.1)) exposure(who, variant, experiment.to + rng.int(0, 3_600_000)); // exposure after the end
    for (let v = rng.int(0, 4); v > 0; v--) view(who, at + rng.int(-3_600_000, 2 * 86_400_000));
  }
  // In time order within each person's story, then in requests of 100: identify
  // comes before the user-only events it stitches.
  messages.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  const requests: Message[][] = [];
  for (let i = 0; i < messages.length; i += 100) requests.push(messages.slice(i, i + 100));
  return { requests, identified };
}
