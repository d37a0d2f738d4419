import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkSignIn, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, recordFailure, recordSuccess, SignInThrottled } from "../../lib/auth/signInThrottle";

describe("sign-in throttling", () => {
  test("an account is refused after too many failures, with how long to wait, and recovers", () => {
    const t0 = 1_000_000_000;
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      checkSignIn("Victim@example.com", null, t0);
      recordFailure("victim@example.com", `10.0.0.${i}`, t0);
    }
    assert.throws(() => checkSignIn("VICTIM@example.com", "10.9.9.9", t0 + 60_000), (e: unknown) => e instanceof SignInThrottled && /try again in 14 minutes/i.test((e as Error).message));
    checkSignIn("victim@example.com", null, t0 + 15 * 60_000 + 1);
  });

  test("a success clears the account's failures", () => {
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) recordFailure("ok@example.com", null, 5);
    recordSuccess("ok@example.com");
    recordFailure("ok@example.com", null, 5);
    checkSignIn("ok@example.com", null, 6);
  });

  test("one address guessing many accounts is refused too", () => {
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) recordFailure(`user${i}@example.com`, "203.0.113.7", 10);
    assert.throws(() => checkSignIn("fresh@example.com", "203.0.113.7", 11), /from your network/);
    checkSignIn("fresh@example.com", "198.51.100.1", 11);
  });
});
