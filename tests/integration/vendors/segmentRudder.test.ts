// RudderStack's Node library (gzip, originalTimestamp, context.traits) and the
// startup calls and short routes of analytics.js 2.0 and rudder-analytics-js,
// against the real server (API.md 2.5).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import Analytics from "@rudderstack/rudder-sdk-node";
import { basicAuth, createAccountWithProject, http, ndjsonEvents, type ProjectFixture, type StoredEvent } from "../../support/api";
import { databaseKind, startServer, type TestServer } from "../../support/server";

describe(`RudderStack and Segment analytics.js 2.0 routes (${databaseKind()})`, () => {
  let server: TestServer;
  let project: ProjectFixture;
  const read = (path: string) => http(`${server.url}/api/projects/${project.projectId}${path}`, { headers: { Authorization: `Bearer ${project.secretKey}` } });
  const eventsOf = async (distinctId: string): Promise<StoredEvent[]> =>
    (await ndjsonEvents(server.url, project.projectId, { secretKey: project.secretKey }, { distinctId })).events;

  before(async () => {
    server = await startServer({ label: "rudderstack" });
    project = await createAccountWithProject(server, "RudderStack");
  });
  after(async () => {
    await server?.stop();
  });

  test("rudder-sdk-node: anonymous events, identify with traits, a second user; times from originalTimestamp", async () => {
    const errors: unknown[] = [];
    const rudder = new Analytics(project.writeKey, { dataPlaneUrl: server.url, flushAt: 50, flushInterval: 200, retryCount: 1, errorHandler: (error) => errors.push(error) });
    const when = new Date(Date.now() - 45_000);
    rudder.track({ anonymousId: "rs-anon-1", event: "Viewed Pricing", properties: { plan: "pro" }, originalTimestamp: when } as never);
    rudder.page({ anonymousId: "rs-anon-1", name: "Pricing", properties: { url: "https://shop.example/pricing" } });
    rudder.identify({ anonymousId: "rs-anon-1", userId: "rs-user-1", traits: { email: "one@example.com", plan: "pro" } });
    rudder.track({ userId: "rs-user-2", event: "Viewed Pricing" });
    rudder.identify({ userId: "rs-user-2", traits: { plan: "free" } });
    await rudder.flush();
    assert.deepEqual(errors, []);

    const user = await eventsOf("rs-user-1");
    assert.deepEqual(user.map((e) => e.event).sort(), ["$identify", "$pageview", "Viewed Pricing"]);
    assert.equal(new Set(user.map((e) => e.personId)).size, 1);
    const viewed = user.find((e) => e.event === "Viewed Pricing")!;
    assert.ok(Math.abs(Date.parse(viewed.timestamp) - when.getTime()) < 5_000, `stored at ${viewed.timestamp}, sent for ${when.toISOString()}`);
    assert.equal((await read("/users/rs-user-1")).body.properties.email, "one@example.com");
    assert.equal((await read("/users/rs-user-2")).body.properties.plan, "free");
  });

  test("rudder-analytics-js: sourceConfig, traits only in context.traits, the beacon route", async () => {
    const config = await http(`${server.url}/sourceConfig/?p=npm&v=3.0.0`, { headers: { Authorization: basicAuth(project.writeKey) } });
    assert.equal(config.status, 200, config.text);
    assert.deepEqual([config.body.source.enabled, config.body.source.destinations], [true, []]);
    assert.equal((await http(`${server.url}/sourceConfig/?writeKey=wrong`)).status, 401);
    const beacon = await http(`${server.url}/beacon/v1/batch?writeKey=${project.writeKey}`, {
      method: "POST",
      body: JSON.stringify({
        batch: [
          { type: "identify", anonymousId: "rjs-anon", userId: "rjs-user", context: { traits: { plan: "team" } }, originalTimestamp: new Date().toISOString(), messageId: "rjs-1" },
          { type: "track", event: "Left Page", anonymousId: "rjs-anon", originalTimestamp: new Date().toISOString(), messageId: "rjs-2" },
        ],
        sentAt: new Date().toISOString(),
      }),
      headers: { "Content-Type": "text/plain;charset=UTF-8" },
    });
    assert.equal(beacon.status, 200, beacon.text);
    assert.equal((await eventsOf("rjs-user")).length, 2);
    assert.equal((await read("/users/rjs-user")).body.properties.plan, "team");
  });

  test("analytics.js 2.0: settings, the short routes with writeKey in a text/plain body, metrics dropped", async () => {
    const settings = await http(`${server.url}/v1/projects/${project.writeKey}/settings`, { headers: { Origin: "https://shop.example" } });
    assert.equal(settings.status, 200, settings.text);
    const host = new URL(server.url).host;
    assert.deepEqual(settings.body.integrations["Segment.io"], { apiKey: project.writeKey, apiHost: `${host}/v1`, protocol: "http" });
    assert.deepEqual(settings.body.metrics, { sampleRate: 0 });
    assert.equal((await http(`${server.url}/v1/projects/wrong/settings`)).status, 401);
    const text = (body: unknown) => ({ method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "text/plain" } });
    const now = new Date().toISOString();
    for (const [path, body] of [
      ["/v1/p", { type: "page", anonymousId: "ajs-anon", name: "Home", writeKey: project.writeKey, messageId: "ajs-1", timestamp: now, sentAt: now }],
      ["/v1/t", { type: "track", event: "Clicked", anonymousId: "ajs-anon", writeKey: project.writeKey, messageId: "ajs-2", timestamp: now, sentAt: now }],
      ["/v1/i", { type: "identify", anonymousId: "ajs-anon", userId: "ajs-user", traits: { plan: "pro" }, writeKey: project.writeKey, messageId: "ajs-3", timestamp: now, sentAt: now }],
      ["/v1/b", { batch: [{ type: "track", event: "Batched", anonymousId: "ajs-anon", messageId: "ajs-4" }], writeKey: project.writeKey }],
    ] as const) {
      const answer = await http(`${server.url}${path}`, text(body));
      assert.equal(answer.status, 200, `${path}: ${answer.text}`);
    }
    assert.equal((await http(`${server.url}/v1/m`, text({ series: [] }))).status, 200);
    assert.deepEqual((await eventsOf("ajs-user")).map((e) => e.event).sort(), ["$identify", "$pageview", "Batched", "Clicked"]);
  });
});
