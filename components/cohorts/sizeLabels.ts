// The size chart's labels: each computation's time to the minute, with seconds
// where two computations share a minute (a save then "Recompute now"), and a
// count where they even share a second, so no two points read alike.
import { formatTime } from "@/components/format/time";

export function sizeLabels(times: string[], zone: string): string[] {
  const minutes = times.map((t) => formatTime(t, zone));
  const seen = new Map<string, number>();
  for (const label of minutes) seen.set(label, (seen.get(label) ?? 0) + 1);
  const labels = times.map((t, i) => (seen.get(minutes[i])! > 1 ? `${formatTime(t, zone)}:${formatTime(t, zone, "time").slice(-2)}` : minutes[i]));
  const repeats = new Map<string, number>();
  return labels.map((label) => {
    const n = (repeats.get(label) ?? 0) + 1;
    repeats.set(label, n);
    return n > 1 ? `${label} (${n})` : label;
  });
}
