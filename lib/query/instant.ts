// Stored times as ISO 8601 text, for every read path. Ingestion refuses absurd
// timestamps (lib/ingest/validate.ts), but rows stored before that check, or
// written by hand, can hold any number: `new Date(9e15).toISOString()` throws
// RangeError and took whole pages and API answers down with it. A read never
// fails on a stored value: out-of-range times are shown at the nearest end of
// what a JavaScript Date can hold, and a non-number as the epoch.

/** The largest |ms| a Date holds (ECMAScript: 100,000,000 days either side of the epoch). */
export const MAX_DATE_MS = 8.64e15;

/** A stored millisecond value as a Date-safe number: finite and within the Date range. */
export function representableMs(value: unknown): number {
  const ms = typeof value === "bigint" ? Number(value) : typeof value === "string" ? Number(value) : typeof value === "number" ? value : NaN;
  if (!Number.isFinite(ms)) return 0;
  return Math.max(-MAX_DATE_MS, Math.min(MAX_DATE_MS, Math.trunc(ms)));
}

/** ISO 8601 text of a stored millisecond value; never throws. */
export function storedInstant(value: unknown): string {
  return new Date(representableMs(value)).toISOString();
}

/** The same, keeping null (a person never seen). */
export function storedInstantOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : storedInstant(value);
}
