// Splitting a long list of rows or keys into statements of bounded size, below
// SQLite's limit of bound values (32,766).

/** `items` in consecutive parts of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
  return parts;
}
