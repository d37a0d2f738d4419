// @amplitude/analytics-node, unchanged but for serverUrl, against the real server (API.md 2.5).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createInstance, Identify } from "@amplitude/analytics-node";
import { createAccountWithProject, http, ndjsonEvents, type ProjectFixture, type StoredEvent } from "../../support/api";
import { databaseKind, startServer, type TestServer } from "../../support/server";

describe(`@amplitude/analytics-node (${databaseKind()})`, () => {
  let server: TestServer;
  let project: ProjectFixture;
  const read = (path: string) => http(`${server.url}/api/projects/${project.projectId}${path}`, { headers: { Authorization: `Bearer ${project.secretKey}` } });
  const eventsOf = async (distinctId: string): Promise<StoredEvent[]> =>
    (await ndjsonEvents(server.url, project.projectId, { secretKey: project.secretKey }, { distinctId })).events;

  before(async () => {
    server = await startServer({ label: "amplitude" });
    project = await createAccountWithProject(server, "Amplitude");
  });
  after(async () => {
    await server?.stop();
  });

  test("anonymous events, a device joined to a user, user_properties operations, a second user", async () => {
    const amplitude = createInstance();
    await amplitude.init(project.writeKey, { serverUrl: `${server.url}/amplitude/2/httpapi`, flushQueueSize: 50, flushIntervalMillis: 200, flushMaxRetries: 2 }).promise;
    const when = Date.now() - 90_000;
    const results = await Promise.all([
      amplitude.track("Song Played", { genre: "jazz" }, { device_id: "amp-dev-1", time: when, insert_id: "amp-ins-1" }).promise,
      amplitude.track("[Amplitude] Page Viewed", { "[Amplitude] Page URL": "https://shop.example/p", "[Amplitude] Page Path": "/p" }, { device_id: "amp-dev-1" }).promise,
      amplitude.track("Subscribed", { plan: "pro" }, { device_id: "amp-dev-1", user_id: "amp-user-1" }).promise,
      amplitude.identify(new Identify().set("plan", "pro").setOnce("first_plan", "free").add("logins", 2).append("tags", "a").prepend("tags", "z"), { user_id: "amp-user-1" }).promise,
      amplitude.identify(new Identify().setOnce("first_plan", "ignored").add("logins", 1).remove("tags", "z").unset("plan"), { user_id: "amp-user-1" }).promise,
      amplitude.track("Song Played", { genre: "rock" }, { user_id: "amp-user-2" }).promise,
      amplitude.identify(new Identify().set("plan", "free"), { user_id: "amp-user-2" }).promise,
    ]);
    assert.deepEqual(results.map((r) => r.code), [200, 200, 200, 200, 200, 200, 200], JSON.stringify(results.map((r) => r.message)));
    await amplitude.flush().promise;

    const device = await eventsOf("amp-dev-1");
    const user = await eventsOf("amp-user-1");
    assert.equal(new Set([...device, ...user].map((e) => e.personId)).size, 1, "the device joins the user");
    assert.deepEqual(user.map((e) => e.event).sort(), ["$identify", "$identify", "$pageview", "Song Played", "Subscribed"]);
    const played = user.find((e) => e.event === "Song Played")!;
    assert.deepEqual([played.properties.genre, Date.parse(played.timestamp), played.messageId], ["jazz", when, "amp-ins-1"]);
    const person = await read("/users/amp-user-1");
    const { plan, first_plan, logins, tags } = person.body.properties;
    assert.deepEqual({ plan, first_plan, logins, tags }, { plan: undefined, first_plan: "free", logins: 3, tags: ["a"] });
    const second = await eventsOf("amp-user-2");
    assert.equal(second.length, 2);
    assert.notEqual(second[0].personId, played.personId);
    assert.equal((await read("/users/amp-user-2")).body.properties.plan, "free");
  });

  test("answers carry Amplitude's code; a wrong key or broken gzip never a 500; valid neighbours stored", async () => {
    const post = (body: unknown, path = "/amplitude/batch") =>
      http(`${server.url}${path}`, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
    const ok = await post({ api_key: project.writeKey, events: [{ event_type: "Batch", device_id: "amp-b", insert_id: "b-1" }] });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual([ok.body.code, ok.body.events_ingested, typeof ok.body.server_upload_time], [200, 1, "number"]);
    const mixed = await post({ api_key: project.writeKey, events: [{ event_type: "Kept", device_id: "amp-m", insert_id: "m-1" }, { device_id: "amp-m" }] }, "/amplitude/2/httpapi/");
    assert.equal(mixed.status, 400);
    assert.deepEqual([mixed.body.code, mixed.body.events_with_invalid_fields], [400, { event_type: [1] }]);
    assert.deepEqual((await eventsOf("amp-m")).map((e) => e.event), ["Kept"]);
    const wrong = await post({ api_key: "nope", events: [] });
    assert.deepEqual([wrong.status, wrong.body.code], [401, 401]);
    const gz = await http(`${server.url}/amplitude/2/httpapi`, { method: "POST", body: Buffer.from([0x1f, 0x8b, 1, 2, 3]), headers: { "Content-Encoding": "gzip" } });
    assert.equal(gz.status, 415);
    assert.equal(gz.body.code, 415);
  });
});
