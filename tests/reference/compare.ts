// Comparing a server's report with the reference's: both are brought to one canonical
// shape (breakdowns, paths' nodes and links keyed as sets), then walked side by side.
// Integers must be equal; other numbers may differ by 1e-9 (relative, floating-point
// summation order only). A sum of decimals can land on an integer in one order and
// 2e-13 off it in another: an answer that is not an integer is compared with that
// margin even when the reference's is (a count is always an integer, so counts still
// compare exactly).
import type { RefQuery } from "./reports";

type Canonical = unknown;

const keyOf = (value: unknown) => JSON.stringify(value === undefined ? "(absent)" : value);

function pick<T extends Record<string, unknown>>(source: unknown, keys: (keyof T)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const object = (source ?? {}) as Record<string, unknown>;
  for (const key of keys) out[key as string] = object[key as string];
  return out;
}

function setOf(items: unknown, key: (item: Record<string, unknown>) => string, project: (item: Record<string, unknown>) => unknown) {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(items)) return { "(not a list)": items };
  for (const item of items as Record<string, unknown>[]) {
    let k = key(item);
    while (Object.hasOwn(out, k)) k += " (again)";
    out[k] = project(item);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const stepFields = ["event", "users", "conversionFromStart", "conversionFromPrevious", "medianSecondsFromPrevious"];

/** The comparable part of a report answer (extra fields the contract does not define are ignored). */
export function canonical(query: RefQuery, answer: unknown): Canonical {
  const body = (answer ?? {}) as Record<string, unknown>;
  switch (query.kind) {
    case "trends": {
      const series = body.series;
      if (!query.breakdown) {
        return { series: Array.isArray(series) ? series.map((s) => pick(s, ["total", "data"])) : series };
      }
      // A set keyed by (series label, breakdown value); series order is checked apart.
      return {
        series: setOf(
          series,
          (s) => `${String(s.label)} | ${keyOf(s.breakdownValue)}`,
          (s) => pick(s, ["total", "data"]),
        ),
      };
    }
    case "funnel": {
      const steps = Array.isArray(body.steps) ? body.steps.map((s) => pick(s, stepFields as never)) : body.steps;
      if (!query.breakdown) return { steps };
      return {
        steps,
        breakdowns: setOf(
          body.breakdowns,
          (b) => keyOf(b.value),
          (b) => (Array.isArray(b.steps) ? b.steps.map((s) => pick(s, stepFields as never)) : b.steps),
        ),
      };
    }
    case "retention": {
      const table = (cohorts: unknown) => (Array.isArray(cohorts) ? cohorts.map((c) => pick(c, ["start", "users", "returned"])) : cohorts);
      if (!query.breakdown) return { cohorts: table(body.cohorts) };
      return { cohorts: table(body.cohorts), breakdowns: setOf(body.breakdowns, (b) => keyOf(b.value), (b) => table(b.cohorts)) };
    }
    case "paths":
      return {
        nodes: setOf(body.nodes, (n) => `${String(n.step)}:${String(n.event)}`, (n) => pick(n, ["step", "event", "users"])),
        links: setOf(body.links, (l) => `${String(l.from)} -> ${String(l.to)}`, (l) => pick(l, ["from", "to", "users"])),
      };
  }
}

function numbersMatch(actual: number, expected: number): boolean {
  if (Number.isInteger(expected) && Number.isInteger(actual)) return actual === expected;
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

/** Every difference between `actual` and `expected`, as "path: expected X, got Y". */
export function differences(actual: unknown, expected: unknown, path = "$", out: string[] = []): string[] {
  if (typeof expected === "number" && typeof actual === "number") {
    if (!numbersMatch(actual, expected)) out.push(`${path}: expected ${expected}, got ${actual}`);
    return out;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) out.push(`${path}: expected ${expected.length} items, got ${actual.length}`);
    for (let i = 0; i < Math.min(expected.length, actual.length); i++) differences(actual[i], expected[i], `${path}[${i}]`, out);
    return out;
  }
  if (expected && actual && typeof expected === "object" && typeof actual === "object" && !Array.isArray(expected) && !Array.isArray(actual)) {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (!Object.hasOwn(a, key)) out.push(`${path}[${JSON.stringify(key)}]: missing (expected ${JSON.stringify(e[key])})`);
      else differences(a[key], e[key], `${path}[${JSON.stringify(key)}]`, out);
    }
    for (const key of Object.keys(a)) if (!Object.hasOwn(e, key)) out.push(`${path}[${JSON.stringify(key)}]: unexpected ${JSON.stringify(a[key])}`);
    return out;
  }
  if (JSON.stringify(actual) !== JSON.stringify(expected)) out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  return out;
}

/** Differences between a server answer and the reference's answer, both canonical. */
export function reportDifferences(query: RefQuery, actual: unknown, expected: unknown): string[] {
  const found = differences(canonical(query, actual), canonical(query, expected));
  if (query.kind === "trends" && Array.isArray((actual as { series?: unknown })?.series)) {
    // Series order: all of the first query series, then the second's, ... ("$other" last in each).
    const labels = query.series.map((s, i) => s.label ?? `${s.event}#${i}`);
    const order = ((actual as { series: { label?: string; breakdownValue?: unknown }[] }).series).map((s) => ({
      index: labels.indexOf(String(s.label)),
      other: s.breakdownValue === "$other",
    }));
    for (let i = 1; i < order.length; i++) {
      const [a, b] = [order[i - 1], order[i]];
      if (b.index < a.index || (a.index === b.index && a.other)) {
        found.push(`series order: answer series #${i} (${JSON.stringify(b)}) comes after #${i - 1} (${JSON.stringify(a)})`);
        break;
      }
    }
  }
  return found;
}
