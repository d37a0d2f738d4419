// Ingestion over HTTP (API.md section 2) against a real server and database.
import assert from "node:assert/strict";
import zlib from "node:zlib";
import { after, before, describe, test } from "node:test";
import {
  allEvents,
  basicAuth,
  createAccountWithProject,
  http,
  track,
  uniqueId,
  type HttpAnswer,
  type ProjectFixture,
  type StoredEvent,
} from "../support/api";
import { databaseKind, startServer, type TestServer } from "../support/server";

const CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
const GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

function assertErrorBody(answer: HttpAnswer, status: number): void {
  assert.equal(answer.status, status, `expected HTTP ${status}, got ${answer.status}: ${answer.text.slice(0, 500)}`);
  assert.ok(answer.body && typeof answer.body === "object", `expected a JSON error body, got: ${answer.text.slice(0, 200)}`);
  assert.match(answer.body.error?.code ?? "", /^[a-z]+(_[a-z0-9]+)*$/, `error.code must be snake_case: ${answer.text}`);
  assert.equal(typeof answer.body.error.message, "string");
  assert.ok(answer.body.error.message.length > 0);
}

describe(`ingestion (${databaseKind()})`, () => {
  let server: TestServer;
  let project: ProjectFixture;
  let other: ProjectFixture;

  before(async () => {
    server = await startServer({ label: "track" });
    project = await createAccountWithProject(server, "Ingestion");
    other = await createAccountWithProject(server, "Other");
  });

  after(async () => {
    await server?.stop();
  });

  /** Every stored event of `project` named `event`. */
  async function stored(event: string, keys: ProjectFixture = project): Promise<StoredEvent[]> {
    const { events } = await allEvents(server.url, keys.projectId, { secretKey: keys.secretKey }, { event, limit: 1000 });
    return events;
  }

  test("GET /api/health answers 200 {ok: true}", async () => {
    const answer = await http(`${server.url}/api/health`);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.ok, true);
    assert.match(answer.headers.get("content-type") ?? "", /application\/json/);
  });

  for (const via of ["basic", "header", "body"] as const) {
    test(`a track with the write key in ${via === "basic" ? "Basic auth" : via === "header" ? "X-Write-Key" : "the body"} is stored and readable`, async () => {
      const event = uniqueId(`Signed up via ${via}`);
      const messageId = uniqueId("msg");
      const properties = { plan: "pro", amount: 42.5, seats: 3, trial: false, tags: ["a", "b"], nested: { x: { y: true } }, unicode: "héllo ✓ 日本", none: null };
      const answer = await track(
        server.url,
        { event, userId: "user-42", properties, timestamp: "2024-05-01T12:34:56.789Z", messageId, context: { locale: "fr-FR" } },
        { writeKey: project.writeKey, via },
      );
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.body, { accepted: 1, duplicates: 0 });

      const events = await stored(event);
      assert.equal(events.length, 1);
      const [stored0] = events;
      assert.equal(stored0.event, event);
      assert.equal(stored0.distinctId, "user-42");
      assert.equal(stored0.messageId, messageId);
      assert.equal(stored0.timestamp, "2024-05-01T12:34:56.789Z");
      assert.deepEqual(stored0.properties, properties);
      assert.equal(stored0.context.locale, "fr-FR");
      assert.equal(typeof stored0.id, "string");
      assert.equal(typeof stored0.personId, "string");
    });
  }

  test("numbers as ids are kept as strings; epoch-ms timestamps are accepted", async () => {
    const event = uniqueId("Numeric");
    const answer = await track(server.url, { event, userId: 12345, timestamp: 1714566896789 }, { writeKey: project.writeKey });
    assert.equal(answer.status, 200, answer.text);
    const [stored0] = await stored(event);
    assert.equal(stored0.distinctId, "12345");
    assert.equal(stored0.timestamp, "2024-05-01T12:34:56.789Z");
  });

  test("without a timestamp, the event happened when it was received", async () => {
    const event = uniqueId("Now");
    const before = Date.now();
    const answer = await track(server.url, { event, anonymousId: "anon-now" }, { writeKey: project.writeKey });
    const afterwards = Date.now();
    assert.equal(answer.status, 200, answer.text);
    const ts = Date.parse((await stored(event))[0].timestamp);
    assert.ok(ts >= before - 1000 && ts <= afterwards + 1000, `timestamp ${ts} not within [${before}, ${afterwards}]`);
  });

  test("page and screen messages are stored as $pageview and $screen", async () => {
    const anonymousId = uniqueId("anon-page");
    const answer = await track(
      server.url,
      { batch: [{ type: "page", name: "Pricing", anonymousId, properties: { path: "/pricing" } }, { type: "screen", name: "Home", anonymousId }] },
      { writeKey: project.writeKey },
    );
    assert.equal(answer.status, 200, answer.text);
    const { events } = await allEvents(server.url, project.projectId, { secretKey: project.secretKey }, { distinctId: anonymousId });
    assert.deepEqual(events.map((e) => e.event).sort(), ["$pageview", "$screen"]);
    assert.equal(events.find((e) => e.event === "$pageview")?.properties.name, "Pricing");
  });

  test("missing write key: 401 with an error body (and CORS headers)", async () => {
    const answer = await track(server.url, { event: "e", anonymousId: "a" });
    assertErrorBody(answer, 401);
    assert.equal(answer.headers.get("access-control-allow-origin"), "*");
  });

  test("unknown write key: 401 wherever it is sent", async () => {
    for (const via of ["basic", "header", "body"] as const) {
      const event = uniqueId("Unknown key");
      const answer = await track(server.url, { event, anonymousId: "a" }, { writeKey: "ct_wk_doesnotexist000000000000", via });
      assertErrorBody(answer, 401);
      assert.equal((await stored(event)).length, 0);
    }
  });

  test("a secret key is not a write key", async () => {
    const answer = await track(server.url, { event: "e", anonymousId: "a" }, { writeKey: project.secretKey, via: "basic" });
    assertErrorBody(answer, 401);
  });

  test("a body that is not JSON: 415", async () => {
    const answer = await http(`${server.url}/api/track`, {
      method: "POST",
      headers: { Authorization: basicAuth(project.writeKey), "Content-Type": "application/json" },
      body: "this is not json",
    });
    assertErrorBody(answer, 415);
    const empty = await http(`${server.url}/api/track`, { method: "POST", headers: { Authorization: basicAuth(project.writeKey) } });
    assertErrorBody(empty, 415);
  });

  test("a message with no event: 400 naming the field", async () => {
    const answer = await track(server.url, { anonymousId: "a", properties: { x: 1 } }, { writeKey: project.writeKey });
    assertErrorBody(answer, 400);
    assert.equal(answer.body.accepted, 0);
    assert.equal(answer.body.errors.length, 1);
    assert.equal(answer.body.errors[0].index, 0);
    assert.match(answer.body.errors[0].path, /^(event|type)$/);
    assert.equal(typeof answer.body.errors[0].code, "string");
    assert.equal(typeof answer.body.errors[0].message, "string");
  });

  test("a message with neither userId nor anonymousId: 400 naming the field", async () => {
    const event = uniqueId("No id");
    const answer = await track(server.url, { event }, { writeKey: project.writeKey });
    assertErrorBody(answer, 400);
    assert.equal(answer.body.accepted, 0);
    assert.match(answer.body.errors[0].path, /^(userId|anonymousId)$/);
    assert.equal((await stored(event)).length, 0);
  });

  test("a batch with one bad message: 400, the two good ones are stored, the bad one listed", async () => {
    const event = uniqueId("Batch");
    const good = [uniqueId("good"), uniqueId("good")];
    const answer = await track(
      server.url,
      {
        batch: [
          { event, anonymousId: "batch-user", messageId: good[0] },
          { event, properties: { bad: true }, messageId: uniqueId("bad") },
          { event, anonymousId: "batch-user", messageId: good[1] },
        ],
      },
      { writeKey: project.writeKey },
    );
    assertErrorBody(answer, 400);
    assert.equal(answer.body.accepted, 2);
    assert.equal(answer.body.errors.length, 1);
    assert.equal(answer.body.errors[0].index, 1);
    assert.match(answer.body.errors[0].path, /^batch\[1\]\.(userId|anonymousId)$/);
    const events = await stored(event);
    assert.deepEqual(events.map((e) => e.messageId).sort(), [...good].sort());
    assert.ok(events.every((e) => e.properties.bad === undefined));
  });

  test("an array body is a batch", async () => {
    const event = uniqueId("Array");
    const answer = await track(server.url, [{ event, anonymousId: "a1" }, { event, anonymousId: "a2" }], { writeKey: project.writeKey, via: "header" });
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.body, { accepted: 2, duplicates: 0 });
    assert.equal((await stored(event)).length, 2);
  });

  test("a body over 1 MB: 413, nothing stored", async () => {
    const event = uniqueId("Huge");
    const answer = await track(server.url, { event, anonymousId: "a", properties: { blob: "x".repeat(1100 * 1024) } }, { writeKey: project.writeKey });
    assertErrorBody(answer, 413);
    assert.equal((await stored(event)).length, 0);
  });

  test("over 1000 messages: 413, nothing stored", async () => {
    const event = uniqueId("Many");
    const batch = Array.from({ length: 1001 }, (_, i) => ({ event, anonymousId: `many-${i % 7}` }));
    const answer = await track(server.url, { batch }, { writeKey: project.writeKey });
    assertErrorBody(answer, 413);
    assert.equal((await stored(event)).length, 0);
  });

  test("exactly 1000 messages are accepted", async () => {
    const event = uniqueId("Thousand");
    const batch = Array.from({ length: 1000 }, (_, i) => ({ event, anonymousId: `thousand-${i % 13}` }));
    const answer = await track(server.url, { batch }, { writeKey: project.writeKey });
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.body, { accepted: 1000, duplicates: 0 });
    assert.equal((await stored(event)).length, 1000);
  });

  test("a message over 32 KB: 413", async () => {
    const answer = await track(
      server.url,
      { event: uniqueId("Fat"), anonymousId: "a", properties: { blob: "x".repeat(40 * 1024) } },
      { writeKey: project.writeKey },
    );
    assertErrorBody(answer, 413);
  });

  test("a repeated messageId is accepted and not stored twice", async () => {
    const event = uniqueId("Dedup");
    const message = { event, anonymousId: "dedup-user", messageId: uniqueId("dedup") };
    const first = await track(server.url, message, { writeKey: project.writeKey });
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(first.body, { accepted: 1, duplicates: 0 });
    const second = await track(server.url, { ...message, properties: { retried: true } }, { writeKey: project.writeKey });
    assert.equal(second.status, 200, second.text);
    assert.deepEqual(second.body, { accepted: 1, duplicates: 1 });
    const events = await stored(event);
    assert.equal(events.length, 1);
    assert.equal(events[0].properties.retried, undefined, "the first copy is the one kept");
  });

  test("a messageId repeated inside one batch is stored once", async () => {
    const event = uniqueId("Dedup batch");
    const messageId = uniqueId("same");
    const answer = await track(
      server.url,
      { batch: [{ event, anonymousId: "a", messageId }, { event, anonymousId: "a", messageId }, { event, anonymousId: "a" }] },
      { writeKey: project.writeKey },
    );
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.body, { accepted: 3, duplicates: 1 });
    assert.equal((await stored(event)).length, 2);
  });

  test("the catalog counts a batch's events and properties; a property keeps the first type it was seen with", async () => {
    // The writer upserts the catalog with one statement per table for a whole
    // group: a name seen with two types in one batch must still count once, under
    // the first type.
    const [viewed, bought] = [uniqueId("Catalog viewed"), uniqueId("Catalog bought")];
    const [plan, seats, tier] = [uniqueId("plan"), uniqueId("seats"), uniqueId("tier")];
    const send = async (batch: unknown[]) => assert.equal((await track(server.url, { batch }, { writeKey: project.writeKey })).status, 200);
    await send([
      { event: viewed, anonymousId: "catalog", properties: { [plan]: "pro", [seats]: 3 } },
      { event: viewed, anonymousId: "catalog", properties: { [plan]: 7 } },
      { event: bought, anonymousId: "catalog", properties: { [plan]: "team" } },
      { type: "identify", userId: uniqueId("catalog-user"), traits: { [tier]: "gold" } },
    ]);
    await send([{ event: viewed, anonymousId: "catalog", properties: { [plan]: true } }]);

    const answer = await http<{
      events: { name: string; count: number }[];
      eventProperties: { name: string; type: string; count: number; events: string[] }[];
      userProperties: { name: string; type: string; count: number }[];
    }>(`${server.url}/api/projects/${project.projectId}/properties`, { headers: { authorization: `Bearer ${project.secretKey}` } });
    assert.equal(answer.status, 200, answer.text);
    const { events, eventProperties, userProperties } = answer.body;
    assert.deepEqual(
      events.filter((e) => e.name === viewed || e.name === bought).map((e) => [e.name, e.count]),
      [
        [viewed, 3],
        [bought, 1],
      ],
    );
    const property = (name: string) => eventProperties.find((p) => p.name === name);
    assert.deepEqual({ ...property(plan), events: property(plan)?.events.sort() }, { name: plan, type: "string", count: 4, events: [viewed, bought].sort() });
    assert.deepEqual(property(seats), { name: seats, type: "number", count: 1, events: [viewed] });
    assert.deepEqual(
      userProperties.find((p) => p.name === tier),
      { name: tier, type: "string", count: 1 },
    );
  });

  test("messageIds are unique per project, not across projects", async () => {
    const event = uniqueId("Shared id");
    const messageId = uniqueId("shared");
    const mine = await track(server.url, { event, anonymousId: "a", messageId }, { writeKey: project.writeKey });
    const theirs = await track(server.url, { event, anonymousId: "a", messageId }, { writeKey: other.writeKey });
    assert.deepEqual(mine.body, { accepted: 1, duplicates: 0 });
    assert.deepEqual(theirs.body, { accepted: 1, duplicates: 0 });
    assert.equal((await stored(event, project)).length, 1);
    assert.equal((await stored(event, other)).length, 1);
  });

  test("sentAt corrects the client's clock", async () => {
    const event = uniqueId("Skewed");
    const clientNow = Date.now() + 26 * 3600_000; // the device's clock is a day and two hours ahead
    const happenedBeforeSending = 90_000;
    const before = Date.now();
    const answer = await track(
      server.url,
      { event, anonymousId: "skewed", timestamp: new Date(clientNow - happenedBeforeSending).toISOString(), sentAt: new Date(clientNow).toISOString() },
      { writeKey: project.writeKey },
    );
    const afterwards = Date.now();
    assert.equal(answer.status, 200, answer.text);
    const ts = Date.parse((await stored(event))[0].timestamp);
    assert.ok(
      ts >= before - happenedBeforeSending && ts <= afterwards - happenedBeforeSending,
      `corrected timestamp ${new Date(ts).toISOString()} should be ~90 s before the request`,
    );
  });

  test("a batch-level sentAt corrects every message that has none", async () => {
    const event = uniqueId("Skewed batch");
    const clientNow = Date.now() - 7 * 86400_000; // a week behind
    const before = Date.now();
    const answer = await track(
      server.url,
      {
        batch: [
          { event, anonymousId: "b", timestamp: new Date(clientNow - 10_000).toISOString() },
          { event, anonymousId: "b", timestamp: new Date(clientNow - 20_000).toISOString() },
        ],
        sentAt: new Date(clientNow).toISOString(),
      },
      { writeKey: project.writeKey },
    );
    const afterwards = Date.now();
    assert.equal(answer.status, 200, answer.text);
    const offsets = (await stored(event)).map((e) => Date.parse(e.timestamp)).sort((a, b) => a - b);
    assert.equal(offsets.length, 2);
    assert.ok(offsets[0] >= before - 20_000 && offsets[0] <= afterwards - 20_000, "20 s before the request");
    assert.ok(offsets[1] >= before - 10_000 && offsets[1] <= afterwards - 10_000, "10 s before the request");
  });

  test("a text/plain body is parsed as JSON (navigator.sendBeacon)", async () => {
    const event = uniqueId("Beacon");
    const answer = await http(`${server.url}/api/track`, {
      method: "POST",
      headers: { "Content-Type": "text/plain;charset=UTF-8", Origin: "https://shop.example", "User-Agent": CHROME },
      body: JSON.stringify({ event, anonymousId: "beacon", writeKey: project.writeKey }),
    });
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.body, { accepted: 1, duplicates: 0 });
    assert.equal(answer.headers.get("access-control-allow-origin"), "*");
    assert.equal((await stored(event)).length, 1);
  });

  test("a gzip body with Content-Encoding: gzip is inflated", async () => {
    const event = uniqueId("Gzip header");
    const answer = await http(`${server.url}/api/track`, {
      method: "POST",
      headers: { Authorization: basicAuth(project.writeKey), "Content-Type": "application/json", "Content-Encoding": "gzip" },
      body: zlib.gzipSync(JSON.stringify({ batch: [{ event, anonymousId: "gz" }, { event, anonymousId: "gz" }] })),
    });
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.body, { accepted: 2, duplicates: 0 });
    assert.equal((await stored(event)).length, 2);
  });

  test("a gzip body is recognised by its magic bytes alone", async () => {
    const event = uniqueId("Gzip magic");
    const answer = await http(`${server.url}/api/track`, {
      method: "POST",
      headers: { "X-Write-Key": project.writeKey, "Content-Type": "application/json" },
      body: zlib.gzipSync(JSON.stringify({ event, anonymousId: "gz" })),
    });
    assert.equal(answer.status, 200, answer.text);
    assert.equal((await stored(event)).length, 1);
  });

  test("OPTIONS preflight allows any origin", async () => {
    const response = await fetch(`${server.url}/api/track`, {
      method: "OPTIONS",
      headers: {
        Origin: "https://shop.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, authorization, x-write-key",
      },
    });
    assert.ok(response.status === 200 || response.status === 204, `preflight answered ${response.status}`);
    assert.equal(response.headers.get("access-control-allow-origin"), "*");
    assert.match(response.headers.get("access-control-allow-methods") ?? "", /\bPOST\b/);
    const allowed = (response.headers.get("access-control-allow-headers") ?? "").toLowerCase();
    for (const header of ["content-type", "authorization", "x-write-key"]) assert.ok(allowed.includes(header), `${header} in ${allowed}`);
  });

  test("a bot (by the message's context.userAgent) is answered 200 and not stored", async () => {
    const event = uniqueId("Crawled");
    const answer = await track(
      server.url,
      { batch: [{ event, anonymousId: "crawler", context: { userAgent: GOOGLEBOT } }, { event, anonymousId: "person", context: { userAgent: CHROME } }] },
      { writeKey: project.writeKey },
    );
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.accepted, 2);
    const events = await stored(event);
    assert.deepEqual(events.map((e) => e.distinctId), ["person"]);
  });

  test("a browser request's own User-Agent judges bots", async () => {
    const event = uniqueId("Crawled in page");
    const answer = await track(server.url, { event, anonymousId: "crawler" }, {
      writeKey: project.writeKey,
      headers: { Origin: "https://shop.example", "User-Agent": GOOGLEBOT },
    });
    assert.equal(answer.status, 200, answer.text);
    assert.equal((await stored(event)).length, 0);
  });

  test("server-side and curl traffic is stored whatever its own User-Agent says", async () => {
    for (const userAgent of ["curl/8.5.0", "node", "python-requests/2.31", GOOGLEBOT]) {
      const event = uniqueId("Server side");
      const answer = await track(server.url, { event, userId: "backend" }, { writeKey: project.writeKey, headers: { "User-Agent": userAgent } });
      assert.equal(answer.status, 200, answer.text);
      assert.equal((await stored(event)).length, 1, `a request with User-Agent ${userAgent} and no browser headers is stored`);
    }
  });

  test("Node's built-in fetch (used by server SDKs such as @segment/analytics-node) is server-side traffic: stored", async () => {
    // undici's fetch always adds `Sec-Fetch-Mode: cors` and, unless told otherwise, `User-Agent: node`.
    for (const userAgent of [undefined, "analytics-node-next/latest"]) {
      const event = uniqueId("Node fetch");
      const response = await fetch(`${server.url}/api/track`, {
        method: "POST",
        headers: { Authorization: basicAuth(project.writeKey), "Content-Type": "application/json", ...(userAgent ? { "User-Agent": userAgent } : {}) },
        body: JSON.stringify({ event, userId: "backend" }),
      });
      assert.equal(response.status, 200, await response.text());
      assert.equal((await stored(event)).length, 1, `a server-side fetch with User-Agent ${userAgent ?? "node"} is stored, not taken for a bot`);
    }
  });

  test("the context's IP is never stored", async () => {
    const event = uniqueId("Private");
    const answer = await track(server.url, { event, anonymousId: "p", context: { ip: "203.0.113.7", timezone: "Europe/Paris" } }, { writeKey: project.writeKey });
    assert.equal(answer.status, 200, answer.text);
    const [stored0] = await stored(event);
    assert.equal(stored0.context.ip, undefined);
    assert.equal(stored0.context.timezone, "Europe/Paris");
    assert.ok(!JSON.stringify(stored0).includes("203.0.113.7"));
  });

  test("property names and values round-trip exactly, odd ones included", async () => {
    const event = uniqueId("Odd props");
    const raw = `{"event": "${event}", "anonymousId": "odd", "properties": {"__proto__": {"x": 1}, "constructor": "c", "a.b": 1, "with space": "v", "quote\\"d": "'; DROP TABLE events; --", "emoji 🎉": "✓", "big": 123456789012, "neg": -0.001}}`;
    const answer = await http(`${server.url}/api/track`, {
      method: "POST",
      headers: { Authorization: basicAuth(project.writeKey), "Content-Type": "application/json" },
      body: raw,
    });
    assert.equal(answer.status, 200, answer.text);
    const [stored0] = await stored(event);
    assert.deepEqual(stored0.properties, JSON.parse(raw).properties);
    assert.ok(Object.hasOwn(stored0.properties, "__proto__"));
  });

  test("bad input never gets a 500", async () => {
    const bodies: unknown[] = [null, 42, "text", [], [1, 2], { batch: 5 }, { batch: [null] }, { event: 5, anonymousId: "a" }, { event: "e", anonymousId: "a", properties: "x" }, { event: "e", anonymousId: "a", timestamp: "never" }, { event: "e", anonymousId: "a", context: [] }];
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = { d: deep };
    bodies.push({ event: "e", anonymousId: "a", properties: deep });
    for (const body of bodies) {
      const answer = await track(server.url, body, { writeKey: project.writeKey, via: "header" });
      assert.ok(answer.status >= 200 && answer.status < 500, `${JSON.stringify(body).slice(0, 80)} answered ${answer.status}: ${answer.text}`);
      if (answer.status >= 400) assertErrorBody(answer, answer.status);
    }
  });

  test("NUL characters in names and values are stored or refused, never a 500", async () => {
    const event = uniqueId("Nul");
    const cases: Record<string, unknown>[] = [
      { event, anonymousId: "nul", properties: { s: "a\u0000b" } },
      { event, anonymousId: "nul", properties: { "key\u0000": 1 } },
      { event: `${event}\u0000x`, anonymousId: "nul" },
      { event, anonymousId: "nul\u0000id" },
      { type: "identify", userId: "nul-user", traits: { name: "a\u0000b" } },
    ];
    const problems: string[] = [];
    for (const message of cases) {
      const answer = await track(server.url, message, { writeKey: project.writeKey });
      if (answer.status !== 200 && answer.status !== 400) problems.push(`${JSON.stringify(message)} answered ${answer.status}: ${answer.text}`);
    }
    assert.deepEqual(problems, []);
  });
});
