// Rotating a project's write key (docs/api.md section 1) on a real server and
// database: the old key is refused at once (the ingestion cache forgets it), the
// new one is taken, only an owner or admin's session may rotate, racing rotations
// do not both win, and the audit log records it.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createAccountWithProject, createUser, http, signIn, track, uniqueId, type HttpAnswer, type ProjectFixture } from "../support/api";
import { withSql } from "../support/sql";
import { databaseKind, startServer, type TestServer } from "../support/server";

function status(answer: HttpAnswer, expected: number): void {
  assert.equal(answer.status, expected, `expected HTTP ${expected}, got ${answer.status}: ${answer.text.slice(0, 300)}`);
}

describe(`write key rotation (${databaseKind()})`, () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ label: "writekey" });
  });
  after(async () => {
    await server?.stop();
  });

  const rotateUrl = (project: ProjectFixture) => `${server.url}/api/projects/${project.projectId}/write-key`;
  const rotate = (project: ProjectFixture, headers: Record<string, string>, body?: unknown) =>
    http<{ writeKey: string; error: { code: string; message: string } }>(rotateUrl(project), {
      method: "POST",
      headers: { ...headers, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const send = (writeKey: string) => track(server.url, { event: "Ping", anonymousId: uniqueId("anon") }, { writeKey });

  /** Adds a new account to the project's organization with `role`; its session cookie. */
  async function teammate(project: ProjectFixture, role: string): Promise<string> {
    const account = await createUser(server);
    await withSql(server, async (session) => {
      const [user] = await session.rows<{ id: string }>(`SELECT "id" FROM "User" WHERE "email" = ?`, [account.email]);
      const [row] = await session.rows<{ organizationId: string }>(`SELECT "organizationId" FROM "Project" WHERE "id" = ?`, [project.projectId]);
      await session.run(`INSERT INTO "Membership" ("id", "userId", "organizationId", "role") VALUES (?, ?, ?, ?)`, [uniqueId("m"), user.id, row.organizationId, role]);
    });
    return signIn(server.url, account.email, account.password);
  }

  test("after a rotation the old key is refused at once, the new one accepted, and the audit log has it", async () => {
    const project = await createAccountWithProject(server, "Rotate");
    const cookie = await signIn(server.url, project.owner.email, project.owner.password);
    // The old key is in the ingestion cache now: the rotation must take it out.
    status(await send(project.writeKey), 200);

    const rotated = await rotate(project, { Cookie: cookie, Origin: server.url }, { current: project.writeKey });
    status(rotated, 200);
    const fresh = rotated.body.writeKey;
    assert.match(fresh, /^ct_wk_[A-Za-z0-9_-]{20,}$/);
    assert.notEqual(fresh, project.writeKey);

    const refused = await send(project.writeKey);
    status(refused, 401);
    status(await send(fresh), 200);

    const entries = await withSql(server, (session) =>
      session.rows<{ details: unknown; actorUserId: string | null }>(`SELECT "details", "actorUserId" FROM "AuditEntry" WHERE "projectId" = ? AND "action" = ?`, [project.projectId, "write_key.rotated"]),
    );
    assert.equal(entries.length, 1);
    const details = typeof entries[0].details === "string" ? JSON.parse(entries[0].details) : entries[0].details;
    assert.deepEqual(details, { from: project.writeKey.slice(0, 10), to: fresh.slice(0, 10) }, "only the keys' beginnings are kept");
    assert.ok(entries[0].actorUserId, "the owner is named as the actor");

    // A page still showing the old key cannot rotate the new one away.
    const stale = await rotate(project, { Cookie: cookie }, { current: project.writeKey });
    status(stale, 409);
    assert.equal(stale.body.error.code, "write_key_changed");
    status(await send(fresh), 200);
  });

  test("two rotations of the same key at once: one wins, the other is a 409, and the winner's key works", async () => {
    const project = await createAccountWithProject(server, "Race");
    const cookie = await signIn(server.url, project.owner.email, project.owner.password);
    const both = { current: project.writeKey };
    const answers = await Promise.all([rotate(project, { Cookie: cookie }, both), rotate(project, { Cookie: cookie }, both)]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409], answers.map((a) => a.text).join("\n"));
    const winner = answers.find((a) => a.status === 200)!.body.writeKey;
    status(await send(winner), 200);
    status(await send(project.writeKey), 401);
  });

  test("a viewer, a member, a stranger, a secret key, the signed-out and another site are refused, and nothing changes", async () => {
    const project = await createAccountWithProject(server, "Guarded");
    const viewer = await teammate(project, "viewer");
    const member = await teammate(project, "member");
    const strangerProject = await createAccountWithProject(server, "Elsewhere");
    const stranger = await signIn(server.url, strangerProject.owner.email, strangerProject.owner.password);
    const owner = await signIn(server.url, project.owner.email, project.owner.password);

    const asViewer = await rotate(project, { Cookie: viewer });
    status(asViewer, 403);
    assert.equal(asViewer.body.error.code, "forbidden");
    status(await rotate(project, { Cookie: member }), 403);
    const asStranger = await rotate(project, { Cookie: stranger });
    status(asStranger, 404);
    assert.equal(asStranger.body.error.code, "project_not_found");
    status(await rotate(project, { Authorization: `Bearer ${project.secretKey}` }), 403);
    status(await rotate(project, {}), 401);
    const forged = await rotate(project, { Cookie: owner, Origin: "https://evil.example" });
    status(forged, 403);
    assert.equal(forged.body.error.code, "cross_origin_request");
    const badBody = await rotate(project, { Cookie: owner }, { current: 42 });
    status(badBody, 400);

    status(await send(project.writeKey), 200);
    const logged = await withSql(server, (session) =>
      session.rows<{ n: number | string }>(`SELECT COUNT(*) AS n FROM "AuditEntry" WHERE "projectId" = ? AND "action" = ?`, [project.projectId, "write_key.rotated"]),
    );
    assert.equal(Number(logged[0].n), 0);
  });
});
