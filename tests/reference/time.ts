// Calendar arithmetic of the reference, deliberately independent of the server's
// (which uses Luxon): wall-clock fields come from Intl.DateTimeFormat, and a bucket's
// start is found by binary search for the first instant that shares the bucket's
// calendar key. Slow, and obviously right for every zone whose calendar dates move
// forward monotonically (all zones the tests use).

export type RefInterval = "hour" | "day" | "week" | "month";

export interface WallClock {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
  hour: number; // 0..23
  minute: number;
  second: number;
  millisecond: number;
  /** 1 = Monday ... 7 = Sunday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      weekday: "short",
    });
    formatters.set(zone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The wall clock of instant `ms` in `zone`. */
export function wallClock(ms: number, zone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const part of formatter(zone).formatToParts(new Date(ms))) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    millisecond: ((ms % 1000) + 1000) % 1000,
    weekday: WEEKDAYS[parts.weekday],
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The calendar key of the day/week/month containing `ms` (equal keys = same bucket). */
function calendarKey(ms: number, interval: Exclude<RefInterval, "hour">, zone: string): string {
  const w = wallClock(ms, zone);
  if (interval === "month") return `${w.year}-${pad(w.month)}`;
  if (interval === "day") return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
  // week: the local date of that week's Monday (plain date arithmetic on a UTC date)
  const monday = new Date(Date.UTC(w.year, w.month - 1, w.day - (w.weekday - 1)));
  return `W${monday.toISOString().slice(0, 10)}`;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How far back a bucket can start at most, for the binary search's lower end. */
const LOOKBACK: Record<Exclude<RefInterval, "hour">, number> = { day: 2 * DAY, week: 9 * DAY, month: 33 * DAY };

/** Start (UTC ms) of the bucket of `interval` in `zone` that contains `ms`. */
export function bucketStart(ms: number, interval: RefInterval, zone: string): number {
  if (interval === "hour") {
    // Offsets change only at whole local hours, so an hour bucket starts where the
    // local minutes, seconds and milliseconds are all zero.
    const w = wallClock(ms, zone);
    return ms - (w.minute * 60_000 + w.second * 1000 + w.millisecond);
  }
  const key = calendarKey(ms, interval, zone);
  let lo = ms - LOOKBACK[interval]; // a different (earlier) bucket
  let hi = ms; // the same bucket
  if (calendarKey(lo, interval, zone) === key) throw new Error(`bucketStart: lookback too short for ${interval}`);
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (calendarKey(mid, interval, zone) === key) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** A jump from a bucket's start that surely lands inside the next bucket. */
const JUMP: Record<RefInterval, number> = { hour: 1.5 * HOUR, day: 36 * HOUR, week: 7.5 * DAY, month: 35 * DAY };

/** Start of the bucket right after the one starting at `start`. */
export function nextBucketStart(start: number, interval: RefInterval, zone: string): number {
  const next = bucketStart(start + JUMP[interval], interval, zone);
  if (next <= start) throw new Error("nextBucketStart did not advance");
  return next;
}

/** Starts of every bucket from the one containing `from` up to (excluding) `to`. */
export function bucketStarts(from: number, to: number, interval: RefInterval, zone: string): number[] {
  const out: number[] = [];
  for (let b = bucketStart(from, interval, zone); b < to; b = nextBucketStart(b, interval, zone)) {
    out.push(b);
    if (out.length > 100_000) throw new Error("bucketStarts: too many buckets");
  }
  return out;
}

export const iso = (ms: number): string => new Date(ms).toISOString();
