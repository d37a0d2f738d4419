// Password hashing with argon2id (@node-rs/argon2: prebuilt, ~20 ms a hash).
import crypto from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/**
 * Spends the time a real verification takes, and always answers false: for
 * sign-ins to an unknown email (or one without a password), so the answer's
 * timing does not tell which emails have accounts. The hash is of random bytes
 * nobody knows, made once with the same parameters as real ones.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword(crypto.randomBytes(32).toString("base64url"));
  await verifyPassword(await dummyHash, password);
  return false;
}
