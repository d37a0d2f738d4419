// The retention report in the address: start, return, interval (day|week),
// periods, where=[filters], breakdown={"cohorts": [...]}, and the cell whose
// persons are shown: cell=<row start>~<period>, cellValue=<breakdown value>.
import { DateTime } from "luxon";
import type { RetentionCohort } from "@/lib/query/retention";
import { jsonParam, SpecProblem, type FilterLike } from "../params";

export interface RetentionSpec {
  startEvent: string;
  returnEvent: string;
  interval: string;
  periods: number | string;
  where: FilterLike[];
  /** Only by cohorts: retention has no property breakdown. */
  breakdown: { cohorts: string[] } | null;
  /** The selected cell: a row's start and a period. */
  cell: { start: string; period: number; value: string | null } | null;
}

export const DEFAULT_PERIODS = { day: 14, week: 8 } as const;

export function readRetentionSpec(params: Record<string, string | undefined>, defaultEvent: string): RetentionSpec {
  const where = jsonParam<unknown>(params, "where", []);
  if (!Array.isArray(where)) throw new SpecProblem('"where" in the address must be a list of filters.');
  const interval = params.interval ?? "day";
  const periods = params.periods === undefined ? (DEFAULT_PERIODS[interval as "day" | "week"] ?? 8) : /^\d+$/.test(params.periods) ? Number(params.periods) : params.periods;
  const breakdown = jsonParam<{ cohorts?: unknown } | null>(params, "breakdown", null);
  if (breakdown !== null && !(Array.isArray(breakdown.cohorts) && breakdown.cohorts.every((c) => typeof c === "string"))) {
    throw new SpecProblem('"breakdown" in the address must be {"cohorts": [...]}: retention breaks down by cohorts only.');
  }
  return {
    startEvent: params.start || defaultEvent,
    returnEvent: params.return || params.start || defaultEvent,
    interval,
    periods,
    where: where as FilterLike[],
    breakdown: breakdown && (breakdown.cohorts as string[]).length ? { cohorts: breakdown.cohorts as string[] } : null,
    cell: readCell(params.cell, params.cellValue),
  };
}

/** `cell=<ISO start>~<period>`; anything else is no cell (a stale link shows the report). */
function readCell(text: string | undefined, value: string | undefined): RetentionSpec["cell"] {
  const match = /^(.+)~(\d{1,4})$/.exec(text ?? "");
  if (!match || Number.isNaN(Date.parse(match[1]))) return null;
  return { start: match[1], period: Number(match[2]), value: value || null };
}

/** The address's value for a cell. */
export function cellParam(start: string, period: number): string {
  return `${start}~${period}`;
}

export function retentionQuery(spec: RetentionSpec, from: number, to: number) {
  return {
    kind: "retention" as const,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    startEvent: spec.startEvent,
    returnEvent: spec.returnEvent,
    interval: spec.interval,
    periods: spec.periods,
    where: spec.where,
    ...(spec.breakdown ? { breakdown: spec.breakdown } : {}),
  };
}

/** Has period n of this cohort begun by `end`? (Later periods are not zero, they are unknown.) */
export function periodStarted(cohort: RetentionCohort, n: number, interval: "day" | "week", zone: string, end: number): boolean {
  return DateTime.fromISO(cohort.start, { zone }).plus({ [interval]: n }).toMillis() < end;
}

/** Per period: returned and cohort persons summed over the cohorts that have reached it. */
export function retentionCurve(cohorts: RetentionCohort[], periods: number, interval: "day" | "week", zone: string, end: number) {
  return Array.from({ length: periods }, (_, n) => {
    let returned = 0;
    let of = 0;
    for (const c of cohorts) {
      if (!periodStarted(c, n, interval, zone, end)) continue;
      returned += c.returned[n] ?? 0;
      of += c.users;
    }
    return { returned, of, percent: of ? (returned / of) * 100 : null };
  });
}
