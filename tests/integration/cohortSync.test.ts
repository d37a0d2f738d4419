// Cohort webhooks (API.md 5) end to end: a real receiver (node:http on
// 127.0.0.1) gets the full list first, signed; after new events and a
// recompute only what was added and removed; over 1,000 members in several
// requests; a receiver that fails twice gets the delivery on retry, nothing
// lost, repeated or reordered; deliveries stored before a stop go out after the
// restart; and background recomputation (a short interval) keeps cohorts and
// their destinations current, nested cohorts after the ones they include.
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { verifySignature } from "../../lib/cohorts/sync/signature";
import { createProject, createUser, http, track, type Account, type HttpAnswer, type ProjectKeys } from "../support/api";
import { startServer, type TestServer } from "../support/server";
import { withSql } from "../support/sql";

const SECRET = "receiver-secret-0123456789";
/** Short backoff so retries happen within the test. */
const FAST_RETRIES = { CRUMBTRAIL_WEBHOOK_RETRY_BASE_MS: "150", CRUMBTRAIL_WEBHOOK_RETRY_MAX_MS: "600", CRUMBTRAIL_WEBHOOK_TIMEOUT_MS: "3000" };

interface Entry {
  distinctId: string;
  distinctIds: string[];
  properties: Record<string, unknown>;
}
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: { cohort: { id: string; name: string }; computedAt: string; action: "members" | "changes"; members?: Entry[]; added?: Entry[]; removed?: Entry[] };
  accepted: boolean;
}

