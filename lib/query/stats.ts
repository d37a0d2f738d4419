// Small exact statistics shared by reports (computed in JS where SQL lacks them).

/** Linear-interpolation percentile, as PostgreSQL's percentile_cont; 0 for no values. */
export function percentile(values: number[], fraction: number): number {
  if (!values.length) return 0;
  // A typed array sorts numbers natively, without a comparator call per pair.
  const sorted = Float64Array.from(values).sort();
  const position = (sorted.length - 1) * fraction;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export function median(values: number[]): number | null {
  return values.length ? percentile(values, 0.5) : null;
}
