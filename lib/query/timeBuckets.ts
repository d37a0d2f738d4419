// Report buckets aligned to the project's time zone (DST included, weeks start
// on Monday), every bucket of the range present. Luxon does the calendar work.
import { DateTime } from "luxon";

export type Interval = "hour" | "day" | "week" | "month";

export interface Bucket {
  /** The bucket's own start (may precede the range's `from`). */
  t: number;
  /** The part of the bucket inside [from, to). */
  start: number;
  end: number;
}

export const MAX_BUCKETS = 2000;

export function timeBuckets(from: number, to: number, interval: Interval, zone: string): Bucket[] {
  const out: Bucket[] = [];
  let cursor = DateTime.fromMillis(from, { zone }).startOf(interval, { useLocaleWeeks: false });
  while (cursor.toMillis() < to) {
    const next = cursor.plus({ [interval]: 1 });
    out.push({ t: cursor.toMillis(), start: Math.max(cursor.toMillis(), from), end: Math.min(next.toMillis(), to) });
    if (out.length > MAX_BUCKETS) throw new RangeError(`A range of more than ${MAX_BUCKETS} ${interval}s is too many buckets.`);
    cursor = next;
  }
  return out;
}

export function isoInZone(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true })!;
}
