// The one way a date or time is shown: in the project's time zone, in one of a
// few fixed styles. Pages pass the zone (a project's, or for an organization's
// pages the zone of its first project); nothing formats dates by hand.
// Luxon with a fixed locale, so the server and the browser print the same text.
import { DateTime } from "luxon";

export type TimeStyle = "dateTime" | "date" | "time" | "day" | "moment";

const FORMATS: Record<TimeStyle, string> = {
  /** Dec 5, 2026, 15:07 — tables and stats. */
  dateTime: "LLL d, yyyy, HH:mm",
  /** Dec 5, 2026 — when only the day matters (keys, catalog). */
  date: "LLL d, yyyy",
  /** Dec 5, 15:07:02 — a feed of recent events (Live), where seconds matter. */
  moment: "LLL d, HH:mm:ss",
  /** 15:07:02 — under a day heading (timelines). */
  time: "HH:mm:ss",
  /** Saturday, December 5, 2026 — a day heading. */
  day: "cccc, LLLL d, yyyy",
};

export type TimeValue = string | number | Date;

function toDateTime(value: TimeValue, zone: string): DateTime | null {
  const base = value instanceof Date ? DateTime.fromJSDate(value) : typeof value === "number" ? DateTime.fromMillis(value) : DateTime.fromISO(value);
  if (!base.isValid) return null;
  const zoned = base.setZone(zone).setLocale("en-US");
  // An unknown zone name would make every date "Invalid DateTime": show UTC instead.
  return zoned.isValid ? zoned : base.setZone("UTC").setLocale("en-US");
}

/** `value` in `zone`, in `style`; "—" for a missing or unreadable time. */
export function formatTime(value: TimeValue | null | undefined, zone: string, style: TimeStyle = "dateTime"): string {
  if (value === null || value === undefined || value === "") return "—";
  const time = toDateTime(value, zone);
  return time ? time.toFormat(FORMATS[style]) : "—";
}

/** The full moment with its zone, for a tooltip: "Dec 5, 2026, 15:07:02 Europe/Paris (GMT+1)". */
export function formatTimeWithZone(value: TimeValue, zone: string): string {
  const time = toDateTime(value, zone);
  return time ? `${time.toFormat("LLL d, yyyy, HH:mm:ss")} ${time.zoneName} (${time.toFormat("ZZZZ")})` : "—";
}

/** The machine-readable instant for <time dateTime>: ISO 8601 in UTC. */
export function isoInstant(value: TimeValue): string | null {
  const time = toDateTime(value, "UTC");
  return time ? time.toUTC().toISO() : null;
}

/**
 * The zone an organization's own pages (members, invitations, audit log) show
 * times in: the zone its projects share, or UTC when they differ or there are none.
 */
export function organizationZone(projectZones: readonly string[]): string {
  const zones = new Set(projectZones);
  return zones.size === 1 ? [...zones][0] : "UTC";
}
