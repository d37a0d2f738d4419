// Write key -> project id, for every ingestion request. Cached briefly in memory
// so the hot path does not read the projects table per request; a deleted project
// or a rotated key stops working within the TTL (at once in this process).
import { connections } from "../db";

const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;
const cache = new Map<string, { projectId: string | null; expires: number }>();

export async function projectIdForWriteKey(writeKey: string): Promise<string | null> {
  const now = Date.now();
  const hit = cache.get(writeKey);
  if (hit && hit.expires > now) return hit.projectId;
  const project = await connections().prisma.project.findUnique({ where: { writeKey }, select: { id: true } });
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(writeKey, { projectId: project?.id ?? null, expires: now + TTL_MS });
  return project?.id ?? null;
}

export function forgetWriteKey(writeKey: string): void {
  cache.delete(writeKey);
}
