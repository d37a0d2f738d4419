// Password guessing is slowed down with a growing delay per account and per
// address, never a lockout: after the wait, the right password works (issue 16).
import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import {
  backoffDelay,
  FIRST_DELAY_MS,
  FORGET_AFTER_MS,
  FREE_FAILURES_PER_ACCOUNT,
  FREE_FAILURES_PER_ADDRESS,
  MAX_DELAY_MS,
  resetSignInThrottle,
  SignInThrottled,
  startSignIn,
} from "../../lib/auth/signInThrottle";

const throttled = (pattern: RegExp) => (e: unknown) => e instanceof SignInThrottled && pattern.test(e.message);

describe("sign-in throttling", () => {
  beforeEach(() => resetSignInThrottle());

  test("the delay doubles per failure after the free ones, up to a cap of a few minutes", () => {
    assert.equal(backoffDelay(FREE_FAILURES_PER_ACCOUNT - 1, FREE_FAILURES_PER_ACCOUNT), 0);
    assert.equal(backoffDelay(FREE_FAILURES_PER_ACCOUNT, FREE_FAILURES_PER_ACCOUNT), FIRST_DELAY_MS);
    assert.equal(backoffDelay(FREE_FAILURES_PER_ACCOUNT + 1, FREE_FAILURES_PER_ACCOUNT), 2 * FIRST_DELAY_MS);
    assert.equal(backoffDelay(FREE_FAILURES_PER_ACCOUNT + 2, FREE_FAILURES_PER_ACCOUNT), 4 * FIRST_DELAY_MS);
    assert.equal(backoffDelay(1_000, FREE_FAILURES_PER_ACCOUNT), MAX_DELAY_MS);
    assert.ok(MAX_DELAY_MS <= 10 * 60_000);
  });

  test("an account waits after too many failures, then the right password works", () => {
    let now = 1_000_000_000;
    for (let i = 0; i < FREE_FAILURES_PER_ACCOUNT; i++) startSignIn("Victim@example.com", `10.0.0.${i}`, now);
    assert.throws(() => startSignIn("VICTIM@example.com", "10.9.9.9", now + 1), throttled(/for this account\. Try again in 2 seconds/));
    now += FIRST_DELAY_MS;
    startSignIn("victim@example.com", "10.9.9.9", now).succeeded();
    // The success forgot the failures: the next wrong password costs nothing.
    startSignIn("victim@example.com", "10.9.9.9", now + 1);
    startSignIn("victim@example.com", "10.9.9.9", now + 2);
  });

  test("each further failure doubles the wait; it never exceeds the cap, and a quiet hour forgets", () => {
    let now = 5_000_000_000;
    for (let i = 0; i < FREE_FAILURES_PER_ACCOUNT; i++) startSignIn("slow@example.com", null, now);
    for (let n = 0; n < 20; n++) {
      const wait = backoffDelay(FREE_FAILURES_PER_ACCOUNT + n, FREE_FAILURES_PER_ACCOUNT);
      assert.throws(() => startSignIn("slow@example.com", null, now + wait - 1), SignInThrottled);
      now += wait;
      startSignIn("slow@example.com", null, now);
    }
    assert.throws(() => startSignIn("slow@example.com", null, now + 1), throttled(/Try again in 5 minutes/));
    assert.throws(() => startSignIn("slow@example.com", null, now + MAX_DELAY_MS - 1), throttled(/Try again in 1 second\./));
    startSignIn("slow@example.com", null, now + MAX_DELAY_MS);
    startSignIn("slow@example.com", null, now + MAX_DELAY_MS + FORGET_AFTER_MS);
    startSignIn("slow@example.com", null, now + MAX_DELAY_MS + FORGET_AFTER_MS + 1);
  });

  test("another account is not slowed down by one under attack", () => {
    for (let i = 0; i < FREE_FAILURES_PER_ACCOUNT + 3; i++) {
      try {
        startSignIn("target@example.com", null, 10);
      } catch {}
    }
    startSignIn("bystander@example.com", null, 11).succeeded();
  });

  test("a burst of parallel guesses counts before any answer: only the free ones pass", () => {
    let passed = 0;
    for (let i = 0; i < 50; i++) {
      try {
        startSignIn("burst@example.com", null, 100);
        passed++;
      } catch {}
    }
    assert.equal(passed, FREE_FAILURES_PER_ACCOUNT);
  });

  test("one address guessing many accounts waits too, but only for a while; other addresses do not", () => {
    const t0 = 7_000_000_000;
    for (let i = 0; i < FREE_FAILURES_PER_ADDRESS; i++) startSignIn(`user${i}@example.com`, "203.0.113.7", t0);
    assert.throws(() => startSignIn("fresh@example.com", "203.0.113.7", t0 + 1), throttled(/from your network\. Try again in 2 seconds/));
    startSignIn("fresh@example.com", "198.51.100.1", t0 + 1).succeeded();
    startSignIn("fresh@example.com", "203.0.113.7", t0 + FIRST_DELAY_MS).succeeded();
  });

  test("successful sign-ins from a shared address do not count against it", () => {
    for (let i = 0; i < 3 * FREE_FAILURES_PER_ADDRESS; i++) startSignIn(`colleague${i}@example.com`, "192.0.2.1", 50).succeeded();
    startSignIn("one-more@example.com", "192.0.2.1", 50);
  });
});
