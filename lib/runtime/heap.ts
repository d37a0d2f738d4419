// How eagerly the server's JavaScript heap grows. By default V8 lets the old
// generation grow to a few times what survived the last full collection when
// allocation is fast, and ingestion allocates fast (every message is parsed,
// validated, enriched and serialised): under batched load the server's RSS
// reached 610-660 MB, most of it garbage waiting for a collection. Growing by
// at most 50% over the live heap keeps it under 400 MB for 5-15% more CPU per
// event (bench/RESULTS.md, "Memory").
import v8 from "node:v8";

export const HEAP_GROWING_PERCENT = 50;

/**
 * Applies the limit to this process (V8 flags are process-wide: the writer
 * thread too). Set at run time rather than on the command line because a V8
 * flag a future Node no longer knows is then ignored instead of refusing to start.
 */
export function limitHeapGrowth(percent = HEAP_GROWING_PERCENT): void {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
