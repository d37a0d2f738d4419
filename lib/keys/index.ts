// Project keys (API.md section 1). Write keys are public and only ingest;
// secret keys read one project's data and are kept only as a SHA-256 digest.
// A secret key carries 192 random bits, so a fast digest is enough: there is
// nothing to brute-force, unlike a password.
import crypto from "node:crypto";

export const WRITE_KEY_PREFIX = "ct_wk_";
export const SECRET_KEY_PREFIX = "ct_sk_";

function randomToken(bytes: number): string {
  return crypto.randomBytes(bytes).toString("base64url");
}

export function newWriteKey(): string {
  return WRITE_KEY_PREFIX + randomToken(18);
}

export interface NewSecretKey {
  /** The key itself: shown once, never stored. */
  key: string;
  hash: string;
  /** What lists show so people can tell keys apart. */
  prefix: string;
}

export function newSecretKey(): NewSecretKey {
  const key = SECRET_KEY_PREFIX + randomToken(24);
  return { key, hash: hashSecretKey(key), prefix: key.slice(0, SECRET_KEY_PREFIX.length + 4) };
}

export function hashSecretKey(key: string): string {
  return crypto.createHash("sha256").update(key, "utf8").digest("hex");
}

export function looksLikeSecretKey(value: string): boolean {
  return value.startsWith(SECRET_KEY_PREFIX) && value.length < 200;
}

// ---------------------------------------------------------------- invitation links

export const INVITATION_TOKEN_PREFIX = "ct_inv_";

/** The token in an invitation link; like a secret key, only its SHA-256 is kept. */
export function newInvitationToken(): { token: string; hash: string } {
  const token = INVITATION_TOKEN_PREFIX + randomToken(24);
  return { token, hash: hashSecretKey(token) };
}

export function looksLikeInvitationToken(value: unknown): value is string {
  return typeof value === "string" && /^ct_inv_[A-Za-z0-9_-]{16,64}$/.test(value);
}
