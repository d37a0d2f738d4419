// The funnel report in the address: steps=[{event, where?}], window=14d,
// where=[filters], breakdown={property, scope}, layout, and the drop-off being
// looked at (dropped=k: reached step k but not k+1, droppedValue=<json> within
// a breakdown value). A saved funnel is the same query without the range.
import { asArray, jsonParam, SpecProblem, type BreakdownLike, type FilterLike } from "../params";

export interface StepLike {
  event: string;
  where?: FilterLike[];
}

export interface FunnelSpec {
  steps: StepLike[];
  where: FilterLike[];
  breakdown: BreakdownLike | null;
  windowSeconds: number;
  /** As asked in the address; null lets the screen decide (rows on a phone, columns wider). */
  layout: "vertical" | "horizontal" | null;
  dropped: number | null;
  droppedValue: { value: unknown } | null;
}

export const WINDOW_UNITS = { m: { seconds: 60, label: "minutes" }, h: { seconds: 3600, label: "hours" }, d: { seconds: 86_400, label: "days" }, w: { seconds: 604_800, label: "weeks" } } as const;
export type WindowUnit = keyof typeof WINDOW_UNITS;
export const DEFAULT_WINDOW = 14 * 86_400;

export function parseWindow(text: string | undefined): number {
  if (!text) return DEFAULT_WINDOW;
  const match = /^(\d{1,6})([mhdw])$/.exec(text.trim());
  if (!match) throw new SpecProblem(`The conversion window "${text}" is not one like 30m, 12h, 14d or 2w.`);
  return Number(match[1]) * WINDOW_UNITS[match[2] as WindowUnit].seconds;
}

/** 1209600 -> { amount: 2, unit: "w" }: the largest unit that divides it. */
export function splitWindow(seconds: number): { amount: number; unit: WindowUnit } {
  for (const unit of ["w", "d", "h", "m"] as const) {
    if (seconds % WINDOW_UNITS[unit].seconds === 0) return { amount: seconds / WINDOW_UNITS[unit].seconds, unit };
  }
  return { amount: Math.max(1, Math.round(seconds / 60)), unit: "m" };
}

export function windowParam(seconds: number): string {
  const { amount, unit } = splitWindow(seconds);
  return `${amount}${unit}`;
}

export function windowLabel(seconds: number): string {
  const { amount, unit } = splitWindow(seconds);
  const word = WINDOW_UNITS[unit].label;
  return `${amount} ${amount === 1 ? word.slice(0, -1) : word}`;
}

export function readFunnelSpec(params: Record<string, string | undefined>): FunnelSpec {
  const steps = jsonParam<unknown>(params, "steps", []);
  if (!Array.isArray(steps)) throw new SpecProblem('"steps" in the address must be a list.');
  const where = jsonParam<unknown>(params, "where", []);
  if (!Array.isArray(where)) throw new SpecProblem('"where" in the address must be a list of filters.');
  const breakdown = jsonParam<BreakdownLike | null>(params, "breakdown", null);
  const dropped = params.dropped && /^\d{1,2}$/.test(params.dropped) ? Number(params.dropped) : null;
  const droppedValue = params.droppedValue !== undefined ? { value: jsonParam<unknown>(params, "droppedValue", null) } : null;
  return {
    steps: steps as StepLike[],
    where: where as FilterLike[],
    breakdown,
    windowSeconds: parseWindow(params.window),
    layout: params.layout === "horizontal" || params.layout === "vertical" ? params.layout : null,
    dropped,
    droppedValue,
  };
}

export function stepDrafts(spec: FunnelSpec): { event: string; where: FilterLike[] }[] {
  return spec.steps.map((s) => ({ event: typeof s?.event === "string" ? s.event : "", where: asArray(s?.where) as FilterLike[] }));
}

/** What a saved funnel keeps: everything but the range. */
export function savedFunnelQuery(spec: FunnelSpec): Record<string, unknown> {
  return {
    steps: spec.steps,
    windowSeconds: spec.windowSeconds,
    where: spec.where,
    ...(spec.breakdown ? { breakdown: spec.breakdown } : {}),
  };
}

/** A saved funnel's breakdown as the address keeps it: by cohorts, or by a property. */
function savedBreakdown(breakdown: BreakdownLike): BreakdownLike {
  return Array.isArray(breakdown.cohorts) ? { cohorts: breakdown.cohorts } : { property: breakdown.property, scope: breakdown.scope ?? "event" };
}

/** A saved funnel's query as address params. */
export function funnelParamsOf(query: Record<string, unknown>): Record<string, string | null> {
  const where = asArray(query.where);
  return {
    steps: JSON.stringify(asArray(query.steps)),
    window: typeof query.windowSeconds === "number" ? windowParam(query.windowSeconds) : null,
    where: where.length ? JSON.stringify(where) : null,
    breakdown: query.breakdown ? JSON.stringify(savedBreakdown(query.breakdown as BreakdownLike)) : null,
  };
}

export function funnelQuery(spec: FunnelSpec, from: number, to: number) {
  return {
    kind: "funnel" as const,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    steps: spec.steps,
    where: spec.where,
    windowSeconds: spec.windowSeconds,
    ...(spec.breakdown ? { breakdown: spec.breakdown } : {}),
  };
}
