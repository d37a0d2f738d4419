// The command line (API.md section 4), against a fresh database of the kind under test.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { createUser, uniqueEmail } from "../support/api";
import { databaseKind, freshDatabase, runCli, startServer, type TestDatabase } from "../support/server";

/** "one clear line on error": exactly one non-empty line on stderr, a non-zero exit. */
function assertOneLineFailure(result: { code: number | null; stdout: string; stderr: string }, pattern?: RegExp): void {
  assert.notEqual(result.code, 0, `expected a failure, got exit 0: ${result.stdout}`);
  const lines = result.stderr.split("\n").filter((line) => line.trim() !== "");
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${result.stderr}`);
  if (pattern) assert.match(lines[0], pattern);
}

describe(`command line (${databaseKind()})`, () => {
  let db: TestDatabase;

  before(async () => {
    db = await freshDatabase("cli");
  });

  test("migrate brings a new database up to date, and is idempotent", async () => {
    const first = await runCli(db, ["migrate"]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stderr.trim(), "");
    assert.match(first.stdout, /applied/i);
    // Each migration is announced as it starts: some take minutes on a big database.
    assert.match(first.stdout, /Applying migration \d{14}_init\.\.\./);
    const second = await runCli(db, ["migrate"]);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stderr.trim(), "");
    assert.match(second.stdout, /up to date/i);
    assert.doesNotMatch(second.stdout, /Applied \d+ migration|Applying/);
    // The database still works after the second run.
    await createUser(db);
  });

  test("user:create makes an account; a duplicate email fails with one line", async () => {
    const email = uniqueEmail("dup");
    const created = await runCli(db, ["user:create", "--email", email, "--password", "correct horse battery"]);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, new RegExp(email.replace(/[.]/g, "\\.")));

    assertOneLineFailure(await runCli(db, ["user:create", "--email", email, "--password", "another password"]), /already exists/i);
    // Emails are compared without case.
    assertOneLineFailure(await runCli(db, ["user:create", "--email", email.toUpperCase(), "--password", "another password"]));
  });

  test("user:create refuses bad input with one line", async () => {
    const [badEmail, shortPassword, noEmail, unknownFlag] = await Promise.all([
      runCli(db, ["user:create", "--email", "not-an-email", "--password", "long enough pw"]),
      runCli(db, ["user:create", "--email", uniqueEmail(), "--password", "short"]),
      runCli(db, ["user:create", "--password", "long enough pw"]),
      runCli(db, ["user:create", "--email", uniqueEmail(), "--password", "long enough pw", "--bogus", "x"]),
    ]);
    assertOneLineFailure(badEmail);
    assertOneLineFailure(shortPassword);
    assertOneLineFailure(noEmail, /--email/);
    assertOneLineFailure(unknownFlag);
  });

  test("project:create --json prints projectId, writeKey and secretKey on one line", async () => {
    const owner = await createUser(db);
    const result = await runCli(db, ["project:create", "--owner", owner.email, "--name", "Shop", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split("\n").filter((line) => line !== "");
    assert.equal(lines.length, 1, result.stdout);
    const printed = JSON.parse(lines[0]) as Record<string, unknown>;
    assert.deepEqual(Object.keys(printed).sort(), ["projectId", "secretKey", "writeKey"]);
    assert.equal(typeof printed.projectId, "string");
    assert.ok((printed.projectId as string).length > 0);
    assert.match(printed.writeKey as string, /^ct_wk_[A-Za-z0-9_-]+$/);
    assert.match(printed.secretKey as string, /^ct_sk_[A-Za-z0-9_-]+$/);

    const again = JSON.parse((await runCli(db, ["project:create", "--owner", owner.email, "--name", "Shop", "--json"])).stdout);
    assert.notEqual(again.projectId, printed.projectId);
    assert.notEqual(again.writeKey, printed.writeKey);
    assert.notEqual(again.secretKey, printed.secretKey);
  });

  test("project:create without --json shows the keys to a person", async () => {
    const owner = await createUser(db);
    const result = await runCli(db, ["project:create", "--owner", owner.email, "--name", "Readable", "--timezone", "Europe/Paris"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /ct_wk_/);
    assert.match(result.stdout, /ct_sk_/);
  });

  test("project:create refuses an unknown owner, a bad time zone and a missing name, with one line", async () => {
    const owner = await createUser(db);
    const [unknownOwner, badZone, noName] = await Promise.all([
      runCli(db, ["project:create", "--owner", uniqueEmail("nobody"), "--name", "X", "--json"]),
      runCli(db, ["project:create", "--owner", owner.email, "--name", "X", "--timezone", "Mars/Olympus"]),
      runCli(db, ["project:create", "--owner", owner.email]),
    ]);
    assertOneLineFailure(unknownOwner);
    assertOneLineFailure(badZone);
    assertOneLineFailure(noName, /--name/);
  });

  test("an unknown command and a bad DATABASE_URL fail with one line", async () => {
    const [unknown, badUrl] = await Promise.all([runCli(db, ["frobnicate"]), runCli({ ...db, databaseUrl: "mysql://localhost/x" }, ["migrate"])]);
    assertOneLineFailure(unknown, /unknown command/);
    assertOneLineFailure(badUrl, /DATABASE_URL/);
  });
});
