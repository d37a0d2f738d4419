// The running experiments of each project, kept in memory for GET
// /api/experiments and PostHog's flags route, which every page view of a site
// with the SDK may call. Whether one is live at a given moment (start <= now <
// end) is decided per request from the cached list, so a start or end passing
// needs no reload. A change made in this process applies at once
// (forgetRunningExperiments, called by lib/experiments/index.ts); one made by
// another server process within TTL_MS.
export const TTL_MS = 5_000;

interface Entry<T> {
  value: Promise<T>;
  loadedAt: number;
}

// On globalThis under a registered symbol: Next may bundle this module more
// than once (the experiments routes, the flags route), and a change saved
// through one must reach them all.
const CACHE = Symbol.for("crumbtrail.runningExperiments");
const holder = globalThis as { [CACHE]?: Map<string, Entry<unknown>> };
function entries(): Map<string, Entry<unknown>> {
  return (holder[CACHE] ??= new Map());
}

/**
 * The project's cached value, or `load()`'s answer cached for TTL_MS.
 * Requests arriving while a load is under way share it; a failed load is not
 * kept. A load that a forget overtook is answered to its callers but not kept,
 * so a change is never hidden by a read that started before it.
 */
export function cachedRunningExperiments<T>(projectId: string, load: () => Promise<T>, now: number = Date.now()): Promise<T> {
  const map = entries();
  const seen = map.get(projectId) as Entry<T> | undefined;
  if (seen && now - seen.loadedAt < TTL_MS) return seen.value;
  const entry: Entry<T> = { value: load(), loadedAt: now };
  map.set(projectId, entry);
  entry.value.catch(() => {
    if (map.get(projectId) === entry) map.delete(projectId);
  });
  return entry.value;
}

/** An experiment of the project was created, changed or deleted: the next request reloads. */
export function forgetRunningExperiments(projectId: string): void {
  entries().delete(projectId);
}
