// Human labels for bucket starts, in the project's zone.
import { DateTime } from "luxon";
import type { Interval } from "./timeBuckets";

const FORMATS: Record<Interval, string> = { hour: "ccc HH:mm", day: "LLL d", week: "'Week of' LLL d", month: "LLL yyyy" };

export function bucketLabel(ms: number, interval: Interval, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat(FORMATS[interval]);
}

export function dateTimeLabel(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat("LLL d, HH:mm:ss");
}

/**
 * The index of the bucket still in progress at `now` (its end is after now), or
 * null when every bucket is over. Charts draw that bucket dashed so a day that
 * has only just begun does not read as a drop.
 */
export function incompleteBucketIndex(startsMs: number[], interval: Interval, zone: string, now = Date.now()): number | null {
  for (let i = 0; i < startsMs.length; i++) {
    const start = startsMs[i];
    const end = DateTime.fromMillis(start, { zone }).plus({ [`${interval}s`]: 1 }).toMillis();
    if (start <= now && now < end) return i;
  }
  return null;
}
