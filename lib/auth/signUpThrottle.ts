// Caps how many sign-ups one client address (lib/http/clientAddress.ts) may
// attempt in an hour: mass account creation, and probing which emails are
// registered through the sign-up form, both need many. Kept in memory (one
// server process); a sliding window of attempt times per address.
export const SIGN_UPS_PER_ADDRESS_PER_HOUR = 20;
const WINDOW_MS = 60 * 60_000;
const MAX_ADDRESSES = 100_000;

export class SignUpThrottled extends Error {}

const attempts = new Map<string, number[]>();

/**
 * Counts one sign-up attempt from `address`, or throws SignUpThrottled saying
 * how long to wait. Without a vouched-for address (a server that did not stamp
 * one) every attempt shares one allowance, so the cap still holds.
 */
export function countSignUp(address: string | null, now = Date.now()): void {
  const key = address ?? "unknown";
  const recent = (attempts.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  if (recent.length >= SIGN_UPS_PER_ADDRESS_PER_HOUR) {
    attempts.set(key, recent);
    const minutes = Math.max(1, Math.ceil((recent[0] + WINDOW_MS - now) / 60_000));
    throw new SignUpThrottled(`Too many sign-ups from your network. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`);
  }
  attempts.delete(key);
  attempts.set(key, [...recent, now]);
  if (attempts.size > MAX_ADDRESSES) attempts.delete(attempts.keys().next().value!);
}

/** Forgets every attempt (tests). */
export function resetSignUpThrottle(): void {
  attempts.clear();
}
