// Issue 16, "Unbounded catalog": a public write key floods fresh event and
// property names. The caps hold (docs/security.md), events with known names are
// still stored, refusals are answered per message and counted in Settings, and
// the report pages and the properties API stay small.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createAccountWithProject, http, signIn, track, type HttpAnswer, type ProjectFixture } from "../support/api";
import { withSql } from "../support/sql";
import { databaseKind, startServer, type TestServer } from "../support/server";
import { BUILTIN_PROPERTIES } from "../../lib/query/builtinProperties";

const REQUESTS = 20;
const PER_REQUEST = 1000;
/** The default caps (prisma/models.prisma). */
const EVENT_NAMES = 2000;
const EVENT_PROPERTY_NAMES = 2000;
const PERSON_PROPERTY_NAMES = 1000;

describe(`catalog caps (${databaseKind()})`, () => {
  let server: TestServer;
  let project: ProjectFixture;
  let cookie: string;
  const answers: HttpAnswer[] = [];

  const read = (path: string) => http(`${server.url}/api/projects/${project.projectId}${path}`, { headers: { Authorization: `Bearer ${project.secretKey}` } });
  const page = (path: string) => http(`${server.url}/projects/${project.projectId}${path}`, { headers: { Cookie: cookie } });

  before(async () => {
    server = await startServer({ label: "catalog-caps" });
    project = await createAccountWithProject(server, "Flooded");
    cookie = await signIn(server.url, project.owner.email, project.owner.password);
    const first = await track(server.url, { event: "Signed Up", anonymousId: "real-user", properties: { plan: "pro" } }, { writeKey: project.writeKey });
    assert.equal(first.status, 200, first.text);
    // 20 requests of 1,000 messages, each with a fresh event name and two fresh property names.
    for (let r = 0; r < REQUESTS; r++) {
      const batch = Array.from({ length: PER_REQUEST }, (_, j) => {
        const i = r * PER_REQUEST + j;
        return { event: `flood-${i}`, anonymousId: "attacker", messageId: `flood-${i}`, properties: { [`p-${i}`]: 1, [`q-${i}`]: "x" } };
      });
      answers.push(await track(server.url, { batch }, { writeKey: project.writeKey }));
    }
  });

  after(async () => {
    await server?.stop();
  });

  test("event names stop at the cap; the messages past it are answered one by one and not stored", async () => {
    // "Signed Up" plus flood-0 .. flood-1998 make the 2,000.
    assert.equal(answers[0].status, 200, answers[0].text.slice(0, 300));
    assert.deepEqual(answers[0].body, { accepted: PER_REQUEST, duplicates: 0 });
    assert.equal(answers[1].status, 400, answers[1].text.slice(0, 300));
    assert.equal(answers[1].body.accepted, PER_REQUEST - 1);
    assert.equal(answers[1].body.error.code, "invalid_messages");
    assert.deepEqual(answers[1].body.errors.map((e: { index: number; path: string; code: string }) => [e.index, e.path, e.code]), [[999, "batch[999].event", "event_name_limit"]]);
    assert.match(answers[1].body.errors[0].message, /"flood-1999" is a new event name .* 2000/);
    for (const answer of answers.slice(2)) {
      assert.equal(answer.status, 400);
      assert.equal(answer.body.accepted, 0);
      assert.equal(answer.body.errors.length, PER_REQUEST);
      assert.ok(answer.body.errors.every((e: { code: string }) => e.code === "event_name_limit"));
    }
    const counts = await withSql(server, (s) =>
      s.rows<{ events: number; names: number; stored: number }>(
        `SELECT (SELECT count(*) FROM event_definitions WHERE project_id = ?) AS events,
                (SELECT count(DISTINCT name) FROM property_definitions WHERE project_id = ? AND scope = 'event') AS names,
                (SELECT count(*) FROM events WHERE project_id = ?) AS stored`,
        [project.projectId, project.projectId, project.projectId],
      ),
    );
    assert.deepEqual(
      { events: Number(counts[0].events), names: Number(counts[0].names), stored: Number(counts[0].stored) },
      { events: EVENT_NAMES, names: EVENT_PROPERTY_NAMES, stored: 1 + 2 * PER_REQUEST - 1 },
    );
  });

  test("an event with a known name is stored without its new property names", async () => {
    const answer = await track(
      server.url,
      { event: "Signed Up", anonymousId: "real-user", messageId: "known-event", properties: { plan: "team", "brand-new": 1 } },
      { writeKey: project.writeKey },
    );
    assert.deepEqual(answer.body, { accepted: 1, duplicates: 0 });
    const events = await read(`/events?event=${encodeURIComponent("Signed Up")}`);
    const stored = events.body.events.find((e: { messageId: string }) => e.messageId === "known-event");
    assert.deepEqual(stored.properties, { plan: "team" });
  });

  test("person property names have their own cap", async () => {
    const traits = Object.fromEntries(Array.from({ length: PERSON_PROPERTY_NAMES + 5 }, (_, i) => [`t${i}`, i]));
    const answer = await track(server.url, { type: "identify", userId: "flooder", traits }, { writeKey: project.writeKey });
    assert.equal(answer.status, 200, answer.text.slice(0, 300));
    const person = await read("/users/flooder");
    assert.equal(person.status, 200, person.text.slice(0, 300));
    assert.equal(Object.keys(person.body.properties).length, PERSON_PROPERTY_NAMES);
    assert.equal(person.body.properties[`t${PERSON_PROPERTY_NAMES}`], undefined);
  });

  test("the refusals are counted and shown in Settings", async () => {
    const settings = await page("/settings");
    assert.equal(settings.status, 200);
    // 18,001 event names (requests 2 to 20); property names: q-999, the 999
    // admitted messages' 1,998, "brand-new", and the 5 traits past the person cap.
    const text = settings.text.replace(/<!-- -->/g, "");
    assert.ok(/18,001<\/span> event names and.*>2,005<\/span> property names refused since/s.test(text), "Settings shows the refusals");
  });

  test("report pages ship a seed of the catalog, not all of it", async () => {
    for (const path of ["/funnels", "/events", "/retention", "/paths", "/users"]) {
      const answer = await page(path);
      assert.equal(answer.status, 200, path);
      assert.ok(answer.text.length < 250_000, `${path} is ${answer.text.length} bytes`);
      assert.ok(!answer.text.includes("flood-998"), `${path} lists names past the seed`);
    }
    const properties = await page("/properties");
    assert.equal(properties.status, 200);
    assert.ok(properties.text.length < 250_000, `/properties is ${properties.text.length} bytes`);
    // The 2,000 names of the cap, and $identify (built-in names are never refused);
    // the event properties also list the 16 built-in ones ($country...).
    assert.ok(/2,001 events, 2,016 event properties and 1,000 user properties/.test(properties.text.replace(/<!-- -->/g, "")), "the Properties page counts every list");
  });

  test("the properties API is paged and searched", async () => {
    const whole = await read("/properties");
    assert.equal(whole.status, 200);
    assert.equal(whole.body.events.length, 1000);
    assert.deepEqual(whole.body.more, { events: true, eventProperties: true, userProperties: false });

    const found = await read(`/properties?kind=events&q=${encodeURIComponent("FLOOD-998")}&limit=5`);
    assert.equal(found.status, 200, found.text);
    assert.deepEqual(found.body.events.map((e: { name: string }) => e.name), ["flood-998"]);
    assert.equal(found.body.nextCursor, null);

    const names = new Set<string>();
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const answer: HttpAnswer = await read(`/properties?kind=eventProperties&limit=500${cursor ? `&cursor=${cursor}` : ""}`);
      assert.equal(answer.status, 200, answer.text.slice(0, 300));
      for (const p of answer.body.eventProperties) names.add(p.name);
      cursor = answer.body.nextCursor;
      if (!cursor) break;
    }
    // Every custom name once, then the built-ins after them.
    assert.equal(names.size, EVENT_PROPERTY_NAMES + BUILTIN_PROPERTIES.length);
    assert.ok(names.has("$country"));

    const bad = await read("/properties?limit=0");
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, "invalid_query");
    const badCursor = await read("/properties?kind=events&cursor=nope");
    assert.equal(badCursor.status, 400);
  });
});
