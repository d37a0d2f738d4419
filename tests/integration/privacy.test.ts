// Privacy (docs/privacy.md): erasing a person, exporting a person's data,
// retention purges (the CLI and the server's own schedule), and CSRF and cookie
// hardening of the routes that change data.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { allEvents, createAccountWithProject, http, signIn, track, uniqueId, type HttpAnswer, type ProjectFixture } from "../support/api";
import { assertSlotsMatchEvents } from "../support/activitySlots";
import { withSql } from "../support/sql";
import { databaseKind, startServer, type TestDatabase, type TestServer } from "../support/server";

const DAY = 86_400_000;

/** Sets a project's retention the way the Settings form stores it (there is no API for settings). */
async function setRetention(db: TestDatabase, projectId: string, days: number | null): Promise<void> {
  await withSql(db, (session) => session.run(`UPDATE "Project" SET "retentionDays" = ? WHERE "id" = ?`, [days, projectId]));
}

/** The audit entries of one project and action, read from the database (the log's page is HTML). */
async function auditDetails(db: TestDatabase, projectId: string, action: string): Promise<unknown[]> {
  const rows = await withSql(db, (session) =>
    session.rows<{ details: unknown; target: string | null }>(`SELECT "details", "target" FROM "AuditEntry" WHERE "projectId" = ? AND "action" = ?`, [projectId, action]),
  );
  // SQLite keeps the details as JSON text, PostgreSQL as jsonb.
  return rows.map((r) => ({ target: r.target, details: typeof r.details === "string" ? JSON.parse(r.details) : r.details }));
}

function ok(answer: HttpAnswer, status = 200): void {
  assert.equal(answer.status, status, `expected HTTP ${status}, got ${answer.status}: ${answer.text.slice(0, 300)}`);
}

function bearer(project: ProjectFixture): Record<string, string> {
  return { Authorization: `Bearer ${project.secretKey}` };
}

function userUrl(server: TestServer, project: ProjectFixture, distinctId: string, suffix = ""): string {
  return `${server.url}/api/projects/${project.projectId}/users/${encodeURIComponent(distinctId)}${suffix}`;
}

async function send(server: TestServer, project: ProjectFixture, batch: unknown[]): Promise<void> {
  ok(await track(server.url, { batch }, { writeKey: project.writeKey }));
}

interface Catalog {
  events: { name: string; count: number; firstSeen: string; lastSeen: string }[];
  eventProperties: { name: string; count: number; event?: string }[];
  userProperties: { name: string; count: number }[];
}

async function catalog(server: TestServer, project: ProjectFixture): Promise<Catalog> {
  const answer = await http<Catalog>(`${server.url}/api/projects/${project.projectId}/properties`, { headers: bearer(project) });
  ok(answer);
  return answer.body;
}

