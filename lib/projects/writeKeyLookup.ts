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

const cache = new Map<string, { project: IngestProject | null; expires: number }>();

export async function projectForWriteKey(writeKey: string): Promise<IngestProject | null> {
  const now = Date.now();
  const hit = cache.get(writeKey);
  if (hit && hit.expires > now) return hit.project;
  const row = await connections().prisma.project.findUnique({
    where: { writeKey },
    select: { id: true, rateLimitPerSecond: true, maxEventNames: true, maxEventPropertyNames: true, maxPersonPropertyNames: true },
  });
  const project: IngestProject | null = row && {
    id: row.id,
    rateLimitPerSecond: row.rateLimitPerSecond,
    limits: { eventNames: row.maxEventNames, eventPropertyNames: row.maxEventPropertyNames, personPropertyNames: row.maxPersonPropertyNames },
  };
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(writeKey, { project, expires: now + TTL_MS });
  return project;
}

export function forgetWriteKey(writeKey: string): void {
  cache.delete(writeKey);
}
