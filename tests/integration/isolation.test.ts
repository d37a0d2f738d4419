// Tenant isolation on every project route, found from the file tree so that a
// route added later is covered without anyone remembering to add it here. Each
// method of each route under app/api/projects/[projectId] is called on project A
// with another project's secret key, A's write key, no key and a garbage key:
// none may answer 2xx, and none may leak A's data. A's own secret key must work.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { createAccountWithProject, http, track, type ProjectFixture } from "../support/api";
import { databaseKind, ROOT, startServer, type TestServer } from "../support/server";

/** Routes only a signed-in person may call (docs/api.md): a secret key is refused there too. */
const SESSION_ONLY = new Set([path.join("app", "api", "projects", "[projectId]", "write-key", "route.ts")]);

interface RouteUnderTest {
  file: string;
  urlPath: (projectId: string) => string;
  methods: string[];
}

/** Every route.ts below app/api/projects, with the HTTP methods it exports. */
function projectRoutes(): RouteUnderTest[] {
  const base = path.join(ROOT, "app", "api", "projects");
  const found: RouteUnderTest[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const source = fs.readFileSync(full, "utf8");
        const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) =>
          new RegExp(`export (async function|const|\\{[^}]*\\bas) ?${m}\\b|export \\{[^}]*\\b${m}\\b`).test(source),
        );
        const relative = path.relative(base, path.dirname(full)).split(path.sep);
        found.push({
          file: path.relative(ROOT, full),
          methods,
          // [projectId] is the project under test; any other [segment] gets a real-looking value.
          urlPath: (projectId) =>
            "/api/projects/" + relative.map((part) => (part === "[projectId]" ? projectId : part.startsWith("[") ? "someone" : part)).join("/"),
        });
      }
    }
  };
  walk(base);
  return found;
}

describe(`tenant isolation on every project route (${databaseKind()})`, () => {
  let server: TestServer;
  let mine: ProjectFixture;
  let theirs: ProjectFixture;
  const routes = projectRoutes();

  before(async () => {
    server = await startServer({ label: "isolation" });
    mine = await createAccountWithProject(server, "Mine");
    theirs = await createAccountWithProject(server, "Theirs");
    const sent = await track(server.url, { batch: [{ event: "Secret Plan", userId: "someone", properties: { code: "s3cr3t-m4rker" } }] }, { writeKey: mine.writeKey });
    assert.equal(sent.status, 200, sent.text);
  });
  after(async () => {
    await server?.stop();
  });

  test("the file tree has project routes to check", () => {
    assert.ok(routes.length >= 5, `found only ${routes.map((r) => r.file).join(", ")}`);
    for (const route of routes) assert.ok(route.methods.length, `${route.file} exports no HTTP method this test recognises`);
  });

  const body = JSON.stringify({ kind: "trends", from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z", interval: "month", series: [{ event: "Secret Plan" }] });
  const call = (route: RouteUnderTest, method: string, authorization: string | null) =>
    http(server.url + route.urlPath(mine.projectId), {
      method,
      headers: { "Content-Type": "application/json", ...(authorization ? { Authorization: authorization } : {}) },
      body: method === "GET" || method === "DELETE" ? undefined : body,
    });

  for (const route of routes) {
    test(`${route.file}: only this project's own credentials get in`, async () => {
      for (const method of route.methods) {
        const credentials: [string, string | null][] = [
          ["another project's secret key", `Bearer ${theirs.secretKey}`],
          ["this project's write key", `Bearer ${mine.writeKey}`],
          ["the write key as Basic auth", `Basic ${Buffer.from(`${mine.writeKey}:`).toString("base64")}`],
          ["no credentials", null],
          ["a garbage key", "Bearer ct_sk_not-a-real-key"],
        ];
        for (const [what, authorization] of credentials) {
          const answer = await call(route, method, authorization);
          assert.ok([401, 403, 404].includes(answer.status), `${method} ${route.file} with ${what} answered ${answer.status}: ${answer.text.slice(0, 200)}`);
          assert.ok(!answer.text.includes("s3cr3t-m4rker"), `${method} ${route.file} with ${what} leaked the project's data`);
          assert.equal(typeof answer.body?.error?.code, "string", `${method} ${route.file} with ${what} must answer a JSON error`);
        }
        if (method === "DELETE") continue;
        const own = await call(route, method, `Bearer ${mine.secretKey}`);
        if (SESSION_ONLY.has(route.file)) {
          // Rotating the write key needs a signed-in owner or admin, never a key.
          assert.equal(own.status, 403, `${method} ${route.file} with a secret key answered ${own.status}: ${own.text.slice(0, 200)}`);
          continue;
        }
        // The project's own key is let in: an answer, a 400 about this test's one body
        // (the route got past its credentials check to read it), or a missing sub-resource.
        assert.ok([200, 201, 400, 404].includes(own.status), `${method} ${route.file} with its own secret key answered ${own.status}: ${own.text.slice(0, 200)}`);
        if (own.status === 404) assert.equal(own.body?.error?.code === "project_not_found", false, "its own key must find the project");
      }
    });
  }

  // A shared board is reached by its token alone (API.md 8): no key, session or
  // project id opens one, and a board that was never shared has no link at all.
  test("no credential opens a board without its token", async () => {
    const created = await http(`${server.url}/api/projects/${mine.projectId}/boards`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${mine.secretKey}` },
      body: JSON.stringify({ name: "Not shared", tiles: [{ text: "s3cr3t-m4rker" }] }),
    });
    assert.equal(created.status, 201, created.text);
    const board = created.body.board as { id: string; tiles: { id: string }[] };
    for (const path of [
      `/api/public/boards/${board.id}`,
      `/api/public/boards/${mine.projectId}`,
      `/api/public/boards/${board.id}/tiles/${board.tiles[0].id}`,
      `/public/boards/${board.id}`,
      `/api/public/boards/${"A".repeat(43)}`,
    ]) {
      for (const authorization of [null, `Bearer ${mine.secretKey}`, `Bearer ${mine.writeKey}`]) {
        const answer = await http(server.url + path, { headers: authorization ? { Authorization: authorization } : {} });
        assert.equal(answer.status, 404, `${path} with ${authorization ? "a key" : "nothing"} answered ${answer.status}`);
        assert.ok(!answer.text.includes("s3cr3t-m4rker"), `${path} leaked the board`);
      }
    }
  });
});