describe(`privacy (${databaseKind()})`, () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ label: "privacy" });
  });
  after(async () => {
    await server?.stop();
  });

  test("erasing a person removes every event of all their ids, the person and their catalog contributions, and nobody else's", async () => {
    const project = await createAccountWithProject(server, "Erase");
    const [anon, user, other] = [uniqueId("anon"), uniqueId("user"), uniqueId("other")];
    await send(server, project, [
      { event: "Shared", anonymousId: anon, properties: { shared: 1, onlyErased: "x" } },
      { event: "Erased Only", anonymousId: anon, properties: { erasedProp: true } },
      { type: "identify", userId: user, anonymousId: anon, traits: { email: "erased@example.com", erasedTrait: 1 } },
      { event: "Shared", userId: user, properties: { shared: 2 } },
      { event: "Shared", userId: other, properties: { shared: 3 } },
      { type: "identify", userId: other, traits: { email: "kept@example.com" } },
    ]);
    const before = await catalog(server, project);
    assert.equal(before.events.find((e) => e.name === "Shared")?.count, 3);

    const erased = await http(userUrl(server, project, anon), { method: "DELETE", headers: bearer(project) });
    ok(erased);
    assert.deepEqual(erased.body, { deletedEvents: 4 }, "2 anonymous events, the identify and 1 as the user");
    assert.deepEqual(
      await auditDetails(server, project.projectId, "person.erased"),
      [{ target: null, details: { deletedEvents: 4, via: "secret_key" } }],
      "the erase is in the audit log, without the person's ids",
    );

    for (const id of [anon, user]) ok(await http(userUrl(server, project, id), { headers: bearer(project) }), 404);
    const left = await allEvents(server.url, project.projectId, { secretKey: project.secretKey });
    assert.deepEqual(
      left.events.map((e) => e.distinctId).sort(),
      [other, other],
      "only the other person's events remain",
    );
    const kept = await http(userUrl(server, project, other), { headers: bearer(project) });
    ok(kept);
    assert.equal(kept.body.eventCount, 2);
    assert.equal(kept.body.properties.email, "kept@example.com");

    const after = await catalog(server, project);
    assert.equal(after.events.find((e) => e.name === "Shared")?.count, 1, "the erased person's Shared events are taken off");
    assert.equal(after.events.find((e) => e.name === "Erased Only"), undefined, "an event only they sent leaves the catalog");
    assert.equal(after.events.find((e) => e.name === "$identify")?.count, 1);
    const eventProps = after.eventProperties.map((p) => p.name);
    assert.ok(eventProps.includes("shared"));
    assert.ok(!eventProps.includes("onlyErased") && !eventProps.includes("erasedProp"), `left: ${eventProps}`);
    const userProps = after.userProperties.map((p) => p.name);
    assert.ok(userProps.includes("email"), "a trait others have stays");
    assert.ok(!userProps.includes("erasedTrait"), `a trait only they had goes; left: ${userProps}`);

    // Erasing again: the person is gone.
    const again = await http(userUrl(server, project, user), { method: "DELETE", headers: bearer(project) });
    ok(again, 404);
    assert.equal(again.body.error.code, "user_not_found");
  });

  test("a person's events in another project are untouched by an erase", async () => {
    const [mine, theirs] = [await createAccountWithProject(server, "Mine"), await createAccountWithProject(server, "Theirs")];
    const id = uniqueId("same");
    await send(server, mine, [{ event: "E", anonymousId: id }]);
    await send(server, theirs, [{ event: "E", anonymousId: id }, { event: "E", anonymousId: id }]);
    // Their key cannot erase in my project, and mine erases only mine.
    ok(await http(userUrl(server, mine, id), { method: "DELETE", headers: bearer(theirs) }), 404);
    const erased = await http(userUrl(server, mine, id), { method: "DELETE", headers: bearer(mine) });
    ok(erased);
    assert.equal(erased.body.deletedEvents, 1);
    assert.equal((await allEvents(server.url, theirs.projectId, { secretKey: theirs.secretKey })).events.length, 2);
  });

  test("the export holds the person and exactly their events, oldest first, as a JSON download", async () => {
    const project = await createAccountWithProject(server, "Export");
    const [anon, user, other] = [uniqueId("anon"), uniqueId("user"), uniqueId("other")];
    const base = Date.parse("2025-01-01T00:00:00Z");
    const mine = Array.from({ length: 1203 }, (_, i) => ({
      event: "Step",
      anonymousId: i % 2 ? anon : undefined,
      userId: i % 2 ? undefined : user,
      messageId: `mine-${i}`,
      timestamp: new Date(base + i * 1000).toISOString(),
      properties: { i },
    }));
    await send(server, project, [{ type: "identify", userId: user, anonymousId: anon, traits: { plan: "pro" }, messageId: "join", timestamp: new Date(base - 1000).toISOString() }]);
    for (let i = 0; i < mine.length; i += 500) await send(server, project, mine.slice(i, i + 500));
    await send(server, project, [{ event: "Step", userId: other, messageId: "theirs" }]);

    const answer = await http(userUrl(server, project, anon, "/export"), { headers: bearer(project) });
    ok(answer);
    assert.match(answer.headers.get("content-type") ?? "", /^application\/json/);
    assert.match(answer.headers.get("content-disposition") ?? "", /^attachment; filename="crumbtrail-user-[^"]+\.json"/);
    const doc = JSON.parse(answer.text) as { person: { id: string; distinctIds: string[]; properties: Record<string, unknown>; eventCount: number }; events: { messageId: string; timestamp: string }[] };
    assert.equal(doc.person.id, user);
    assert.deepEqual([...doc.person.distinctIds].sort(), [anon, user].sort());
    assert.equal(doc.person.properties.plan, "pro");
    assert.equal(doc.person.eventCount, 1204);
    assert.deepEqual(
      doc.events.map((e) => e.messageId),
      ["join", ...mine.map((m) => m.messageId)],
      "every event of both ids, oldest first, and nobody else's",
    );

    ok(await http(userUrl(server, project, uniqueId("nobody"), "/export"), { headers: bearer(project) }), 404);
    const stranger = await createAccountWithProject(server, "Stranger");
    ok(await http(userUrl(server, project, anon, "/export"), { headers: bearer(stranger) }), 404);
    ok(await http(userUrl(server, project, anon, "/export")), 401);
  });

  test("a cross-origin DELETE with the session cookie is refused; the same from our own origin works", async () => {
    const project = await createAccountWithProject(server, "Csrf");
    const id = uniqueId("csrf");
    await send(server, project, [{ event: "E", anonymousId: id }]);
    const cookie = await signIn(server.url, project.owner.email, project.owner.password);

    const forged = await http(userUrl(server, project, id), { method: "DELETE", headers: { Cookie: cookie, Origin: "https://evil.example" } });
    ok(forged, 403);
    assert.equal(forged.body.error.code, "cross_origin_request");
    // Behind a proxy the public host arrives as X-Forwarded-Host.
    const proxied = await http(userUrl(server, project, id), {
      method: "DELETE",
      headers: { Cookie: cookie, Origin: "https://analytics.example", "X-Forwarded-Host": "analytics.example" },
    });
    ok(proxied);
    assert.equal(proxied.body.deletedEvents, 1);
    assert.equal((await allEvents(server.url, project.projectId, { secretKey: project.secretKey })).events.length, 0);
  });

  test("session cookies are HttpOnly and SameSite=Lax", async () => {
    const project = await createAccountWithProject(server, "Cookies");
    const csrf = await fetch(`${server.url}/api/auth/csrf`);
    const csrfCookie = csrf.headers.getSetCookie().find((c) => c.includes("csrf-token"));
    assert.match(csrfCookie ?? "", /HttpOnly/i);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const signInAnswer = await fetch(`${server.url}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: (csrfCookie ?? "").split(";")[0] },
      body: new URLSearchParams({ csrfToken, email: project.owner.email, password: project.owner.password, json: "true" }),
    });
    const session = signInAnswer.headers.getSetCookie().find((c) => c.includes("session-token"));
    assert.ok(session, "a session cookie is set");
    assert.match(session, /HttpOnly/i);
    assert.match(session, /SameSite=Lax/i);
  });

  test("crumbtrail purge deletes only the old events of projects with a retention period, fixes persons and the catalog, and is idempotent", async () => {
    const kept = await createAccountWithProject(server, "Forever");
    const purged = await createAccountWithProject(server, "Thirty days");
    const now = Date.now();
    const old = (days: number) => new Date(now - days * DAY).toISOString();
    const [mixed, gone] = [uniqueId("mixed"), uniqueId("gone")];
    for (const project of [kept, purged]) {
      await send(server, project, [
        { event: "Old Only", userId: gone, timestamp: old(100), properties: { ancient: 1 } },
        { event: "Visit", userId: gone, timestamp: old(90), properties: { n: 1 } },
        { type: "identify", userId: gone, traits: { plan: "free" }, timestamp: old(95) },
        { event: "Visit", userId: mixed, timestamp: old(60), properties: { n: 2 } },
        { event: "Visit", userId: mixed, timestamp: old(2), properties: { n: 3 } },
      ]);
    }
    await setRetention(server, purged.projectId, 30);

    const dry = await server.cli(["purge", "--project", purged.projectId, "--dry-run"]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /would delete 4 event\(s\)/);
    assert.equal((await allEvents(server.url, purged.projectId, { secretKey: purged.secretKey })).events.length, 5, "a dry run deletes nothing");

    const run = await server.cli(["purge"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /deleted 4 event\(s\)/);
    assert.match(run.stdout, /Purge done: deleted 4 event\(s\) in 1 project\(s\)\./);

    const left = await allEvents(server.url, purged.projectId, { secretKey: purged.secretKey });
    assert.deepEqual(left.events.map((e) => e.properties.n), [3]);
    assert.equal((await allEvents(server.url, kept.projectId, { secretKey: kept.secretKey })).events.length, 5, "no retention: nothing purged");

    const mixedProfile = await http(userUrl(server, purged, mixed), { headers: bearer(purged) });
    ok(mixedProfile);
    assert.equal(mixedProfile.body.eventCount, 1);
    assert.equal(mixedProfile.body.firstSeen, old(2));
    assert.equal(mixedProfile.body.lastSeen, old(2));
    const goneProfile = await http(userUrl(server, purged, gone), { headers: bearer(purged) });
    ok(goneProfile);
    assert.equal(goneProfile.body.eventCount, 0, "the profile stays, with no events");
    assert.equal(goneProfile.body.firstSeen, null);
    assert.equal(goneProfile.body.lastSeen, null);
    assert.equal(goneProfile.body.properties.plan, "free", "properties are kept");

    const purgedCatalog = await catalog(server, purged);
    assert.deepEqual(purgedCatalog.events.map((e) => [e.name, e.count]), [["Visit", 1]]);
    assert.equal(purgedCatalog.events[0].firstSeen, old(2));
    assert.ok(!purgedCatalog.eventProperties.some((p) => p.name === "ancient"));
    const keptCatalog = await catalog(server, kept);
    assert.equal(keptCatalog.events.find((e) => e.name === "Visit")?.count, 3);

    const again = await server.cli(["purge", "--project", purged.projectId]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /deleted 0 event\(s\)/);
    assert.equal((await allEvents(server.url, purged.projectId, { secretKey: purged.secretKey })).events.length, 1);

    const forever = await server.cli(["purge", "--project", kept.projectId]);
    assert.match(forever.stdout, /keeps events forever/);
    const unknown = await server.cli(["purge", "--project", "no-such-project"]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no project with id no-such-project/);
  });

  test("after the erasures and purges above, the activity slots are exactly those of the events left", async () => {
    await assertSlotsMatchEvents(server, { nonEmpty: true });
  });
});

describe(`the server's own retention schedule (${databaseKind()})`, () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ label: "purge-schedule", env: { CRUMBTRAIL_PURGE_INTERVAL_MS: "1000", CRUMBTRAIL_PURGE_FIRST_DELAY_MS: "1000" } });
  });
  after(async () => {
    await server?.stop();
  });

  test("purges old events on its own and logs what it purged", async () => {
    const project = await createAccountWithProject(server, "Scheduled");
    await send(server, project, [
      { event: "Old", anonymousId: "a", timestamp: new Date(Date.now() - 10 * DAY).toISOString() },
      { event: "New", anonymousId: "a" },
    ]);
    await setRetention(server, project.projectId, 7);
    // The events disappear when the purge commits, and its summary is logged
    // only after the rest of the run (and reaches us through a pipe), so wait
    // for both rather than reading the log the moment the event is gone.
    const logged = /retention: .*deleted 1 event\(s\)/;
    const deadline = Date.now() + 20_000;
    let names: string[] = [];
    while (Date.now() < deadline) {
      names = (await allEvents(server.url, project.projectId, { secretKey: project.secretKey })).events.map((e) => e.event);
      if (names.length === 1 && logged.test(server.output())) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.deepEqual(names, ["New"]);
    assert.match(server.output(), logged);
  });
});
