// A variant's 95% confidence interval drawn as a bar around its lift, on a
// scale shared by every row of one metric (so rows can be compared by eye),
// with the control's zero as a vertical line.
const WIDTH = 240;
const HEIGHT = 24;
const PAD = 6;

export function IntervalBar({ interval, lift, extent, label }: { interval: [number, number]; lift: number; extent: number; label: string }) {
  const scale = (value: number) => PAD + ((value + extent) / (2 * extent)) * (WIDTH - 2 * PAD);
  const [lo, hi] = interval;
  const color = lo > 0 ? "#059669" : hi < 0 ? "#dc2626" : "#64748b";
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-6 w-full max-w-60" role="img" aria-label={label}>
      <line x1={scale(0)} x2={scale(0)} y1={2} y2={HEIGHT - 2} stroke="#94a3b8" strokeDasharray="2 2" />
      <rect x={scale(lo)} y={HEIGHT / 2 - 4} width={Math.max(1, scale(hi) - scale(lo))} height={8} rx={3} fill={color} fillOpacity={0.35} />
      <circle cx={scale(lift)} cy={HEIGHT / 2} r={4} fill={color} />
    </svg>
  );
}

/** The half-width of a metric's shared scale: every interval fits, with a little room. */
export function intervalExtent(intervals: ([number, number] | null | undefined)[]): number {
  let extent = 0;
  for (const interval of intervals) if (interval) extent = Math.max(extent, Math.abs(interval[0]), Math.abs(interval[1]));
  return extent > 0 ? extent * 1.1 : 1;
}
