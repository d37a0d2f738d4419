// The retention report in the address: start, return, interval (day|week),
// periods, where=[filters].
import { DateTime } from "luxon";
import type { RetentionCohort } from "@/lib/query/retention";
import { jsonParam, SpecProblem, type FilterLike } from "../params";

export interface RetentionSpec {
  startEvent: string;
  returnEvent: string;
  interval: string;
  periods: number | string;
  where: FilterLike[];
}

export const DEFAULT_PERIODS = { day: 14, week: 8 } as const;

export function readRetentionSpec(params: Record<string, string | undefined>, defaultEvent: string): RetentionSpec {
  const where = jsonParam<unknown>(params, "where", []);
  if (!Array.isArray(where)) throw new SpecProblem('"where" in the address must be a list of filters.');
  const interval = params.interval ?? "day";
  const periods = params.periods === undefined ? (DEFAULT_PERIODS[interval as "day" | "week"] ?? 8) : /^\d+$/.test(params.periods) ? Number(params.periods) : params.periods;
  return { startEvent: params.start || defaultEvent, returnEvent: params.return || params.start || defaultEvent, interval, periods, where: where as FilterLike[] };
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
