// Slows down password guessing: after too many failed sign-ins for one account
// or from one address within the window, further attempts are refused with a
// clear message until the window has passed. Kept in memory (one server process).
const WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export class SignInThrottled extends Error {}

const failures = new Map<string, number[]>();

function recent(key: string, now: number): number[] {
  const list = (failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  if (list.length) failures.set(key, list);
  else failures.delete(key);
  return list;
}

function minutesLeft(list: number[], now: number): number {
  return Math.max(1, Math.ceil((list[0] + WINDOW_MS - now) / 60_000));
}

/** Throws SignInThrottled when this account or address has failed too often lately. */
export function checkSignIn(email: string, address: string | null, now = Date.now()): void {
  const account = recent(`account:${email.toLowerCase()}`, now);
  if (account.length >= MAX_FAILURES_PER_ACCOUNT) {
    throw new SignInThrottled(`Too many failed sign-ins for this account. Try again in ${minutesLeft(account, now)} minutes.`);
  }
  if (address) {
    const fromAddress = recent(`address:${address}`, now);
    if (fromAddress.length >= MAX_FAILURES_PER_ADDRESS) {
      throw new SignInThrottled(`Too many failed sign-ins from your network. Try again in ${minutesLeft(fromAddress, now)} minutes.`);
    }
  }
}

export function recordFailure(email: string, address: string | null, now = Date.now()): void {
  for (const key of [`account:${email.toLowerCase()}`, ...(address ? [`address:${address}`] : [])]) {
    failures.set(key, [...recent(key, now), now]);
  }
  // Bound the memory an attacker spraying addresses can take.
  if (failures.size > 100_000) failures.delete(failures.keys().next().value!);
}

export function recordSuccess(email: string): void {
  failures.delete(`account:${email.toLowerCase()}`);
}
