// The tracking plan (API.md 7) through the HTTP API and the CLI on a real
// server: flag, strip and block at ingestion, the quarantine and its replay,
// the violations route, Segment's JSON, and plan:check's exit codes.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { allEvents, createProject, createUser, http, track, uniqueId, type Account, type HttpAnswer, type ProjectKeys } from "../support/api";
import { startServer, type TestServer } from "../support/server";

const ORDER_PLAN = {
  mode: { unplannedEvents: "flag", invalidEvents: "flag", unplannedProperties: "flag" },
  events: {
    "Order Completed": {
      description: "A paid order",
      owner: "checkout",
      properties: {
        revenue: { type: "number", minimum: 0, required: true },
        currency: { type: "string", enum: ["EUR", "USD"] },
      },
    },
  },
};

describe("tracking plan", () => {
  let server: TestServer;
  let owner: Account;

  before(async () => {
    server = await startServer({ label: "plan" });
    owner = await createUser(server);
  });

  after(async () => {
    await server?.stop();
  });

  const planUrl = (p: ProjectKeys, rest = "") => `${server.url}/api/projects/${p.projectId}/tracking-plan${rest}`;
  const send = (p: ProjectKeys, method: string, rest: string, body?: unknown): Promise<HttpAnswer> =>
    http(planUrl(p, rest), {
      method,
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${p.secretKey}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const putPlan = async (p: ProjectKeys, plan: unknown) => {
    const answer = await send(p, "PUT", "", plan);
    assert.equal(answer.status, 200, answer.text);
    return answer;
  };
  const order = (properties: Record<string, unknown>, messageId = uniqueId("m")) => ({ type: "track", event: "Order Completed", userId: "u1", messageId, properties });
  const violationsOf = async (p: ProjectKeys, query = "") => {
    const answer = await send(p, "GET", `/violations${query}`);
    assert.equal(answer.status, 200, answer.text);
    return answer.body as { violations: { event: string; property: string | null; type: string; count: number; samples: unknown[] }[]; quarantined: number };
  };
  const stored = async (p: ProjectKeys) => (await allEvents(server.url, p.projectId, { secretKey: p.secretKey })).events;

  test("without a plan the answer is unchanged and nothing is checked", async () => {
    const p = await createProject(server, owner.email, "No plan");
    const answer = await track(server.url, order({}), { writeKey: p.writeKey });
    assert.deepEqual(answer.body, { accepted: 1, duplicates: 0 });
    const plan = await send(p, "GET", "");
    assert.equal(plan.status, 200, plan.text);
    assert.deepEqual(plan.body.events, {});
    assert.equal(plan.body.version, 0);
  });

  test("a bad plan is a 400 that says what is wrong; a write key or no key cannot change it", async () => {
    const p = await createProject(server, owner.email, "Bad plan");
    const bad = await send(p, "PUT", "", { events: { A: { properties: { x: { type: "text" } } } } });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.body.error.code, "invalid_plan");
    assert.match(bad.body.error.message, /events\.A\.properties\.x\.type/);
    const regex = await send(p, "PUT", "", { events: { A: { properties: { x: { pattern: "([" } } } } });
    assert.equal(regex.status, 400, regex.text);
    const notJson = await http(planUrl(p), { method: "PUT", headers: { Authorization: `Bearer ${p.secretKey}` }, body: "{" });
    assert.equal(notJson.status, 400);
    const anonymous = await http(planUrl(p), { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(ORDER_PLAN) });
    assert.equal(anonymous.status, 401);
  });

  test("flag stores the events and counts each violation with at most ten samples", async () => {
    const p = await createProject(server, owner.email, "Flag");
    const saved = await putPlan(p, ORDER_PLAN);
    assert.equal(saved.body.version, 1);
    const batch = Array.from({ length: 12 }, (_, i) => order({ revenue: "12", currency: "GBP", n: i }));
    const answer = await track(server.url, { batch }, { writeKey: p.writeKey });
    assert.equal(answer.status, 200, answer.text);
    // Per message: revenue wrong_type, currency not_allowed_value, n unplanned_property.
    assert.deepEqual(answer.body, { accepted: 12, duplicates: 0, violations: 36, blocked: 0 });
    // The same batch again stores nothing and counts nothing twice.
    const again = await track(server.url, { batch }, { writeKey: p.writeKey });
    assert.equal(again.body.duplicates, 12);
    const unplanned = await track(server.url, { type: "track", event: "Signed Up", userId: "u2" }, { writeKey: p.writeKey });
    assert.equal(unplanned.body.violations, 1);

    assert.equal((await stored(p)).length, 13);
    const { violations } = await violationsOf(p);
    const byKey = Object.fromEntries(violations.map((v) => [`${v.event}/${v.property}/${v.type}`, v]));
    assert.deepEqual(Object.keys(byKey).sort(), [
      "Order Completed/currency/not_allowed_value",
      "Order Completed/n/unplanned_property",
      "Order Completed/revenue/wrong_type",
      "Signed Up/null/unplanned_event",
    ]);
    assert.equal(byKey["Order Completed/revenue/wrong_type"].count, 12);
    assert.equal(byKey["Order Completed/revenue/wrong_type"].samples.length, 10);
    // Newest first: the last message of the batch leads.
    assert.deepEqual((byKey["Order Completed/revenue/wrong_type"].samples[0] as { properties: unknown }).properties, batch[11].properties);
    // A later group keeps the newest ten of old and new.
    await track(server.url, order({ revenue: "latest" }), { writeKey: p.writeKey });
    const later = (await violationsOf(p, "?type=wrong_type")).violations;
    assert.equal(later.length, 1);
    assert.equal(later[0].count, 13);
    assert.equal(later[0].samples.length, 10);
    assert.deepEqual((later[0].samples[0] as { properties: unknown }).properties, { revenue: "latest" });
    assert.deepEqual((await violationsOf(p, "?event=Signed%20Up")).violations.map((v) => v.type), ["unplanned_event"]);
  });

  test("the violations route filters by time and refuses a bad query", async () => {
    const p = await createProject(server, owner.email, "Window");
    await putPlan(p, ORDER_PLAN);
    await track(server.url, order({}), { writeKey: p.writeKey });
    const now = Date.now();
    assert.equal((await violationsOf(p, `?from=${new Date(now - 60_000).toISOString()}`)).violations.length, 1);
    assert.equal((await violationsOf(p, `?from=${new Date(now + 60_000).toISOString()}&to=${new Date(now + 120_000).toISOString()}`)).violations.length, 0);
    assert.equal((await violationsOf(p, `?from=${now - 3_600_000}&to=${now - 1_800_000}`)).violations.length, 0);
    const backwards = await send(p, "GET", `/violations?from=${now}&to=${now - 1000}`);
    assert.equal(backwards.status, 400, backwards.text);
    const bad = await send(p, "GET", "/violations?from=yesterday");
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.body.error.code, "invalid_query");
    const badType = await send(p, "GET", "/violations?type=typo");
    assert.equal(badType.status, 400, badType.text);
  });

  test("strip drops unplanned properties before storing", async () => {
    const p = await createProject(server, owner.email, "Strip");
    await putPlan(p, { ...ORDER_PLAN, mode: { unplannedEvents: "allow", invalidEvents: "flag", unplannedProperties: "strip" } });
    const answer = await track(server.url, order({ revenue: 5, currency: "EUR", secret: "drop me", $lib: "web" }), { writeKey: p.writeKey });
    assert.deepEqual(answer.body, { accepted: 1, duplicates: 0, violations: 1, blocked: 0 });
    const [event] = await stored(p);
    assert.deepEqual(event.properties, { revenue: 5, currency: "EUR", $lib: "web" });
  });

  test("block quarantines with a 200, and a replay after a plan change stores each message once", async () => {
    const p = await createProject(server, owner.email, "Block");
    await putPlan(p, { ...ORDER_PLAN, mode: { unplannedEvents: "block", invalidEvents: "block", unplannedProperties: "allow" } });
    const invalid = order({ revenue: -1 }, "blocked-1");
    const batch = [invalid, order({ revenue: 3 }, "ok-1"), { type: "track", event: "Beta Clicked", userId: "u1", messageId: "blocked-2" }];
    const answer = await track(server.url, { batch }, { writeKey: p.writeKey });
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.body, { accepted: 3, duplicates: 0, violations: 2, blocked: 2 });
    // A retry is acknowledged again without a second copy in the quarantine.
    const retry = await track(server.url, { batch }, { writeKey: p.writeKey });
    assert.deepEqual(retry.body, { accepted: 3, duplicates: 3, violations: 2, blocked: 2 });
    assert.deepEqual((await stored(p)).map((e) => e.messageId), ["ok-1"]);
    assert.equal((await violationsOf(p)).quarantined, 2);
    const counts = Object.fromEntries((await violationsOf(p)).violations.map((v) => [v.type, v.count]));
    assert.deepEqual(counts, { not_allowed_value: 1, unplanned_event: 1 });

    // Nothing changed yet: a replay keeps both where they are.
    const early = await send(p, "POST", "/quarantine/replay");
    assert.equal(early.status, 200, early.text);
    assert.deepEqual(early.body, { replayed: 0, stored: 0, stillBlocked: 2 });

    // Plan the new event; the invalid order stays blocked.
    await putPlan(p, { mode: { unplannedEvents: "block", invalidEvents: "block", unplannedProperties: "allow" }, events: { ...ORDER_PLAN.events, "Beta Clicked": { properties: {} } } });
    const replay = await send(p, "POST", "/quarantine/replay");
    assert.deepEqual(replay.body, { replayed: 1, stored: 1, stillBlocked: 1 });
    assert.deepEqual((await send(p, "POST", "/quarantine/replay")).body, { replayed: 0, stored: 0, stillBlocked: 1 });
    assert.deepEqual((await stored(p)).map((e) => e.messageId).sort(), ["blocked-2", "ok-1"]);
    assert.equal((await violationsOf(p)).quarantined, 1);
    // The replayed message sent again is a duplicate, not a second event.
    const resent = await track(server.url, batch[2], { writeKey: p.writeKey });
    assert.equal(resent.body.duplicates, 1);
    assert.equal((await stored(p)).length, 2);
  });

  test("erasing a person takes their blocked messages and samples, and leaves the counts", async () => {
    const p = await createProject(server, owner.email, "Erase");
    await putPlan(p, { ...ORDER_PLAN, mode: { unplannedEvents: "flag", invalidEvents: "block", unplannedProperties: "flag" } });
    const from = (userId: string, properties: Record<string, unknown>) => ({ ...order(properties), userId });
    const answer = await track(server.url, { batch: [from("erase-me", { revenue: 1, extra: 1 }), from("erase-me", { revenue: -1 }), from("keep-me", { revenue: 2, extra: 2 })] }, { writeKey: p.writeKey });
    assert.equal(answer.body.blocked, 1, answer.text);
    const erased = await http(`${server.url}/api/projects/${p.projectId}/users/erase-me`, { method: "DELETE", headers: { Authorization: `Bearer ${p.secretKey}` } });
    assert.equal(erased.status, 200, erased.text);
    const after = await violationsOf(p, "?type=unplanned_property");
    assert.equal((await violationsOf(p)).quarantined, 0);
    assert.equal(after.violations[0].count, 2);
    assert.deepEqual(after.violations[0].samples.map((s) => (s as { distinctId: string }).distinctId), ["keep-me"]);
  });

  test("Segment Protocols JSON goes out and comes back in", async () => {
    const p = await createProject(server, owner.email, "Segment");
    await putPlan(p, ORDER_PLAN);
    const exported = await send(p, "GET", "?format=segment");
    assert.equal(exported.status, 200, exported.text);
    const rule = exported.body.rules.events[0];
    assert.equal(rule.name, "Order Completed");
    assert.deepEqual(rule.rules.properties.properties.required, ["revenue"]);

    const other = await createProject(server, owner.email, "Segment copy");
    const imported = await send(other, "PUT", "?format=segment", exported.body);
    assert.equal(imported.status, 200, imported.text);
    assert.deepEqual(imported.body.events["Order Completed"].properties, ORDER_PLAN.events["Order Completed"].properties);
    const bad = await send(other, "PUT", "?format=segment", { rules: { events: "none" } });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.body.error.code, "invalid_segment_plan");
  });

  test("plan:push, plan:pull and plan:check's exit codes", async () => {
    const p = await createProject(server, owner.email, "CLI");
    const dir = fs.mkdtempSync(path.join(server.dataDir, "plan-"));
    const file = path.join(dir, "plan.json");
    fs.writeFileSync(file, JSON.stringify(ORDER_PLAN));
    const pushed = await server.cli(["plan:push", "--project", p.projectId, "--file", file]);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.equal((await send(p, "GET", "")).body.mode.unplannedEvents, "flag");

    const pulledFile = path.join(dir, "pulled.json");
    const pulled = await server.cli(["plan:pull", "--project", p.projectId, "--file", pulledFile]);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.deepEqual(JSON.parse(fs.readFileSync(pulledFile, "utf8")), ORDER_PLAN);

    const clean = await server.cli(["plan:check", "--project", p.projectId, "--since", "1h"]);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);

    // The server sees a plan pushed from elsewhere within seconds.
    let answer: HttpAnswer;
    const deadline = Date.now() + 15_000;
    do {
      answer = await track(server.url, order({ revenue: "x" }), { writeKey: p.writeKey });
      if (answer.body.violations) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    } while (Date.now() < deadline);
    assert.equal(answer.body.violations, 1, answer.text);

    const dirty = await server.cli(["plan:check", "--project", p.projectId, "--since", "1h"]);
    assert.equal(dirty.code, 1, dirty.stderr);
    assert.match(dirty.stdout, /wrong_type\tOrder Completed\.revenue/);

    fs.writeFileSync(file, JSON.stringify({ events: { A: { properties: { x: { type: "text" } } } } }));
    const refused = await server.cli(["plan:push", "--project", p.projectId, "--file", file]);
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr.trim().split("\n").length, 1, refused.stderr);
    const badSince = await server.cli(["plan:check", "--project", p.projectId, "--since", "soon"]);
    assert.equal(badSince.code, 1);
  });
});
