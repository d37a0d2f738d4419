// Series colours for every report chart: distinct, readable on white, and in
// the same order everywhere (series 1 is always indigo).
export const PALETTE = [
  "79 70 229", // indigo-600
  "16 185 129", // emerald-500
  "245 158 11", // amber-500
  "236 72 153", // pink-500
  "14 165 233", // sky-500
  "139 92 246", // violet-500
  "239 68 68", // red-500
  "20 184 166", // teal-500
  "132 204 22", // lime-500
  "100 116 139", // slate-500
] as const;

export function color(index: number, alpha = 1): string {
  const rgb = PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length].split(" ").join(", ");
  return alpha === 1 ? `rgb(${rgb})` : `rgba(${rgb}, ${alpha})`;
}

/** A stable colour index for a name (the same event gets the same colour in every step of a Sankey). */
export function colorIndexOf(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) | 0;
  return Math.abs(h) % PALETTE.length;
}
