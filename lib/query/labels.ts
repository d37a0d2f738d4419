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
