// Named date ranges for the dashboard's range picker, resolved in the project's zone.
import { DateTime } from "luxon";
import type { Interval } from "./timeBuckets";

export const RANGE_PRESETS = {
  "24h": { label: "Last 24 hours", interval: "hour" },
  "7d": { label: "Last 7 days", interval: "day" },
  "30d": { label: "Last 30 days", interval: "day" },
  "90d": { label: "Last 90 days", interval: "week" },
} as const satisfies Record<string, { label: string; interval: Interval }>;

export type RangePreset = keyof typeof RANGE_PRESETS;

export function isRangePreset(value: unknown): value is RangePreset {
  return typeof value === "string" && Object.hasOwn(RANGE_PRESETS, value);
}

export interface ResolvedRange {
  preset: RangePreset;
  from: number;
  to: number;
  interval: Interval;
}

/** Day ranges run from the start of the day N-1 days ago to now, so today is included. */
export function resolveRange(preset: RangePreset, zone: string, now = Date.now()): ResolvedRange {
  const { interval } = RANGE_PRESETS[preset];
  const current = DateTime.fromMillis(now, { zone });
  const from =
    preset === "24h"
      ? current.minus({ hours: 23 }).startOf("hour")
      : current.minus({ days: Number(preset.replace("d", "")) - 1 }).startOf("day");
  return { preset, from: from.toMillis(), to: now + 1, interval };
}