/** A webhook receiver: records every request; a path may be told to fail its next N requests. */
class Receiver {
  readonly requests: Received[] = [];
  private failures = new Map<string, number>();
  private server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const path = req.url ?? "/";
      const failing = this.failures.get(path) ?? 0;
      if (failing > 0) this.failures.set(path, failing - 1);
      this.requests.push({ path, headers: req.headers, raw, body: JSON.parse(raw), accepted: failing === 0 });
      res.writeHead(failing > 0 ? 503 : 204).end();
    });
  });
  url = "";

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
  failNext(path: string, times: number): void {
    this.failures.set(path, times);
  }
  /** The requests a path accepted, in arrival order. */
  accepted(path: string): Received[] {
    return this.requests.filter((r) => r.path === path && r.accepted);
  }
  async waitFor(path: string, acceptedCount: number, timeoutMs = 20_000): Promise<Received[]> {
    const until = Date.now() + timeoutMs;
    while (this.accepted(path).length < acceptedCount) {
      if (Date.now() > until) throw new Error(`${path}: ${this.accepted(path).length} of ${acceptedCount} deliveries arrived (${this.requests.filter((r) => r.path === path).length} requests)`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return this.accepted(path);
  }
}

const ids = (entries: Entry[] | undefined) => (entries ?? []).map((e) => e.distinctId).sort();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("cohort webhook destinations", () => {
  let server: TestServer;
  let owner: Account;
  let project: ProjectKeys;
  const receiver = new Receiver();

  const url = (path = "") => `${server.url}/api/projects/${project.projectId}/cohorts${path}`;
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = { Authorization: `Bearer ${project.secretKey}` }): Promise<HttpAnswer> =>
    http(url(path), { method, headers: { "Content-Type": "application/json", ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });

  async function identify(users: [string, Record<string, unknown>][]): Promise<void> {
    for (let i = 0; i < users.length; i += 500) {
      const batch = users.slice(i, i + 500).map(([userId, traits]) => ({ type: "identify", userId, traits }));
      const answer = await track(server.url, { batch }, { writeKey: project.writeKey });
      assert.equal(answer.status, 200, answer.text);
    }
  }

  async function proCohort(name: string): Promise<string> {
    const created = await send("POST", "", { name, kind: "dynamic", match: { all: [{ type: "property", property: "plan", op: "eq", value: "pro" }] } });
    assert.equal(created.status, 201, created.text);
    return created.body.cohort.id;
  }

  async function addDestination(cohortId: string, path: string): Promise<string> {
    const added = await send("POST", `/${cohortId}/destinations`, { url: `${receiver.url}${path}`, secret: SECRET });
    assert.equal(added.status, 201, added.text);
    return added.body.destination.id;
  }

  async function deliveries(cohortId: string, destinationId: string) {
    const list = await send("GET", `/${cohortId}/destinations`);
    assert.equal(list.status, 200, list.text);
    return (list.body.destinations as { id: string; deliveries: { status: string; attempts: number; action: string; part: number; parts: number; responseStatus: number | null }[] }[]).find((d) => d.id === destinationId)!.deliveries;
  }

  /** Waits until every delivery of the destination is delivered. */
  async function settled(cohortId: string, destinationId: string, timeoutMs = 20_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const list = await deliveries(cohortId, destinationId);
      if (list.length && list.every((d) => d.status === "delivered")) return list;
      if (Date.now() > until) throw new Error(`deliveries not settled: ${JSON.stringify(list)}`);
      await sleep(100);
    }
  }

  before(async () => {
    await receiver.start();
    server = await startServer({ label: "cohort-sync", env: FAST_RETRIES });
    owner = await createUser(server);
    project = await createProject(server, owner.email, "Cohort sync");
  });

  after(async () => {
    await server?.stop();
    await receiver.stop();
  });

  test("the full list first, signed; then only who was added and removed", async () => {
    await identify([
      ["ann", { plan: "pro", email: "ann@example.com" }],
      ["bob", { plan: "pro" }],
      ["cat", { plan: "pro" }],
      ["dan", { plan: "free" }],
    ]);
    const cohortId = await proCohort("Pro users");
    const added = await send("POST", `/${cohortId}/destinations`, { url: `${receiver.url}/crm`, secret: SECRET });
    assert.equal(added.status, 201, added.text);
    const destination = added.body.destination;
    assert.equal(added.text.includes(SECRET), false, "the secret is never answered back");
    assert.match(destination.secret, /^•+6789$/);

    const [first] = await receiver.waitFor("/crm", 1);
    assert.ok(verifySignature(first.raw, SECRET, first.headers["x-crumbtrail-signature"] as string), "signed with the destination's secret");
    assert.equal(verifySignature(first.raw, "some-other-secret-123", first.headers["x-crumbtrail-signature"] as string), false);
    assert.deepEqual(Object.keys(first.body).sort(), ["action", "cohort", "computedAt", "members"]);
    assert.deepEqual(first.body.cohort, { id: cohortId, name: "Pro users" });
    assert.equal(first.body.action, "members");
    assert.deepEqual(ids(first.body.members), ["ann", "bob", "cat"]);
    const ann = first.body.members!.find((m) => m.distinctId === "ann")!;
    assert.deepEqual(Object.keys(ann).sort(), ["distinctId", "distinctIds", "properties"]);
    assert.deepEqual(ann.distinctIds, ["ann"]);
    assert.equal(ann.properties.email, "ann@example.com");
    const [firstListed] = await settled(cohortId, destination.id);
    assert.equal(firstListed.action, "members");
    assert.equal(firstListed.responseStatus, 204);

    // Bob downgrades, Eve and Dan become pro: after a recompute, only that.
    await identify([
      ["bob", { plan: "free" }],
      ["eve", { plan: "pro" }],
      ["dan", { plan: "pro" }],
    ]);
    const computed = await send("POST", `/${cohortId}/compute`);
    assert.equal(computed.status, 200, computed.text);
    assert.equal(computed.body.count, 4);
    const [, second] = await receiver.waitFor("/crm", 2);
    assert.ok(verifySignature(second.raw, SECRET, second.headers["x-crumbtrail-signature"] as string));
    assert.equal(second.body.action, "changes");
    assert.equal(second.body.computedAt, computed.body.computedAt);
    assert.deepEqual(ids(second.body.added), ["dan", "eve"]);
    assert.deepEqual(ids(second.body.removed), ["bob"]);
    assert.equal(second.body.removed![0].properties.plan, "free", "a removed person still known is described as they are now");
    assert.equal(second.body.members, undefined);

    // Nothing changed: nothing is sent.
    assert.equal((await send("POST", `/${cohortId}/compute`)).status, 200);
    await sleep(500);
    assert.equal(receiver.requests.filter((r) => r.path === "/crm").length, 2);
    assert.equal((await settled(cohortId, destination.id)).length, 2);
  });

  test("more than 1,000 members arrive in several requests of at most 1,000, each once", async () => {
    const users: [string, Record<string, unknown>][] = Array.from({ length: 1_203 }, (_, i) => [`bulk-${String(i).padStart(4, "0")}`, { tier: "bulk" }]);
    await identify(users);
    const created = await send("POST", "", { name: "Bulk", kind: "static", distinctIds: users.map(([id]) => id) });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.cohort.count, 1_203);
    const cohortId = created.body.cohort.id;
    const destinationId = await addDestination(cohortId, "/bulk");
    const received = await receiver.waitFor("/bulk", 2);
    assert.deepEqual(
      received.map((r) => r.body.members!.length),
      [1000, 203],
    );
    for (const r of received) {
      assert.equal(r.body.action, "members");
      assert.ok(verifySignature(r.raw, SECRET, r.headers["x-crumbtrail-signature"] as string));
    }
    assert.deepEqual(
      received.flatMap((r) => ids(r.body.members)).sort(),
      users.map(([id]) => id),
    );
    const listed = await settled(cohortId, destinationId);
    assert.deepEqual(
      listed.map((d) => `${d.part}/${d.parts}`).sort(),
      ["1/2", "2/2"],
    );

    // Removing persons from a static list is a computation too: only they are sent.
    const removed = await send("DELETE", `/${cohortId}/members`, { distinctIds: ["bulk-0000", "bulk-1202"] });
    assert.equal(removed.status, 200, removed.text);
    const [, , change] = await receiver.waitFor("/bulk", 3);
    assert.equal(change.body.action, "changes");
    assert.deepEqual(ids(change.body.removed), ["bulk-0000", "bulk-1202"]);
    assert.deepEqual(change.body.added, []);
  });

  test("a receiver that fails twice gets the delivery on retry; nothing lost, repeated or overtaken", async () => {
    await identify([["fay", { plan: "pro", team: "retry" }]]);
    const created = await send("POST", "", { name: "Retry team", kind: "dynamic", match: { all: [{ type: "property", property: "team", op: "eq", value: "retry" }] } });
    assert.equal(created.status, 201, created.text);
    const cohortId = created.body.cohort.id;
    receiver.failNext("/flaky", 2);
    const destinationId = await addDestination(cohortId, "/flaky");
    // A change computed while the full list is still failing must wait behind it.
    await identify([["gus", { team: "retry" }]]);
    assert.equal((await send("POST", `/${cohortId}/compute`)).status, 200);

    const accepted = await receiver.waitFor("/flaky", 2);
    const all = receiver.requests.filter((r) => r.path === "/flaky");
    assert.equal(all.length, 4, "two failures, then each delivery once");
    assert.equal(all[0].raw, all[1].raw, "a retry sends the same bytes");
    assert.equal(all[1].raw, all[2].raw);
    assert.equal(all[2].headers["x-crumbtrail-signature"], all[0].headers["x-crumbtrail-signature"]);
    assert.equal(all[0].headers["x-crumbtrail-delivery"], all[2].headers["x-crumbtrail-delivery"]);
    assert.deepEqual(
      accepted.map((r) => r.body.action),
      ["members", "changes"],
    );
    assert.deepEqual(ids(accepted[0].body.members), ["fay"]);
    assert.deepEqual(ids(accepted[1].body.added), ["gus"]);
    const listed = await settled(cohortId, destinationId);
    const full = listed.find((d) => d.action === "members")!;
    assert.equal(full.attempts, 3);
    assert.equal(full.responseStatus, 204);
  });

  test("deliveries stored before a stop go out after the restart", async () => {
    await identify([["hal", { plan: "pro", team: "restart" }]]);
    const created = await send("POST", "", { name: "Restart team", kind: "dynamic", match: { all: [{ type: "property", property: "team", op: "eq", value: "restart" }] } });
    const cohortId = created.body.cohort.id;
    receiver.failNext("/restart", 1_000_000);
    const destinationId = await addDestination(cohortId, "/restart");
    while (!receiver.requests.some((r) => r.path === "/restart")) await sleep(50);
    await server.stop();
    receiver.failNext("/restart", 0);
    server = await startServer({ database: server, env: FAST_RETRIES });
    const [arrived] = await receiver.waitFor("/restart", 1);
    assert.deepEqual(ids(arrived.body.members), ["hal"]);
    const [listed] = await settled(cohortId, destinationId);
    assert.ok(listed.attempts >= 2);
  });

  test("bad input, removal, and who may do what", async () => {
    const cohortId = await proCohort("Checks");
    const bad = await send("POST", `/${cohortId}/destinations`, { url: "ftp://example.com/x", secret: SECRET });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, "invalid_destination");
    assert.match(bad.body.error.message, /^url /);
    const short = await send("POST", `/${cohortId}/destinations`, { url: "https://example.com/x", secret: "short" });
    assert.equal(short.status, 400);
    assert.match(short.body.error.message, /^secret /);
    assert.equal((await send("POST", `/${cohortId}/destinations`, "not json" as unknown)).status, 400);
    assert.equal((await send("GET", `/nope/destinations`)).status, 404);
    assert.equal((await send("GET", `/${cohortId}/destinations`, undefined, {})).status, 401);
    assert.equal((await send("POST", `/${cohortId}/destinations`, { url: "https://example.com", secret: SECRET }, {})).status, 401);
    const other = await createProject(server, owner.email, "Other");
    assert.equal((await send("GET", `/${cohortId}/destinations`, undefined, { Authorization: `Bearer ${other.secretKey}` })).status, 404);

    const destinationId = await addDestination(cohortId, "/checks");
    assert.equal((await send("DELETE", `/${cohortId}/destinations/nope`)).status, 404);
    const removed = await send("DELETE", `/${cohortId}/destinations/${destinationId}`);
    assert.equal(removed.status, 200, removed.text);
    assert.deepEqual((await send("GET", `/${cohortId}/destinations`)).body.destinations, []);
    // A cohort with destinations can be deleted; they go with it.
    await addDestination(cohortId, "/checks");
    assert.equal((await send("DELETE", `/${cohortId}`)).status, 200);
  });
});

