// Password guessing is slowed down: after five wrong passwords an account is
// refused for a while, with a sentence saying so, even with the right password.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createUser, signIn } from "../support/api";
import { databaseKind, startServer, type TestServer } from "../support/server";

describe(`sign-in throttling (${databaseKind()})`, () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ label: "signin" });
  });
  after(async () => {
    await server?.stop();
  });

  test("five wrong passwords lock the account for a while, with a clear message", async () => {
    const account = await createUser(server);
    assert.match(await signIn(server.url, account.email, account.password), /next-auth.session-token=/);
    for (let i = 0; i < 5; i++) {
      await assert.rejects(signIn(server.url, account.email, `wrong-${i}`), /refused/);
    }
    await assert.rejects(signIn(server.url, account.email, account.password), /Too%20many%20failed%20sign-ins|Too many failed sign-ins/);
    // Another account is not affected.
    const other = await createUser(server);
    assert.match(await signIn(server.url, other.email, other.password), /next-auth.session-token=/);
  });
});
