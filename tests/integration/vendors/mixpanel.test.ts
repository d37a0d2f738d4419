// The mixpanel Node library, unchanged but for host/port/protocol/path,
// against the real server (API.md 2.5), and mixpanel-browser's raw shapes.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import Mixpanel from "mixpanel";
import { createAccountWithProject, http, ndjsonEvents, type ProjectFixture, type StoredEvent } from "../../support/api";
import { databaseKind, startServer, type TestServer } from "../../support/server";

/** Calls a mixpanel-node function that takes a trailing callback, as a promise. */
function sent(call: (callback: (error: Error | undefined) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => call((error) => (error ? reject(error) : resolve())));
}

describe(`mixpanel (Node) and mixpanel-browser's wire format (${databaseKind()})`, () => {
  let server: TestServer;
  let project: ProjectFixture;
  let mixpanel: Mixpanel.Mixpanel;
  const read = (path: string) => http(`${server.url}/api/projects/${project.projectId}${path}`, { headers: { Authorization: `Bearer ${project.secretKey}` } });
  const eventsOf = async (distinctId: string): Promise<StoredEvent[]> =>
    (await ndjsonEvents(server.url, project.projectId, { secretKey: project.secretKey }, { distinctId })).events;

  before(async () => {
    server = await startServer({ label: "mixpanel" });
    project = await createAccountWithProject(server, "Mixpanel");
    const url = new URL(server.url);
    // `port` is a documented option the typings leave out.
    const config = { host: url.hostname, port: Number(url.port), protocol: "http", path: "/mixpanel" };
    mixpanel = Mixpanel.init(project.writeKey, config as Partial<Mixpanel.InitConfig>);
  });
  after(async () => {
    await server?.stop();
  });

  test("track (GET), track_batch (POST form), simplified ID merge, engage operators, a second user", async () => {
    const seconds = Math.floor(Date.now() / 1000) - 120;
    await sent((cb) => mixpanel.track("Viewed Pricing", { distinct_id: "$device:mp-dev-1", $device_id: "mp-dev-1", plan: "pro", time: seconds, $insert_id: "mp-ins-1" }, cb));
    await new Promise<void>((resolve, reject) =>
      mixpanel.track_batch(
        [
          { event: "Signed Up", properties: { distinct_id: "mp-user-1", $device_id: "mp-dev-1", $user_id: "mp-user-1", time: seconds + 1, $insert_id: "mp-ins-2" } },
          { event: "Signed Up", properties: { distinct_id: "mp-user-1", $device_id: "mp-dev-1", $user_id: "mp-user-1", time: seconds + 1, $insert_id: "mp-ins-2" } },
          { event: "Viewed Pricing", properties: { distinct_id: "mp-user-2", time: (seconds + 2) * 1000, $insert_id: "mp-ins-3" } },
        ],
        (errors) => (errors?.length ? reject(errors[0]) : resolve()),
      ),
    );
    await sent((cb) => mixpanel.people.set("mp-user-1", { email: "one@example.com", plan: "pro" }, cb));
    await sent((cb) => mixpanel.people.set_once("mp-user-1", "first_plan", "free", cb));
    await sent((cb) => mixpanel.people.set_once("mp-user-1", "first_plan", "ignored", cb));
    await sent((cb) => mixpanel.people.increment("mp-user-1", "logins", 2, cb));
    await sent((cb) => mixpanel.people.increment("mp-user-1", "logins", 3, cb));
    await sent((cb) => mixpanel.people.append("mp-user-1", "tags", "a", cb));
    await sent((cb) => mixpanel.people.union("mp-user-1", { tags: ["a", "b", "c"] }, cb));
    await sent((cb) => mixpanel.people.remove("mp-user-1", { tags: "c" }, cb));
    await sent((cb) => mixpanel.people.unset("mp-user-1", "plan", cb));
    await sent((cb) => mixpanel.people.set("mp-user-2", { plan: "free" }, cb));

    const device = await eventsOf("mp-dev-1");
    const user = await eventsOf("mp-user-1");
    assert.equal(new Set([...device, ...user].map((e) => e.personId)).size, 1, "the device's events count for the user it became");
    const named = (events: StoredEvent[], name: string) => events.filter((e) => e.event === name);
    assert.equal(named(user, "Signed Up").length, 1, "a repeated $insert_id is stored once");
    const viewed = named(user, "Viewed Pricing")[0];
    assert.equal(viewed.properties.plan, "pro");
    assert.equal(viewed.properties.token, undefined);
    assert.equal(Date.parse(viewed.timestamp), seconds * 1000);
    const person = await read("/users/mp-user-1");
    assert.equal(person.status, 200, person.text.slice(0, 300));
    const { email, plan, first_plan, logins, tags } = person.body.properties;
    assert.deepEqual({ email, plan, first_plan, logins, tags }, { email: "one@example.com", plan: undefined, first_plan: "free", logins: 5, tags: ["a", "b"] });

    const second = await eventsOf("mp-user-2");
    assert.equal(Date.parse(named(second, "Viewed Pricing")[0].timestamp), (seconds + 2) * 1000, "milliseconds are read as milliseconds");
    assert.notEqual(second[0].personId, viewed.personId);
    assert.equal((await read("/users/mp-user-2")).body.properties.plan, "free");
  });

  test("mixpanel-browser's shapes: $identify, sendBeacon text/plain, verbose answers, $delete erases", async () => {
    const data = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");
    const identify = await http(`${server.url}/mixpanel/track/?verbose=1&ip=1`, {
      method: "POST",
      body: `data=${encodeURIComponent(data([{ event: "$identify", properties: { token: project.writeKey, distinct_id: "mpb-user", $anon_distinct_id: "mpb-anon", $insert_id: "mpb-1" } }]))}`,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://shop.example" },
    });
    assert.equal(identify.status, 200, identify.text);
    assert.deepEqual(identify.body, { status: 1, error: null });
    assert.equal(identify.headers.get("access-control-allow-origin"), "https://shop.example");
    assert.equal(identify.headers.get("access-control-allow-credentials"), "true");
    const beacon = await http(`${server.url}/mixpanel/track/`, {
      method: "POST",
      body: JSON.stringify([{ event: "Left", properties: { token: project.writeKey, distinct_id: "mpb-anon", $insert_id: "mpb-2" } }]),
      headers: { "Content-Type": "text/plain;charset=UTF-8" },
    });
    assert.equal(beacon.text, "1");
    assert.equal(new Set((await eventsOf("mpb-user")).map((e) => e.personId)).size, 1);
    assert.equal((await eventsOf("mpb-user")).length, 2);

    const broken = await http(`${server.url}/mixpanel/track?verbose=1&data=%%%`);
    assert.equal(broken.body.status, 0);
    assert.match(broken.body.error, /\.$/);
    assert.equal((await http(`${server.url}/mixpanel/track?data=${data({ event: "x", properties: { token: "wrong", distinct_id: "d" } })}`)).text, "0");

    await sent((cb) => mixpanel.people.delete_user("mpb-user", cb));
    assert.equal((await read("/users/mpb-user")).status, 404, "$delete erases the person");
    assert.equal((await eventsOf("mpb-anon")).length, 0);
  });
});
