// Reading events (API.md section 3): who may read, JSON pages and the NDJSON export.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  allEvents,
  createAccountWithProject,
  getEvents,
  http,
  ndjsonEvents,
  signIn,
  track,
  uniqueId,
  type HttpAnswer,
  type ProjectFixture,
  type StoredEvent,
} from "../support/api";
import { databaseKind, startServer, type TestServer } from "../support/server";

function assertError(answer: HttpAnswer, status: number): void {
  assert.equal(answer.status, status, `expected HTTP ${status}, got ${answer.status}: ${answer.text.slice(0, 300)}`);
  assert.match(answer.body?.error?.code ?? "", /^[a-z]+(_[a-z0-9]+)*$/, answer.text);
  assert.equal(typeof answer.body.error.message, "string");
}

/** (timestamp, id) ascending: the documented order of the NDJSON export. */
function ascending(a: StoredEvent, b: StoredEvent): number {
  return Date.parse(a.timestamp) - Date.parse(b.timestamp) || Number(a.id) - Number(b.id);
}

describe(`reading events (${databaseKind()})`, () => {
  let server: TestServer;
  let mine: ProjectFixture;
  let theirs: ProjectFixture;
  let bulk: ProjectFixture;
  const bulkIds: string[] = [];
  const BULK = 250;
  const BASE = Date.parse("2024-03-01T00:00:00.000Z");

  before(async () => {
    server = await startServer({ label: "read" });
    mine = await createAccountWithProject(server, "Mine");
    theirs = await createAccountWithProject(server, "Theirs");
    bulk = await createAccountWithProject(server, "Bulk");

    for (const [project, name] of [[mine, "Mine event"], [theirs, "Their event"]] as const) {
      const answer = await track(server.url, { event: name, anonymousId: "reader-test" }, { writeKey: project.writeKey });
      assert.equal(answer.status, 200, answer.text);
    }
    // Three events per second: many share a timestamp, so pages must break ties by id.
    const batch = Array.from({ length: BULK }, (_, i) => {
      const messageId = `bulk-${String(i).padStart(4, "0")}`;
      bulkIds.push(messageId);
      return {
        event: i % 2 ? "Odd" : "Even",
        anonymousId: `bulk-user-${i % 10}`,
        messageId,
        timestamp: new Date(BASE + Math.floor(i / 3) * 1000).toISOString(),
        properties: { i },
      };
    });
    // Sent in two requests, the later one first, so arrival order is not time order.
    for (const part of [batch.slice(125), batch.slice(0, 125)]) {
      const answer = await track(server.url, { batch: part }, { writeKey: bulk.writeKey });
      assert.equal(answer.status, 200, answer.text);
    }
  });

  after(async () => {
    await server?.stop();
  });

  describe("who may read", () => {
    test("the project's secret key reads its events", async () => {
      const answer = await getEvents(server.url, mine.projectId, { secretKey: mine.secretKey });
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.body.events.map((e) => e.event), ["Mine event"]);
      assert.equal(answer.body.nextCursor, null);
    });

    test("no credentials: 401", async () => {
      assertError(await getEvents(server.url, mine.projectId, null), 401);
    });

    test("another project's secret key: 404, and nothing of either project leaks", async () => {
      const answer = await getEvents(server.url, mine.projectId, { secretKey: theirs.secretKey });
      assertError(answer, 404);
      assert.ok(!answer.text.includes("Mine event") && !answer.text.includes("Their event"));
      const stream = await ndjsonEvents(server.url, mine.projectId, { secretKey: theirs.secretKey });
      assert.equal(stream.status, 404);
      assert.ok(!stream.text.includes("Mine event"));
    });

    test("a write key used as a bearer token: 401", async () => {
      assertError(await getEvents(server.url, mine.projectId, { authorization: `Bearer ${mine.writeKey}` }), 401);
    });

    test("garbage credentials: 401", async () => {
      for (const authorization of ["Bearer garbage", "Bearer ct_sk_notarealkeyatall000000000000000", "Bearer ", `Bearer ${mine.secretKey}x`]) {
        assertError(await getEvents(server.url, mine.projectId, { authorization }), 401);
      }
    });

    test("an unknown project, even with a valid key: 404", async () => {
      assertError(await getEvents(server.url, "no-such-project", { secretKey: mine.secretKey }), 404);
    });

    test("a member's session reads the project; another signed-in user gets 404", async () => {
      const ownerCookie = await signIn(server.url, mine.owner.email, mine.owner.password);
      const own = await getEvents(server.url, mine.projectId, { cookie: ownerCookie });
      assert.equal(own.status, 200, own.text);
      assert.deepEqual(own.body.events.map((e) => e.event), ["Mine event"]);

      const strangerCookie = await signIn(server.url, theirs.owner.email, theirs.owner.password);
      assertError(await getEvents(server.url, mine.projectId, { cookie: strangerCookie }), 404);
      const theirOwn = await getEvents(server.url, theirs.projectId, { cookie: strangerCookie });
      assert.equal(theirOwn.status, 200, theirOwn.text);
      assert.deepEqual(theirOwn.body.events.map((e) => e.event), ["Their event"]);
    });

    test("a wrong password gets no session", async () => {
      await assert.rejects(signIn(server.url, mine.owner.email, `${mine.owner.password}-wrong`), /refused/);
      await assert.rejects(signIn(server.url, "nobody@example.com", "whatever-password"), /refused/);
    });

    test("a forged session cookie: 401", async () => {
      const forged = "next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..forged.forged.forged";
      assertError(await getEvents(server.url, mine.projectId, { cookie: forged }), 401);
    });
  });

  describe("pages and the export", () => {
    test("NDJSON streams every event, one JSON a line, oldest first", async () => {
      const stream = await ndjsonEvents(server.url, bulk.projectId, { secretKey: bulk.secretKey });
      assert.equal(stream.status, 200, stream.text.slice(0, 300));
      assert.match(stream.contentType ?? "", /application\/x-ndjson/);
      assert.ok(stream.text.endsWith("\n"), "every line ends with a newline");
      assert.equal(stream.text.trimEnd().split("\n").length, BULK);
      assert.equal(stream.events.length, BULK);
      assert.deepEqual(stream.events.map((e) => e.messageId).sort(), [...bulkIds].sort());
      assert.deepEqual(stream.events.map((e) => e.id), [...stream.events].sort(ascending).map((e) => e.id), "oldest first");
      const first = stream.events[0];
      assert.equal(first.timestamp, new Date(BASE).toISOString());
      for (const key of ["id", "messageId", "event", "distinctId", "personId", "timestamp", "properties", "context"]) {
        assert.ok(key in first, `${key} in each line`);
      }
    });

    test("NDJSON filters like the JSON pages", async () => {
      const stream = await ndjsonEvents(server.url, bulk.projectId, { secretKey: bulk.secretKey }, { event: "Odd" });
      assert.equal(stream.status, 200);
      assert.equal(stream.events.length, BULK / 2);
      assert.ok(stream.events.every((e) => e.event === "Odd"));
    });

    test("an empty export is an empty body", async () => {
      const stream = await ndjsonEvents(server.url, bulk.projectId, { secretKey: bulk.secretKey }, { event: "Nothing like this" });
      assert.equal(stream.status, 200);
      assert.equal(stream.text, "");
    });

    test("pages of 100 walk every event exactly once, newest first", async () => {
      const sizes: number[] = [];
      const seen: StoredEvent[] = [];
      let cursor: string | null = null;
      do {
        const page = await getEvents(server.url, bulk.projectId, { secretKey: bulk.secretKey }, { limit: 100, ...(cursor ? { cursor } : {}) });
        assert.equal(page.status, 200, page.text);
        sizes.push(page.body.events.length);
        seen.push(...page.body.events);
        cursor = page.body.nextCursor;
        assert.ok(sizes.length <= 4, "too many pages");
      } while (cursor);
      assert.deepEqual(sizes, [100, 100, 50]);
      assert.equal(new Set(seen.map((e) => e.id)).size, BULK, "no event twice");
      assert.deepEqual(seen.map((e) => e.messageId).sort(), [...bulkIds].sort());
      assert.deepEqual(seen.map((e) => e.id), [...seen].sort(ascending).reverse().map((e) => e.id), "newest first across pages");
    });

    test("other page sizes walk the same events", async () => {
      for (const limit of [1, 7, 250, 1000]) {
        const { events, pages } = await allEvents(server.url, bulk.projectId, { secretKey: bulk.secretKey }, { limit });
        assert.equal(events.length, BULK, `limit ${limit}`);
        assert.equal(new Set(events.map((e) => e.id)).size, BULK, `limit ${limit}`);
        assert.ok(pages >= Math.ceil(BULK / limit), `limit ${limit}`);
      }
    });

    test("from/to select [from, to), combined with event and distinctId", async () => {
      const from = new Date(BASE + 10_000).toISOString(); // events 30..
      const to = new Date(BASE + 20_000).toISOString(); // ..59
      const { events } = await allEvents(server.url, bulk.projectId, { secretKey: bulk.secretKey }, { from, to, limit: 1000 });
      assert.deepEqual(events.map((e) => e.properties.i as number).sort((a, b) => a - b), Array.from({ length: 30 }, (_, k) => 30 + k));

      const odd = await allEvents(server.url, bulk.projectId, { secretKey: bulk.secretKey }, { from, to, event: "Odd" });
      assert.equal(odd.events.length, 15);

      const oneUser = await allEvents(server.url, bulk.projectId, { secretKey: bulk.secretKey }, { distinctId: "bulk-user-3" });
      assert.equal(oneUser.events.length, BULK / 10);
      assert.ok(oneUser.events.every((e) => e.distinctId === "bulk-user-3"));
    });

    test("each event carries its built-in properties that have a value, in the pages and the export", async () => {
      const project = await createAccountWithProject(server, "Built-ins");
      const visit = {
        type: "page",
        anonymousId: "builtin-visitor",
        messageId: "builtin-visit",
        context: {
          page: { url: "https://shop.example/pricing?utm_source=newsletter", path: "/pricing", referrer: "https://news.ycombinator.com/" },
          userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
          ip: "81.2.69.142",
        },
      };
      // A server-side event: nothing to lift, and a custom "$browser" stays a custom property.
      const bare = { event: "Invoice Paid", anonymousId: "builtin-visitor", messageId: "builtin-bare", properties: { $browser: "made up" } };
      for (const message of [visit, bare]) {
        const answer = await track(server.url, message, { writeKey: project.writeKey });
        assert.equal(answer.status, 200, answer.text);
      }
      const page = await getEvents(server.url, project.projectId, { secretKey: project.secretKey }, {});
      assert.equal(page.status, 200, page.text);
      const stream = await ndjsonEvents(server.url, project.projectId, { secretKey: project.secretKey });
      for (const events of [page.body.events, stream.events]) {
        const byMessage = new Map(events.map((e) => [e.messageId, e]));
        assert.deepEqual(byMessage.get("builtin-visit")?.builtinProperties, {
          $pathname: "/pricing",
          $current_url: "https://shop.example/pricing?utm_source=newsletter",
          $referrer: "https://news.ycombinator.com/",
          $referring_domain: "news.ycombinator.com",
          $utm_source: "newsletter",
          $browser: "Chrome",
          $browser_version: "120",
          $os: "Windows",
          $os_version: "10",
          $device_type: "desktop",
          $country: "GB",
        });
        const other = byMessage.get("builtin-bare");
        assert.deepEqual(other?.builtinProperties, {});
        assert.equal(other?.properties.$browser, "made up");
      }
    });

    test("bad parameters: 400", async () => {
      const key = { secretKey: bulk.secretKey };
      const cases: Record<string, string | number>[] = [{ limit: 0 }, { limit: 100_000 }, { limit: "many" }, { from: "last tuesday" }, { cursor: "not-a-cursor" }];
      for (const params of cases) {
        const answer = await getEvents(server.url, bulk.projectId, key, params);
        assertError(answer, 400);
      }
    });

    test("the events route answers JSON errors, not HTML", async () => {
      const answer = await http(`${server.url}/api/projects/${bulk.projectId}/events`, { headers: { Accept: "text/html" } });
      assert.equal(answer.status, 401);
      assert.match(answer.headers.get("content-type") ?? "", /application\/json/);
    });
  });
  describe("users search", () => {
    test("matches property values at any depth and distinct ids, never property names", async () => {
      const project = await createAccountWithProject(server, "Search");
      const send = (message: Record<string, unknown>) => track(server.url, message, { writeKey: project.writeKey });
      for (const message of [
        { type: "identify", userId: "ada", traits: { name: "Ada Lovelace", plan: "Enterprise", address: { city: "Zürich" } } },
        { type: "identify", userId: "grace", traits: { name: "Grace Hopper", plan: "free", seats: 42, beta: true } },
        { type: "identify", userId: "quote", traits: { motto: 'say "hi"' } },
        { type: "identify", userId: "maria", traits: { name: "María García", city: "Nguyễn Huệ" } },
      ]) {
        const answer = await send(message);
        assert.equal(answer.status, 200, answer.text);
      }
      const search = async (needle: string): Promise<string[]> => {
        const answer = await http(`${server.url}/api/projects/${project.projectId}/users?search=${encodeURIComponent(needle)}`, {
          headers: { Authorization: `Bearer ${project.secretKey}` },
        });
        assert.equal(answer.status, 200, answer.text);
        return (answer.body.users as { id: string }[]).map((u) => u.id).sort();
      };
      assert.deepEqual(await search("lovelace"), ["ada"], "a value, any case");
      assert.deepEqual(await search("zürich"), ["ada"], "a nested value, non-ASCII case folded");
      assert.deepEqual(await search("ZÜRICH"), ["ada"]);
      assert.deepEqual(await search("42"), ["grace"], "numbers as their text");
      assert.deepEqual(await search("gra"), ["grace"], "distinct ids");
      assert.deepEqual(await search("plan"), [], "a property name matches nobody");
      assert.deepEqual(await search("address"), [], "nor does a nested object's name");
      assert.deepEqual(await search('"hi"'), ["quote"], "quotes in the needle");
      assert.deepEqual(await search("%"), [], "LIKE wildcards are plain characters");
      assert.deepEqual(await search("zurich"), ["ada"], "accents need not be typed");
      assert.deepEqual(await search("Garcia"), ["maria"]);
      assert.deepEqual(await search("GARCÍA"), ["maria"], "nor matched exactly");
      assert.deepEqual(await search("nguyen hue"), ["maria"], "Vietnamese letters with two marks");
    });
  });
});
