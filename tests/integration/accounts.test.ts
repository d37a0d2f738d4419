// What the sign-up and sign-in code tells a stranger about who has an account
// (issue 16), through lib/auth on a real database of the kind under test.
import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { after, before, describe, test } from "node:test";
import { uniqueEmail } from "../support/api";
import { databaseKind, freshDatabase } from "../support/server";

type Lib = {
  accounts: typeof import("../../lib/auth/accounts");
  signUpThrottle: typeof import("../../lib/auth/signUpThrottle");
  db: typeof import("../../lib/db");
};

const PASSWORD = "correct horse battery";

/**
 * Median milliseconds of each of two kinds of work, timed in turns (a, b, a,
 * b...): a slow moment of a shared machine then costs both kinds alike,
 * instead of all the samples of one.
 */
async function pairedMedianMs(times: number, a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[number, number]> {
  const spent: [number[], number[]] = [[], []];
  for (let i = 0; i < times; i++) {
    for (const [k, work] of [a, b].entries()) {
      const start = performance.now();
      await work();
      spent[k].push(performance.now() - start);
    }
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  return [median(spent[0]), median(spent[1])];
}

describe(`accounts: what sign-up and sign-in reveal (${databaseKind()})`, () => {
  let lib: Lib;

  before(async () => {
    const database = await freshDatabase("accounts");
    process.env.DATABASE_URL = database.databaseUrl;
    process.env.DATA_DIR = database.dataDir;
    lib = {
      accounts: await import("../../lib/auth/accounts"),
      signUpThrottle: await import("../../lib/auth/signUpThrottle"),
      db: await import("../../lib/db"),
    };
    const { config } = await import("../../lib/config");
    await lib.db.migrate(config());
  });
  after(async () => {
    await lib?.db.closeConnections();
  });

  test("sign-up answers the same for a registered email, and leaves that account alone", async () => {
    lib.signUpThrottle.resetSignUpThrottle();
    const email = uniqueEmail("owner");
    const fresh = await lib.accounts.signUp({ email, password: PASSWORD }, { address: "192.0.2.10" });
    const again = await lib.accounts.signUp({ email: email.toUpperCase(), password: "another long password" }, { address: "192.0.2.11" });
    assert.deepEqual(again, fresh);
    assert.ok(await lib.accounts.verifyCredentials(email, PASSWORD), "the owner's password still works");
    assert.equal(await lib.accounts.verifyCredentials(email, "another long password"), null, "the second sign-up did not take the account");
  });

  test("sign-in to an unknown email takes as long as a wrong password for a real one", async () => {
    const email = uniqueEmail("timed");
    await lib.accounts.createUser({ email, password: PASSWORD });
    await lib.accounts.verifyCredentials(uniqueEmail("warm-up"), PASSWORD);
    const [known, unknown] = await pairedMedianMs(
      9,
      () => lib.accounts.verifyCredentials(email, "wrong password 1"),
      () => lib.accounts.verifyCredentials(uniqueEmail("nobody"), "wrong password 1"),
    );
    assert.ok(unknown >= known * 0.5, `unknown email ${unknown.toFixed(1)} ms, wrong password ${known.toFixed(1)} ms`);
  });

  test("one address can attempt only so many sign-ups an hour; others are not affected", async () => {
    const { resetSignUpThrottle, SIGN_UPS_PER_ADDRESS_PER_HOUR, SignUpThrottled } = lib.signUpThrottle;
    resetSignUpThrottle();
    for (let i = 0; i < SIGN_UPS_PER_ADDRESS_PER_HOUR; i++) {
      await lib.accounts.signUp({ email: uniqueEmail("bulk"), password: PASSWORD }, { address: "203.0.113.50" });
    }
    await assert.rejects(
      lib.accounts.signUp({ email: uniqueEmail("bulk"), password: PASSWORD }, { address: "203.0.113.50" }),
      (e: unknown) => e instanceof SignUpThrottled && /Too many sign-ups from your network\. Try again in \d+ minutes?\./.test((e as Error).message),
    );
    await lib.accounts.signUp({ email: uniqueEmail("elsewhere"), password: PASSWORD }, { address: "203.0.113.51" });
    // Input errors say what is wrong with the field, and do not use up the allowance.
    await assert.rejects(lib.accounts.signUp({ email: "not an email", password: PASSWORD }, { address: "203.0.113.52" }), /valid email/);
  });
});
