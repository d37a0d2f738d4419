// Which variant a distinct id gets (API.md 6): a pure function of the
// experiment's key, its weights and the id, so every server, the SDK's answer
// and a vendor's flags route agree without storing an assignment.
import { createHash } from "node:crypto";
import type { Variant } from "./definition";

/** 16^15: the first 15 hex digits of a SHA-1 are an integer below it. */
const SPACE = 16 ** 15;

/**
 * u in [0, 1): the first 15 hex digits of sha1("<key>.<distinctId>") over 16^15.
 * 15 hex digits are 60 bits, more than a double holds exactly: the integer is
 * read as a BigInt and rounded once, to the nearest double, and dividing by a
 * power of two is exact, so u is the same wherever it is computed with one
 * correctly rounded conversion.
 */
export function bucketOf(experimentKey: string, distinctId: string): number {
  const hex = createHash("sha1").update(`${experimentKey}.${distinctId}`, "utf8").digest("hex").slice(0, 15);
  return Number(BigInt(`0x${hex}`)) / SPACE;
}

/** The first variant whose cumulative weight share exceeds u. */
export function variantAt(variants: readonly Variant[], u: number): string {
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  let cumulative = 0;
  for (const variant of variants) {
    cumulative += variant.weight;
    if (cumulative / total > u) return variant.key;
  }
  // Only reachable when rounding leaves the last share a hair under 1.
  return variants[variants.length - 1].key;
}

export function assignVariant(experiment: { key: string; variants: readonly Variant[] }, distinctId: string): string {
  return variantAt(experiment.variants, bucketOf(experiment.key, distinctId));
}
