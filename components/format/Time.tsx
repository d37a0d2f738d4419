import { formatTime, formatTimeWithZone, isoInstant, type TimeStyle, type TimeValue } from "./time";

/**
 * A moment as people read it (in the project's zone) inside a <time> element
 * machines can read; hovering shows the full time with its zone.
 */
export function Time({ value, zone, style = "dateTime", className }: { value: TimeValue | null | undefined; zone: string; style?: TimeStyle; className?: string }) {
  const iso = value === null || value === undefined ? null : isoInstant(value);
  if (!iso || value === null || value === undefined) return <span className={className}>—</span>;
  return (
    <time dateTime={iso} title={formatTimeWithZone(value, zone)} className={className}>
      {formatTime(value, zone, style)}
    </time>
  );
}
