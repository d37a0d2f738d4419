// X-Crumbtrail-Signature: "sha256=" + hex HMAC-SHA256 of the exact body bytes,
// keyed with the destination's secret. The receiver recomputes it over the raw
// body it got (before any JSON parsing) and compares in constant time.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "X-Crumbtrail-Signature";

export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/** True when `header` is the signature of `body` under `secret`. */
export function verifySignature(body: string | Buffer, secret: string, header: string | null | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
