// Write key -> project id, for every ingestion request. Cached briefly in memory
// so the hot path does not read the projects table per request; a deleted project
// or a rotated key stops working, and a changed rate limit applies, within the
// TTL (at once in this process); so do changed catalog caps.
import { connections } from "../db";
import type { CatalogLimits } from "../store/catalogCaps";

const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

export interface IngestProject {
  id: string;
  /** Messages a second, or null for no limit. */
  rateLimitPerSecond: number | null;
  /** The caps on its catalog, passed to the writer with every request. */
  limits: CatalogLimits;
}

interface WriteKeyCache {
  entries: Map<string, { project: IngestProject | null; expires: number }>;
  /**
   * Bumped by every forgetWriteKey: a lookup that read the database before a
   * rotation committed must not put the old key back into the cache after it.
   */
  generation: number;
}

// On globalThis under a registered symbol: Next may compile this module into
// more than one bundle (the ingestion routes, the settings route and actions),
// and a key forgotten by one copy must be forgotten by all.
const CACHE = Symbol.for("crumbtrail.writeKeyCache");
const holder = globalThis as { [CACHE]?: WriteKeyCache };
function shared(): WriteKeyCache {
  return (holder[CACHE] ??= { entries: new Map(), generation: 0 });
}

export async function projectForWriteKey(writeKey: string): Promise<IngestProject | null> {
  const cache = shared();
  const now = Date.now();
  const hit = cache.entries.get(writeKey);
  if (hit && hit.expires > now) return hit.project;
  const startedAt = cache.generation;
  const row = await connections().prisma.project.findUnique({
    where: { writeKey },
    select: { id: true, rateLimitPerSecond: true, maxEventNames: true, maxEventPropertyNames: true, maxPersonPropertyNames: true },
  });
  const project: IngestProject | null = row && {
    id: row.id,
    rateLimitPerSecond: row.rateLimitPerSecond,
    limits: { eventNames: row.maxEventNames, eventPropertyNames: row.maxEventPropertyNames, personPropertyNames: row.maxPersonPropertyNames },
  };
  if (startedAt !== cache.generation) return project;
  if (cache.entries.size >= MAX_ENTRIES) cache.entries.clear();
  cache.entries.set(writeKey, { project, expires: now + TTL_MS });
  return project;
}

export function forgetWriteKey(writeKey: string): void {
  const cache = shared();
  cache.generation += 1;
  cache.entries.delete(writeKey);
}
