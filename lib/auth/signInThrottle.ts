// Slows down password guessing without letting anyone lock a person out.
// Each account and each client address (lib/http/clientAddress.ts: only what
// this server can vouch for, never a client-chosen X-Forwarded-For) may fail a
// few times freely; after that every further attempt must wait a delay that
// doubles with each failure, up to MAX_DELAY_MS. Once the wait is over, the
// right password works again, so a stranger failing on purpose can slow an
// account down but never shut its owner out for long. Failures are forgotten
// after FORGET_AFTER_MS without any. Kept in memory (one server process).
export const FREE_FAILURES_PER_ACCOUNT = 5;
export const FREE_FAILURES_PER_ADDRESS = 20;
export const FIRST_DELAY_MS = 2_000;
export const MAX_DELAY_MS = 5 * 60_000;
export const FORGET_AFTER_MS = 60 * 60_000;
/** Bounds the memory an attacker spraying addresses or accounts can take. */
const MAX_ENTRIES = 100_000;

export class SignInThrottled extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

interface Failures {
  count: number;
  last: number;
}

const failures = new Map<string, Failures>();

/** How long after the last failure the next attempt must wait, given `count` failures. */
export function backoffDelay(count: number, free: number): number {
  if (count < free) return 0;
  return Math.min(FIRST_DELAY_MS * 2 ** Math.min(count - free, 30), MAX_DELAY_MS);
}

function current(key: string, now: number): Failures | null {
  const entry = failures.get(key);
  if (entry && now - entry.last >= FORGET_AFTER_MS) {
    failures.delete(key);
    return null;
  }
  return entry ?? null;
}

function remember(key: string, entry: Failures): void {
  // Re-inserted so the Map's order is least recently failed first.
  failures.delete(key);
  failures.set(key, entry);
  if (failures.size > MAX_ENTRIES) failures.delete(failures.keys().next().value!);
}

function waitFor(key: string, free: number, now: number): number {
  const entry = current(key, now);
  if (!entry) return 0;
  return Math.max(0, entry.last + backoffDelay(entry.count, free) - now);
}

/** "3 seconds" or "2 minutes", rounded up. */
function inWords(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} ${seconds === 1 ? "second" : "seconds"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
}

const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
const addressKey = (address: string) => `address:${address}`;

export interface SignInAttempt {
  /** The password was right: the account's failures are forgotten, and this attempt no longer counts against the address. */
  succeeded(): void;
}

/**
 * Starts a sign-in attempt, or throws SignInThrottled saying how long to wait.
 * The attempt counts as a failure from the start, so a burst of parallel
 * guesses cannot all pass before the first one is found wrong; a success
 * takes it back (`succeeded`).
 */
export function startSignIn(email: string, address: string | null, now = Date.now()): SignInAttempt {
  const account = accountKey(email);
  const accountWait = waitFor(account, FREE_FAILURES_PER_ACCOUNT, now);
  if (accountWait > 0) {
    throw new SignInThrottled(`Too many failed sign-ins for this account. Try again in ${inWords(accountWait)}.`, accountWait);
  }
  const fromAddress = address ? addressKey(address) : null;
  const addressWait = fromAddress ? waitFor(fromAddress, FREE_FAILURES_PER_ADDRESS, now) : 0;
  if (addressWait > 0) {
    throw new SignInThrottled(`Too many failed sign-ins from your network. Try again in ${inWords(addressWait)}.`, addressWait);
  }
  for (const key of fromAddress ? [account, fromAddress] : [account]) {
    remember(key, { count: (current(key, now)?.count ?? 0) + 1, last: now });
  }
  return {
    succeeded() {
      failures.delete(account);
      const entry = fromAddress ? failures.get(fromAddress) : undefined;
      if (entry && fromAddress) {
        if (entry.count <= 1) failures.delete(fromAddress);
        else entry.count -= 1;
      }
    },
  };
}

/** Forgets every failure (tests). */
export function resetSignInThrottle(): void {
  failures.clear();
}