describe("background recompute", () => {
  let server: TestServer;
  let project: ProjectKeys;
  const receiver = new Receiver();

  before(async () => {
    await receiver.start();
    server = await startServer({ label: "cohort-schedule", env: { ...FAST_RETRIES, CRUMBTRAIL_COHORT_RECOMPUTE_MINUTES: "0.02" } });
    const owner = await createUser(server);
    project = await createProject(server, owner.email, "Schedule");
  });

  after(async () => {
    await server?.stop();
    await receiver.stop();
  });

  test("dynamic cohorts follow new data without a click, includers after what they include, destinations told", async () => {
    const send = (method: string, path: string, body?: unknown) =>
      http(`${server.url}/api/projects/${project.projectId}/cohorts${path}`, {
        method,
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${project.secretKey}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const identify = (userId: string, traits: Record<string, unknown>) => track(server.url, { type: "identify", userId, traits }, { writeKey: project.writeKey });
    assert.equal((await identify("ivy", { plan: "pro", country: "FR" })).status, 200);
    const inner = await send("POST", "", { name: "Pro", kind: "dynamic", match: { all: [{ type: "property", property: "plan", op: "eq", value: "pro" }] } });
    assert.equal(inner.status, 201, inner.text);
    const outer = await send("POST", "", {
      name: "French pros",
      kind: "dynamic",
      match: { all: [{ type: "cohort", cohortId: inner.body.cohort.id }, { type: "property", property: "country", op: "eq", value: "FR" }] },
    });
    assert.equal(outer.status, 201, outer.text);
    assert.equal(outer.body.cohort.count, 1);
    const added = await send("POST", `/${outer.body.cohort.id}/destinations`, { url: `${receiver.url}/bg`, secret: SECRET });
    assert.equal(added.status, 201, added.text);
    await receiver.waitFor("/bg", 1);

    assert.equal((await identify("jon", { plan: "pro", country: "FR" })).status, 200);
    const until = Date.now() + 30_000;
    for (;;) {
      const [a, b] = await Promise.all([send("GET", `/${inner.body.cohort.id}`), send("GET", `/${outer.body.cohort.id}`)]);
      // The includer sees the included cohort's fresh members in the same pass.
      if (a.body.cohort?.count === 2 && b.body.cohort?.count === 2) break;
      if (Date.now() > until) throw new Error(`not recomputed in the background: ${a.text} ${b.text}`);
      await sleep(200);
    }
    const [, change] = await receiver.waitFor("/bg", 2);
    assert.equal(change.body.action, "changes");
    assert.deepEqual(ids(change.body.added), ["jon"]);
    assert.ok(verifySignature(change.raw, SECRET, change.headers["x-crumbtrail-signature"] as string));
  });

  test("a project's own interval (Settings) overrides the server's: an hourly project's cohort waits while the default one follows", async () => {
    const owner = await createUser(server);
    const hourly = await createProject(server, owner.email, "Hourly");
    await withSql(server, (sql) => sql.run(`UPDATE "Project" SET "cohortRecomputeMinutes" = ? WHERE "id" = ?`, [60, hourly.projectId]));
    const cohorts = (keys: ProjectKeys) => (method: string, path: string, body?: unknown) =>
      http(`${server.url}/api/projects/${keys.projectId}/cohorts${path}`, {
        method,
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${keys.secretKey}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const germans = { name: "Germans", kind: "dynamic", match: { all: [{ type: "property", property: "country", op: "eq", value: "DE" }] } };
    const slow = await cohorts(hourly)("POST", "", germans);
    const fast = await cohorts(project)("POST", "", germans);
    assert.equal(slow.status, 201, slow.text);
    assert.equal(fast.status, 201, fast.text);
    for (const keys of [hourly, project]) {
      assert.equal((await track(server.url, { type: "identify", userId: "kai", traits: { country: "DE" } }, { writeKey: keys.writeKey })).status, 200);
    }
    const until = Date.now() + 30_000;
    for (;;) {
      const answer = await cohorts(project)("GET", `/${fast.body.cohort.id}`);
      if (answer.body.cohort?.count === 1) break;
      if (Date.now() > until) throw new Error(`the default project's cohort was not recomputed: ${answer.text}`);
      await sleep(200);
    }
    // Several passes of the 1.2 s default have run by now (and a few more to be sure): the hourly one is not due for an hour.
    await sleep(3_000);
    const waiting = await cohorts(hourly)("GET", `/${slow.body.cohort.id}`);
    assert.equal(waiting.body.cohort.count, 0, waiting.text);
    // "Recompute now" still works at any time.
    const now = await cohorts(hourly)("POST", `/${slow.body.cohort.id}/compute`, {});
    assert.equal(now.status, 200, now.text);
    assert.equal((await cohorts(hourly)("GET", `/${slow.body.cohort.id}`)).body.cohort.count, 1);
  });
});
