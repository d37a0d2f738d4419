// Identity (API.md 2.4): distinct ids, persons, identify and alias, seen through
// GET /api/projects/{id}/events?distinctId=...
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { allEvents, createAccountWithProject, track, uniqueId, type ProjectFixture, type StoredEvent } from "../support/api";
import { assertSlotsMatchEvents } from "../support/activitySlots";
import { databaseKind, startServer, type TestServer } from "../support/server";

describe(`identity (${databaseKind()})`, () => {
  let server: TestServer;
  let project: ProjectFixture;

  before(async () => {
    server = await startServer({ label: "identity" });
    project = await createAccountWithProject(server, "Identity");
  });

  after(async () => {
    await server?.stop();
  });

  async function send(body: unknown): Promise<void> {
    const answer = await track(server.url, body, { writeKey: project.writeKey });
    assert.equal(answer.status, 200, `${JSON.stringify(body)} answered ${answer.status}: ${answer.text}`);
  }

  async function eventsOf(distinctId: string): Promise<StoredEvent[]> {
    return (await allEvents(server.url, project.projectId, { secretKey: project.secretKey }, { distinctId })).events;
  }

  function personOf(events: StoredEvent[]): string {
    const persons = new Set(events.map((e) => e.personId));
    assert.equal(persons.size, 1, `expected one person, got ${[...persons].join(", ")}`);
    return [...persons][0];
  }

  test("identify joins the anonymous id's earlier events to the user", async () => {
    const anon = uniqueId("anon");
    const user = uniqueId("user");
    await send({ event: "Viewed pricing", anonymousId: anon, messageId: uniqueId("m") });
    const beforeIdentify = await eventsOf(anon);
    assert.equal(beforeIdentify.length, 1);

    await send({ type: "identify", userId: user, anonymousId: anon, traits: { email: "ada@example.com", plan: "pro" } });
    const byUser = await eventsOf(user);
    assert.deepEqual(byUser.map((e) => e.event).sort(), ["$identify", "Viewed pricing"]);
    assert.deepEqual(byUser.map((e) => e.distinctId).sort(), [anon, user].sort());
    const person = personOf(byUser);

    // The anonymous id now stands for the same person.
    const byAnon = await eventsOf(anon);
    assert.deepEqual(byAnon.map((e) => e.id).sort(), byUser.map((e) => e.id).sort());

    // Later events of either id count for that person too.
    await send({ event: "Clicked buy", anonymousId: anon });
    await send({ event: "Paid", userId: user });
    const all = await eventsOf(user);
    assert.deepEqual(all.map((e) => e.event).sort(), ["$identify", "Clicked buy", "Paid", "Viewed pricing"]);
    assert.equal(personOf(all), person);
  });

  test("identify and the anonymous events in one batch end up on one person", async () => {
    const anon = uniqueId("anon");
    const user = uniqueId("user");
    await send({
      batch: [
        { event: "Landed", anonymousId: anon },
        { type: "identify", userId: user, anonymousId: anon },
        { event: "Signed in", userId: user },
      ],
    });
    const events = await eventsOf(user);
    assert.deepEqual(events.map((e) => e.event).sort(), ["$identify", "Landed", "Signed in"]);
    personOf(events);
  });

  test("identify does not merge two persons that both have a userId", async () => {
    const anon = uniqueId("anon");
    const first = uniqueId("first-user");
    const second = uniqueId("second-user");
    await send({ event: "Visited", anonymousId: anon });
    await send({ type: "identify", userId: first, anonymousId: anon });
    await send({ event: "Own event", userId: second });
    // The second user identifies with the device already joined to the first user.
    await send({ type: "identify", userId: second, anonymousId: anon });

    const firsts = await eventsOf(first);
    const seconds = await eventsOf(second);
    assert.notEqual(personOf(firsts), personOf(seconds));
    assert.ok(!firsts.some((e) => e.distinctId === second), "none of the second user's events count for the first");
    assert.ok(!seconds.some((e) => e.event === "Visited"), "the first user's history stays with the first user");
  });

  test("a second user signing in on a shared device does not become the first user", async () => {
    const device = uniqueId("shared-device");
    const alice = uniqueId("alice");
    const bob = uniqueId("bob");
    await send({ event: "Visited", anonymousId: device });
    await send({ type: "identify", userId: alice, anonymousId: device });
    await send({ event: "Alice did this", userId: alice });
    // Bob has never been seen before and signs in on the same browser.
    await send({ type: "identify", userId: bob, anonymousId: device });
    await send({ event: "Bob did this", userId: bob });

    const alices = await eventsOf(alice);
    const bobs = await eventsOf(bob);
    assert.notEqual(personOf(alices), personOf(bobs), "Alice and Bob must stay two persons");
    assert.ok(!alices.some((e) => e.event === "Bob did this"));
    assert.ok(!bobs.some((e) => e.event === "Alice did this"));
  });

  test("alias merges previousId into userId", async () => {
    const previous = uniqueId("old-id");
    const user = uniqueId("new-id");
    await send({ event: "Before alias", userId: previous });
    await send({ event: "Other", userId: user });
    await send({ type: "alias", userId: user, previousId: previous });
    const events = await eventsOf(user);
    assert.deepEqual(events.map((e) => e.event).sort(), ["$create_alias", "Before alias", "Other"]);
    personOf(events);
    assert.deepEqual((await eventsOf(previous)).map((e) => e.id).sort(), events.map((e) => e.id).sort());
  });

  test("different anonymous ids without identify are different persons", async () => {
    const a = uniqueId("anon-a");
    const b = uniqueId("anon-b");
    await send({ batch: [{ event: "X", anonymousId: a }, { event: "X", anonymousId: b }] });
    const aEvents = await eventsOf(a);
    const bEvents = await eventsOf(b);
    assert.equal(aEvents.length, 1);
    assert.equal(bEvents.length, 1);
    assert.notEqual(aEvents[0].personId, bEvents[0].personId);
  });

  test("newcomers of one batch, linked or not, get the persons the messages say", async () => {
    // The writer creates the persons of ids no identify names in one go, and the
    // others message by message: both kinds, and a userId seen first in a track.
    const [a, b, signedIn, joined, later] = ["anon-a", "anon-b", "user-tracked", "user-identified", "user-later"].map(uniqueId);
    await send({
      batch: [
        { event: "Landed", anonymousId: a },
        { event: "Paid", userId: signedIn },
        { event: "Landed", anonymousId: b },
        { type: "identify", userId: joined, anonymousId: b },
        { event: "Landed", anonymousId: a },
      ],
    });
    const ofA = await eventsOf(a);
    assert.deepEqual(ofA.map((e) => e.event), ["Landed", "Landed"]);
    const ofJoined = await eventsOf(joined);
    assert.deepEqual(ofJoined.map((e) => e.event).sort(), ["$identify", "Landed"]);
    const persons = [personOf(ofA), personOf(await eventsOf(signedIn)), personOf(ofJoined)];
    assert.equal(new Set(persons).size, 3, "three persons");

    // The tracked userId made its person identified: identify from that id with
    // another userId starts a new person instead of joining them.
    await send({ type: "identify", userId: later, anonymousId: signedIn });
    assert.notEqual(personOf(await eventsOf(later)), persons[1]);
    assert.equal(personOf(await eventsOf(signedIn)), persons[1]);
  });

  test("an unknown distinct id has no events", async () => {
    assert.deepEqual(await eventsOf(uniqueId("never-seen")), []);
  });

  test("after every merge above, each person's activity slots are those of their events", async () => {
    await assertSlotsMatchEvents(server, { nonEmpty: true });
  });
});
