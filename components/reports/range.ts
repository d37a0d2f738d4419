// The date range of a report, from the address: a preset (range=7d) or custom
// calendar dates (from=2026-01-01&to=2026-01-31, both days included), resolved
// in the project's time zone. Presets mean what they mean on the Overview
// (lib/query/ranges.ts); this adds custom dates and the previous period.
import { DateTime } from "luxon";
import { isRangePreset, RANGE_PRESETS, resolveRange, type RangePreset } from "@/lib/query/ranges";
import type { ReportInterval } from "./vocabulary";

export const DEFAULT_PRESET: RangePreset = "30d";
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 3660;

export interface ReportRange {
  from: number;
  to: number;
  /** The preset, or null for custom dates. */
  preset: RangePreset | null;
  /** Custom dates as given (YYYY-MM-DD), or the preset's dates, for the date inputs. */
  fromDate: string;
  toDate: string;
  label: string;
  /** The interval that suits the range when none is asked for. */
  interval: ReportInterval;
  /** The same range, one range length earlier (for "compare to previous period"). */
  previous: { from: number; to: number };
  timezone: string;
  /** Why the address's dates were not used, if they were not. */
  problem: string | null;
}

export interface RangeParams {
  range?: string;
  from?: string;
  to?: string;
}

function intervalFor(days: number): ReportInterval {
  if (days <= 2) return "hour";
  if (days <= 120) return "day";
  if (days <= 730) return "week";
  return "month";
}

function presetRange(preset: RangePreset, zone: string, now: number, problem: string | null = null): ReportRange {
  const r = resolveRange(preset, zone, now);
  const shift = preset === "24h" ? { hours: 24 } : { days: Number(preset.replace("d", "")) };
  const back = (ms: number) => DateTime.fromMillis(ms, { zone }).minus(shift).toMillis();
  return {
    from: r.from,
    to: r.to,
    preset,
    fromDate: DateTime.fromMillis(r.from, { zone }).toISODate()!,
    toDate: DateTime.fromMillis(now, { zone }).toISODate()!,
    label: RANGE_PRESETS[preset].label,
    interval: r.interval,
    previous: { from: back(r.from), to: back(r.to) },
    timezone: zone,
    problem,
  };
}

/** Never throws: a bad custom range falls back to the default preset with `problem` set. */
export function resolveReportRange(params: RangeParams, zone: string, now = Date.now()): ReportRange {
  if (params.from || params.to) {
    const { from, to } = params;
    if (!from || !to || !DATE.test(from) || !DATE.test(to)) {
      return presetRange(DEFAULT_PRESET, zone, now, "Custom dates must both be given as YYYY-MM-DD; showing the last 30 days instead.");
    }
    const start = DateTime.fromISO(from, { zone }).startOf("day");
    const last = DateTime.fromISO(to, { zone }).startOf("day");
    if (!start.isValid || !last.isValid) return presetRange(DEFAULT_PRESET, zone, now, "Those dates do not exist; showing the last 30 days instead.");
    if (last < start) return presetRange(DEFAULT_PRESET, zone, now, "The end date is before the start date; showing the last 30 days instead.");
    const days = Math.round(last.diff(start, "days").days) + 1;
    if (days > MAX_DAYS) return presetRange(DEFAULT_PRESET, zone, now, "Pick a range of at most ten years; showing the last 30 days instead.");
    const end = last.plus({ days: 1 });
    const sameYear = start.year === last.year;
    const label =
      days === 1
        ? start.toFormat("LLL d, yyyy")
        : `${start.toFormat(sameYear ? "LLL d" : "LLL d, yyyy")} – ${last.toFormat("LLL d, yyyy")}`;
    return {
      from: start.toMillis(),
      to: end.toMillis(),
      preset: null,
      fromDate: from,
      toDate: to,
      label,
      interval: intervalFor(days),
      previous: { from: start.minus({ days }).toMillis(), to: start.toMillis() },
      timezone: zone,
      problem: null,
    };
  }
  const preset = isRangePreset(params.range) ? params.range : DEFAULT_PRESET;
  return presetRange(preset, zone, now, params.range && !isRangePreset(params.range) ? `Unknown range "${params.range}"; showing the last 30 days.` : null);
}

/** The moment a report's data can reach: the range's end, or now if that is sooner. */
export function dataEnd(range: ReportRange, now = Date.now()): number {
  return Math.min(range.to, now);
}

/** The range inside a sentence: "last 7 days", or the custom dates as they are. */
export function rangePhrase(range: ReportRange): string {
  return range.preset ? range.label.toLowerCase() : range.label;
}
