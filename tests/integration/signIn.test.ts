// Signing in over HTTP, the way a browser and an attacker do (issue 16):
// guessing is slowed down with a growing delay rather than a lockout, the
// address it counts is the one this server vouches for, and the address to
// return to after sign-in never leaves the site.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { createProject, createUser, http, signIn, uniqueEmail } from "../support/api";
import { databaseKind, runCli, startServer, type TestServer } from "../support/server";

/** Where a browser ends up after following `location` from `base`: tabs and newlines dropped, `\` read as `/`. */
function browserTarget(location: string, base: string): URL {
  return new URL(location.replace(/[\t\n\r]/g, "").replace(/\\/g, "/"), base);
}

const HOSTILE_CALLBACKS = ["/%09/evil.example/x", "/%0a/evil.example/x", "/%0d/evil.example/x", "/.//evil.example/x", "//evil.example", "https://evil.example/"];

/** Signs out the way the dashboard's button does (next-auth's POST /api/auth/signout). */
async function signOut(baseUrl: string, sessionCookie: string): Promise<void> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { Cookie: sessionCookie } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = [sessionCookie, ...csrf.headers.getSetCookie().map((c) => c.split(";")[0])].join("; ");
  const answer = await fetch(`${baseUrl}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams({ csrfToken, json: "true" }),
  });
  assert.ok(answer.status < 400, `sign-out answered ${answer.status}`);
}

describe(`sign-in (${databaseKind()})`, () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ label: "signin" });
  });
  after(async () => {
    await server?.stop();
  });

  test("a signed-in visitor to /signin or /signup with a hostile callbackUrl stays on the site, never a 500", async () => {
    const account = await createUser(server);
    const cookie = await signIn(server.url, account.email, account.password);
    for (const page of ["/signin", "/signup"]) {
      for (const callback of HOSTILE_CALLBACKS) {
        const answer = await http(`${server.url}${page}?callbackUrl=${callback}`, { headers: { Cookie: cookie } });
        assert.ok(answer.status >= 300 && answer.status < 400, `${page}?callbackUrl=${callback} answered ${answer.status}`);
        const target = browserTarget(answer.headers.get("location") ?? "", server.url);
        assert.equal(target.origin, new URL(server.url).origin, `${page}?callbackUrl=${callback} went to ${target.href}`);
      }
    }
  });

  test("the sign-in form of a signed-out visitor is never given a hostile return address", async () => {
    // Each page links to the other with the return address it kept: the fallback, not the hostile one.
    const other: Record<string, string> = { "/signin": "/signup", "/signup": "/signin" };
    for (const page of ["/signin", "/signup"]) {
      for (const callback of HOSTILE_CALLBACKS) {
        const answer = await http(`${server.url}${page}?callbackUrl=${callback}`);
        assert.equal(answer.status, 200, `${page}?callbackUrl=${callback} answered ${answer.status}`);
        assert.ok(answer.text.includes(`href="${other[page]}?callbackUrl=%2Fprojects"`), `${page}?callbackUrl=${callback} kept it`);
      }
    }
  });

  test("next-auth's own redirect after sign-in stays on the site", async () => {
    const account = await createUser(server);
    const csrf = await fetch(`${server.url}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    for (const callback of ["/\t/evil.example/x", "https://evil.example/x"]) {
      const answer = await fetch(`${server.url}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
        body: new URLSearchParams({ csrfToken, email: account.email, password: account.password, callbackUrl: callback, json: "true" }),
      });
      const location = answer.headers.get("location") ?? ((await answer.json()) as { url: string }).url;
      assert.equal(browserTarget(location, server.url).origin, new URL(server.url).origin, `${JSON.stringify(callback)} went to ${location}`);
    }
  });

  test("five wrong passwords make the account wait, with a clear message; after the wait the right password works", async () => {
    const account = await createUser(server);
    assert.match(await signIn(server.url, account.email, account.password), /next-auth.session-token=/);
    for (let i = 0; i < 5; i++) {
      await assert.rejects(signIn(server.url, account.email, `wrong-${i}`), /refused/);
    }
    await assert.rejects(signIn(server.url, account.email, account.password), /Too%20many%20failed%20sign-ins|Too many failed sign-ins/);
    // Another account is not affected.
    const other = await createUser(server);
    assert.match(await signIn(server.url, other.email, other.password), /next-auth.session-token=/);
    // A delay, not a lockout: a couple of seconds later the owner gets in.
    await sleep(2_500);
    assert.match(await signIn(server.url, account.email, account.password), /next-auth.session-token=/);
  });

  test("signing out ends the session on the server: a copy of the old token stops working", async () => {
    const account = await createUser(server);
    const { projectId } = await createProject(server, account.email);
    const events = (cookie: string) => http(`${server.url}/api/projects/${projectId}/events`, { headers: { Cookie: cookie } });
    const stolen = await signIn(server.url, account.email, account.password);
    const laptop = await signIn(server.url, account.email, account.password);
    assert.equal((await events(stolen)).status, 200);
    await signOut(server.url, laptop);
    assert.equal((await events(stolen)).status, 401, "a token from before the sign-out still works");
    assert.equal((await events(laptop)).status, 401);
    // Signing in again gives a working session.
    assert.equal((await events(await signIn(server.url, account.email, account.password))).status, 200);
  });

  test("a new password (crumbtrail user:password) ends the sessions signed in with the old one", async () => {
    const account = await createUser(server);
    const { projectId } = await createProject(server, account.email);
    const cookie = await signIn(server.url, account.email, account.password);
    const changed = await runCli(server, ["user:password", "--email", account.email, "--password", "a brand new passphrase"]);
    assert.equal(changed.code, 0, changed.stderr + changed.stdout);
    const answer = await http(`${server.url}/api/projects/${projectId}/events`, { headers: { Cookie: cookie } });
    assert.equal(answer.status, 401);
    await assert.rejects(signIn(server.url, account.email, account.password), /refused/);
    assert.match(await signIn(server.url, account.email, "a brand new passphrase"), /next-auth.session-token=/);
  });

  // Last: it slows down every sign-in from the test's own address.
  test("spraying many accounts is slowed down per address, whatever X-Forwarded-For claims", async () => {
    let refusedAt = -1;
    for (let i = 0; i < 30 && refusedAt < 0; i++) {
      const claimed = `198.51.100.${i + 1}`;
      try {
        await signIn(server.url, uniqueEmail("spray"), `guess-${i}`, { "X-Forwarded-For": claimed });
      } catch (error) {
        if (/Too(%20| )many(%20| )failed(%20| )sign-ins(%20| )from(%20| )your(%20| )network/.test(String(error))) refusedAt = i;
        else assert.match(String(error), /refused/);
      }
    }
    assert.ok(refusedAt > 0 && refusedAt <= 20, `the address was slowed down after ${refusedAt} guesses`);
  });
});
