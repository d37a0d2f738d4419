// A board's range as instants in the project's zone, and the period before it
// of equal length (each tile's "compare to previous period").
import { DateTime } from "luxon";
import { ApiError } from "../http/errors";
import { RANGE_PRESETS, resolveRange } from "../query/ranges";
import type { Interval } from "../query/timeBuckets";
import { BOARD_RANGES, isDateOnly, type BoardScope } from "./schema";

export interface BoardRange {
  from: number;
  to: number;
  previous: { from: number; to: number };
  /** How the range reads on a tile: "Last 30 days" or the dates. */
  label: string;
  /** The bucket that suits the range (the Overview's chart). */
  interval: Interval;
}

function intervalFor(ms: number): Interval {
  const days = ms / 86_400_000;
  if (days <= 2) return "hour";
  if (days <= 120) return "day";
  if (days <= 730) return "week";
  return "month";
}

const MAX_DAYS = 3660;

function invalid(message: string): ApiError {
  return new ApiError(400, "invalid_board_range", message);
}

export function resolveBoardRange(scope: Pick<BoardScope, "range" | "from" | "to">, zone: string, now = Date.now()): BoardRange {
  if (scope.from && scope.to) {
    if (isDateOnly(scope.from) && isDateOnly(scope.to)) {
      // Whole days in the project's zone, both included (as the report pages' custom dates).
      const start = DateTime.fromISO(scope.from, { zone }).startOf("day");
      const last = DateTime.fromISO(scope.to, { zone }).startOf("day");
      if (!start.isValid || !last.isValid) throw invalid("Those dates do not exist.");
      if (last < start) throw invalid("The end date is before the start date.");
      const days = Math.round(last.diff(start, "days").days) + 1;
      if (days > MAX_DAYS) throw invalid("Pick a range of at most ten years.");
      return {
        from: start.toMillis(),
        to: last.plus({ days: 1 }).toMillis(),
        previous: { from: start.minus({ days }).toMillis(), to: start.toMillis() },
        label: days === 1 ? start.toFormat("LLL d, yyyy") : `${start.toFormat("LLL d, yyyy")} – ${last.toFormat("LLL d, yyyy")}`,
        interval: intervalFor(days * 86_400_000),
      };
    }
    const from = Date.parse(scope.from);
    const to = Date.parse(scope.to);
    if (!(to > from)) throw invalid("to must be after from.");
    if (to - from > MAX_DAYS * 86_400_000) throw invalid("Pick a range of at most ten years.");
    const fmt = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat("LLL d, yyyy HH:mm");
    return { from, to, previous: { from: from - (to - from), to: from }, label: `${fmt(from)} – ${fmt(to)}`, interval: intervalFor(to - from) };
  }
  const preset = BOARD_RANGES[scope.range ?? "last_30_days"];
  const r = resolveRange(preset, zone, now);
  const shift = preset === "24h" ? { hours: 24 } : { days: Number(preset.replace("d", "")) };
  const back = (ms: number) => DateTime.fromMillis(ms, { zone }).minus(shift).toMillis();
  return { from: r.from, to: r.to, previous: { from: back(r.from), to: back(r.to) }, label: RANGE_PRESETS[preset].label, interval: r.interval };
}
