// posthog-node, unchanged but for `host`, against the real server (API.md 2.5),
// and the raw shapes posthog-js sends: gzip as text/plain, form data= base64,
// trailing slashes, credentialed CORS, the startup calls.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import zlib from "node:zlib";
import { PostHog } from "posthog-node";
import { createAccountWithProject, http, ndjsonEvents, type ProjectFixture, type StoredEvent } from "../../support/api";
import { databaseKind, startServer, type TestServer } from "../../support/server";

describe(`posthog-node and posthog-js's wire format (${databaseKind()})`, () => {
  let server: TestServer;
  let project: ProjectFixture;
  const read = (path: string) => http(`${server.url}/api/projects/${project.projectId}${path}`, { headers: { Authorization: `Bearer ${project.secretKey}` } });
  const postJson = (path: string, body: unknown) =>
    http(`${server.url}${path}`, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
  const eventsOf = async (distinctId: string): Promise<StoredEvent[]> =>
    (await ndjsonEvents(server.url, project.projectId, { secretKey: project.secretKey }, { distinctId })).events;

  before(async () => {
    server = await startServer({ label: "posthog" });
    project = await createAccountWithProject(server, "PostHog");
  });
  after(async () => {
    await server?.stop();
  });

  test("posthog-node: anonymous events, identify with $anon_distinct_id, $set/$set_once, alias, a second user", async () => {
    const posthog = new PostHog(project.writeKey, { host: `${server.url}/posthog`, flushAt: 50, flushInterval: 0, fetchRetryCount: 1 });
    const errors: unknown[] = [];
    posthog.on("error", (error) => errors.push(error));
    const when = new Date(Date.now() - 60_000);

    posthog.capture({ distinctId: "ph-anon-1", event: "Viewed Pricing", properties: { plan: "pro", $current_url: "https://shop.example/pricing" }, timestamp: when });
    posthog.capture({ distinctId: "ph-anon-1", event: "$pageview", properties: { $current_url: "https://shop.example/" } });
    posthog.identify({ distinctId: "ph-user-1", properties: { $set: { email: "one@example.com", plan: "pro" }, $set_once: { first_plan: "free" }, $anon_distinct_id: "ph-anon-1" } });
    posthog.capture({ distinctId: "ph-user-1", event: "Upgraded", properties: { seats: 3 } });
    posthog.identify({ distinctId: "ph-user-1", properties: { $set_once: { first_plan: "ignored" } } });
    posthog.alias({ distinctId: "ph-user-1", alias: "ph-legacy-1" });
    posthog.capture({ distinctId: "ph-user-2", event: "Viewed Pricing", properties: { plan: "free" } });
    posthog.identify({ distinctId: "ph-user-2", properties: { plan: "free" } });
    await posthog.shutdown(20_000);
    assert.deepEqual(errors, []);

    const user1 = await eventsOf("ph-user-1");
    assert.deepEqual(user1.map((e) => e.event).sort(), ["$create_alias", "$identify", "$identify", "$pageview", "Upgraded", "Viewed Pricing"]);
    assert.equal(new Set(user1.map((e) => e.personId)).size, 1, "the anonymous events count for the user they became");
    assert.equal(new Set(user1.map((e) => e.messageId)).size, 6, "each stored once");
    const viewed = user1.find((e) => e.event === "Viewed Pricing")!;
    assert.equal(viewed.properties.plan, "pro");
    assert.ok(Math.abs(Date.parse(viewed.timestamp) - when.getTime()) < 5_000, `stored at ${viewed.timestamp}, sent for ${when.toISOString()}`);
    assert.equal((await eventsOf("ph-legacy-1")).length, 6, "the alias reaches the same person");

    const person = await read("/users/ph-user-1");
    assert.equal(person.status, 200, person.text.slice(0, 300));
    assert.deepEqual(
      { email: person.body.properties.email, plan: person.body.properties.plan, first_plan: person.body.properties.first_plan },
      { email: "one@example.com", plan: "pro", first_plan: "free" },
    );
    const user2 = await eventsOf("ph-user-2");
    assert.equal(user2.length, 2);
    assert.notEqual(user2[0].personId, viewed.personId);
    assert.equal((await read("/users/ph-user-2")).body.properties.plan, "free");
  });

  test("posthog-js's shapes: gzip as text/plain with a trailing slash, form data= base64, a retried uuid stored once", async () => {
    const events = [
      { event: "$pageview", uuid: "js-0001", properties: { token: project.writeKey, distinct_id: "js-anon", $current_url: "https://shop.example/a" } },
      { event: "Clicked", uuid: "js-0002", properties: { token: project.writeKey, distinct_id: "js-anon", button: "buy" } },
    ];
    const gz = zlib.gzipSync(JSON.stringify(events));
    const first = await http(`${server.url}/posthog/e/?compression=gzip-js&ver=1.200.0`, { method: "POST", body: gz, headers: { "Content-Type": "text/plain" } });
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(first.body, { status: 1 });
    const form = `data=${encodeURIComponent(Buffer.from(JSON.stringify(events)).toString("base64"))}`;
    const again = await http(`${server.url}/posthog/e?compression=base64`, { method: "POST", body: form, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    assert.equal(again.status, 200, again.text);
    const stored = await eventsOf("js-anon");
    assert.deepEqual(stored.map((e) => e.event).sort(), ["$pageview", "Clicked"]);
    assert.equal(stored.find((e) => e.event === "$pageview")!.properties.token, undefined, "the token is not kept as a property");
  });

  test("bad input gets PostHog's error shape and a sentence, never a 500; valid neighbours are stored", async () => {
    const broken = await http(`${server.url}/posthog/batch/`, { method: "POST", body: "data=%%%", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    assert.equal(broken.status, 415, broken.text);
    assert.equal(broken.body.type, "validation_error");
    assert.match(broken.body.detail, /\.$/);
    const wrongKey = await postJson("/posthog/batch/", { api_key: "nope", batch: [{ event: "x", distinct_id: "d" }] });
    assert.equal(wrongKey.status, 401);
    assert.equal(wrongKey.body.type, "authentication_error");
    const mixed = await postJson("/posthog/batch/", { api_key: project.writeKey, batch: [{ event: "Kept", distinct_id: "mixed-1", uuid: "mixed-ok" }, { distinct_id: "mixed-1" }] });
    assert.equal(mixed.status, 400, mixed.text);
    assert.match(mixed.body.detail, /1 of 2 events were not stored/);
    assert.deepEqual((await eventsOf("mixed-1")).map((e) => e.event), ["Kept"]);
  });

  test("startup calls and CORS: flags, config, config.js, preflight echoing Origin with credentials", async () => {
    const flags = await postJson("/posthog/flags/?v=2", { token: project.writeKey, distinct_id: "d" });
    assert.equal(flags.status, 200);
    assert.deepEqual([flags.body.flags, flags.body.featureFlags, flags.body.errorsWhileComputingFlags], [{}, {}, false]);
    const decide = await postJson("/posthog/decide/?v=3", { token: project.writeKey, distinct_id: "d" });
    assert.equal(decide.status, 200);
    const config = await http(`${server.url}/posthog/array/${project.writeKey}/config`);
    assert.deepEqual(config.body.supportedCompression, ["gzip", "gzip-js"]);
    const script = await http(`${server.url}/posthog/array/${project.writeKey}/config.js`);
    assert.match(script.text, /_POSTHOG_REMOTE_CONFIG/);
    const preflight = await fetch(`${server.url}/posthog/e/`, {
      method: "OPTIONS",
      headers: { Origin: "https://shop.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,x-custom" },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), "https://shop.example");
    assert.equal(preflight.headers.get("access-control-allow-credentials"), "true");
    assert.equal(preflight.headers.get("access-control-allow-headers"), "content-type,x-custom");
  });

  test("trailing slashes on existing routes answer without a redirect", async () => {
    const tracked = await postJson("/api/track/", { event: "Slash", anonymousId: "slash-1", writeKey: project.writeKey });
    assert.equal(tracked.status, 200, tracked.text);
    const page = await fetch(`${server.url}/signin/`, { redirect: "manual" });
    assert.ok(page.status === 200, `GET /signin/ answered ${page.status}`);
  });
});
