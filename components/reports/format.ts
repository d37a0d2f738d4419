// Number, percentage, duration and value formatting shared by every report.

const integer = new Intl.NumberFormat("en-US");
const decimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export function formatCount(n: number): string {
  return integer.format(n);
}

/** Whole numbers as counts, anything else with at most two decimals. */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? integer.format(n) : decimal.format(n);
}

/** 0.4567 -> "45.7%"; whole percentages without ".0". */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return "—";
  return `${(fraction * 100).toFixed(1).replace(/\.0$/, "")}%`;
}

/** Seconds as a short human duration: "45s", "3m 20s", "2h 5m", "3d 4h". */
export function humanDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m ${s % 60}s` : `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

/** A property value as people read it: strings bare, null as "(not set)". */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return "(not set)";
  if (value === "$other") return "Other";
  if (typeof value === "string") return value === "" ? '""' : value;
  return JSON.stringify(value);
}

// Event names have one display name everywhere: components/format/event.ts.
export { eventLabel } from "@/components/format/event";
