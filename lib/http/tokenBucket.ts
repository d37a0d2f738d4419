// Token buckets kept in this process, one per key: a bucket holds at most
// `capacity` tokens and refills at `perSecond`. Shared by the ingestion limit
// (lib/ingest/rateLimit.ts) and the public boards' limit (lib/boards/publicLimit.ts).
// A key without a bucket is a full bucket, so forgetting full (idle) buckets
// changes nothing; that keeps the map from growing with every key ever seen.

interface Bucket {
  tokens: number;
  updated: number;
  capacity: number;
  perSecond: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly maxKeys = 10_000) {}

  /**
   * Takes `count` tokens from `key`'s bucket. Returns 0 when taken, otherwise
   * the whole seconds (at least 1) until that many would be there; nothing is taken then.
   */
  take(key: string, capacity: number, perSecond: number, count: number, now = Date.now()): number {
    const found = this.buckets.get(key);
    const bucket = found ?? { tokens: capacity, updated: now, capacity, perSecond };
    bucket.tokens = Math.min(capacity, bucket.tokens + (Math.max(0, now - bucket.updated) / 1000) * perSecond);
    bucket.updated = now;
    bucket.capacity = capacity;
    bucket.perSecond = perSecond;
    // Re-inserted so the map's order is least recently used first (see prune),
    // after pruning so this key's own bucket is never the one forgotten.
    this.buckets.delete(key);
    if (this.buckets.size >= this.maxKeys) this.prune(now, this.maxKeys - 1);
    this.buckets.set(key, bucket);
    if (bucket.tokens < count) return Math.max(1, Math.ceil((count - bucket.tokens) / perSecond));
    bucket.tokens -= count;
    return 0;
  }

  /** Forgets buckets that have refilled; if still too many, the least recently used ones. */
  private prune(now: number, keep: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.updated) / 1000) * b.perSecond >= b.capacity) this.buckets.delete(key);
    }
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= keep) break;
      this.buckets.delete(key);
    }
  }
}
