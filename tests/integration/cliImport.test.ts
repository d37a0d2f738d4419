// `crumbtrail import` and `crumbtrail seed:demo` (API.md section 4) against a real
// server and database: what they store is read back through the events API.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { allEvents, createAccountWithProject, ndjsonEvents, uniqueId, type ProjectFixture, type StoredEvent } from "../support/api";
import { databaseKind, startServer, type CliResult, type TestServer } from "../support/server";

const GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

/** "one clear line on error": exactly one non-empty line on stderr, a non-zero exit. */
function assertOneLineFailure(result: CliResult, pattern?: RegExp): void {
  assert.notEqual(result.code, 0, `expected a failure, got exit 0: ${result.stdout}`);
  const lines = result.stderr.split("\n").filter((line) => line.trim() !== "");
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${result.stderr}`);
  if (pattern) assert.match(lines[0], pattern);
}

interface Summary {
  imported: number;
  duplicates: number;
  invalid: number;
  bots: number;
  line: string;
}

/** The closing summary line: "imported N, duplicates D, invalid I (...), bots B, in T s (R messages/s)". */
function summaryOf(result: CliResult): Summary {
  assert.equal(result.code, 0, `exit ${result.code}: ${result.stderr}${result.stdout}`);
  // Not a terminal: no progress bar, nothing on stderr.
  assert.equal(result.stderr.trim(), "", result.stderr);
  const lines = result.stdout.split("\n").filter((line) => line.trim() !== "");
  const line = lines.at(-1) ?? "";
  const match = /^imported ([\d,]+), duplicates ([\d,]+), invalid ([\d,]+)(?: \(.*\))?, bots ([\d,]+), in [\d.]+ s \([\d,]+ messages\/s\)$/.exec(line);
  assert.ok(match, `unexpected summary line: ${line}`);
  const n = (text: string) => Number(text.replace(/,/g, ""));
  return { imported: n(match[1]), duplicates: n(match[2]), invalid: n(match[3]), bots: n(match[4]), line };
}

describe(`import and seed:demo (${databaseKind()})`, () => {
  let server: TestServer;
  let project: ProjectFixture;
  let dir: string;

  before(async () => {
    server = await startServer({ label: "cli-import" });
    project = await createAccountWithProject(server, "Import");
    dir = fs.mkdtempSync(path.join(server.dataDir, "ndjson-"));
  });

  after(async () => {
    await server?.stop();
  });

  function writeFile(name: string, lines: string[]): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, lines.join("\n") + "\n");
    return file;
  }

  async function events(keys: ProjectFixture, params: Record<string, string | number> = {}): Promise<StoredEvent[]> {
    return (await allEvents(server.url, keys.projectId, { secretKey: keys.secretKey }, { limit: 1000, ...params })).events;
  }

  test("import stores valid lines, skips duplicates and bots, and names invalid lines", async () => {
    const keys = await createAccountWithProject(server, "Import mixed");
    const anon = uniqueId("anon");
    const user = uniqueId("user");
    const noId = JSON.stringify({ type: "page", name: "Home", anonymousId: anon, timestamp: "2024-03-01T10:00:00.000Z", context: { page: { path: "/", url: "https://shop.example.com/" } } });
    const lines = [
      /* 1 */ JSON.stringify({ type: "track", event: "Product Viewed", anonymousId: anon, messageId: "m-1", timestamp: "2024-03-01T10:00:05.000Z", properties: { product_id: "sku-1", price: 12.5 } }),
      /* 2 */ noId,
      /* 3 */ "{not json",
      /* 4 */ JSON.stringify({ type: "track", anonymousId: anon, messageId: "m-4" }),
      /* 5 */ JSON.stringify({ type: "track", event: "Product Viewed", anonymousId: anon, messageId: "m-1", properties: { changed: true } }),
      /* 6 */ "",
      /* 7 */ JSON.stringify({ type: "identify", userId: user, anonymousId: anon, messageId: "m-7", timestamp: "2024-03-01T10:01:00.000Z", traits: { email: "ada@example.com", plan: "pro" } }),
      /* 8 */ JSON.stringify({ type: "page", anonymousId: "crawler-1", messageId: "m-8", context: { userAgent: GOOGLEBOT } }),
      /* 9 */ JSON.stringify({ type: "track", event: "No one", messageId: "m-9" }),
      /* 10 */ noId,
      /* 11 */ "[1, 2]",
      /* 12 */ JSON.stringify({ type: "track", event: "Huge", anonymousId: anon, messageId: "m-12", properties: { blob: "x".repeat(40 * 1024) } }),
      /* 13 */ JSON.stringify({ event: "Order Completed", userId: user, messageId: "m-13", timestamp: 1709287320000, properties: { revenue: 25 } }),
    ];
    const file = writeFile("mixed.ndjson", lines);

    const first = summaryOf(await server.cli(["import", "--project", keys.projectId, "--file", file]));
    assert.deepEqual(
      { imported: first.imported, duplicates: first.duplicates, invalid: first.invalid, bots: first.bots },
      { imported: 4, duplicates: 2, invalid: 5, bots: 1 },
      first.line,
    );
    // The first few invalid lines are named with their reasons.
    assert.match(first.line, /invalid 5 \(line 3: not valid JSON[^;]*; line 4: event is required for a track message; line 9: userId or anonymousId is required; \.\.\.\)/);

    const stored = await events(keys);
    assert.deepEqual(stored.map((e) => e.event).sort(), ["$identify", "$pageview", "Order Completed", "Product Viewed"]);
    const viewed = stored.find((e) => e.event === "Product Viewed")!;
    assert.equal(viewed.messageId, "m-1");
    assert.deepEqual(viewed.properties, { product_id: "sku-1", price: 12.5 }, "the first of two lines with one messageId wins");
    assert.equal(viewed.timestamp, "2024-03-01T10:00:05.000Z");
    const page = stored.find((e) => e.event === "$pageview")!;
    assert.match(page.messageId, /^import-[A-Za-z0-9_-]+$/, "a line without messageId gets one derived from its content");
    assert.equal(page.timestamp, "2024-03-01T10:00:00.000Z");
    const order = stored.find((e) => e.event === "Order Completed")!;
    assert.equal(order.timestamp, "2024-03-01T10:02:00.000Z");

    // identify joined the anonymous history to the user: one person, found by either id.
    assert.equal(new Set(stored.map((e) => e.personId)).size, 1);
    const byUser = await events(keys, { distinctId: user });
    assert.equal(byUser.length, 4);

    // Importing the same file again stores nothing new.
    const again = summaryOf(await server.cli(["import", "--project", keys.projectId, "--file", file]));
    assert.deepEqual(
      { imported: again.imported, duplicates: again.duplicates, invalid: again.invalid, bots: again.bots },
      { imported: 0, duplicates: 6, invalid: 5, bots: 1 },
      again.line,
    );
    assert.equal((await events(keys)).length, 4);
  });

  test("import takes files far beyond one request's 1000 messages, in several groups, with stitching across them", async () => {
    const keys = await createAccountWithProject(server, "Import large");
    const count = 12_000;
    const lines: string[] = [];
    const start = Date.parse("2024-04-01T00:00:00.000Z");
    for (let i = 0; i < count; i++) {
      lines.push(JSON.stringify({ event: i % 3 ? "Button Clicked" : "Page Opened", anonymousId: `anon-${i % 500}`, messageId: `big-${i}`, timestamp: start + i * 1000, properties: { i } }));
    }
    // Late in the file, after several groups were committed: visitor 7 signs up.
    lines.push(JSON.stringify({ type: "identify", userId: "big-user-7", anonymousId: "anon-7", messageId: "big-identify", timestamp: start + count * 1000 }));
    const file = writeFile("large.ndjson", lines);

    const summary = summaryOf(await server.cli(["import", "--project", keys.projectId, "--file", file]));
    assert.equal(summary.imported, count + 1, summary.line);
    assert.equal(summary.invalid + summary.duplicates + summary.bots, 0, summary.line);

    const all = await ndjsonEvents(server.url, keys.projectId, { secretKey: keys.secretKey });
    assert.equal(all.status, 200);
    assert.equal(all.events.length, count + 1);
    assert.equal(new Set(all.events.map((e) => e.messageId)).size, count + 1);
    // Every event of anon-7, the earliest included, now belongs to the user's person.
    const ofUser = await events(keys, { distinctId: "big-user-7" });
    assert.equal(ofUser.length, count / 500 + 1);
    assert.equal(new Set(ofUser.map((e) => e.personId)).size, 1);

    const again = summaryOf(await server.cli(["import", "--project", keys.projectId, "--file", file]));
    assert.equal(again.imported, 0, again.line);
    assert.equal(again.duplicates, count + 1, again.line);
  });

  test("import refuses an unknown project, a missing file and missing flags with one line", async () => {
    const file = writeFile("one.ndjson", [JSON.stringify({ event: "x", anonymousId: "a", messageId: "one" })]);
    assertOneLineFailure(await server.cli(["import", "--project", "no-such-project", "--file", file]), /no project with id "no-such-project"/);
    assertOneLineFailure(await server.cli(["import", "--project", project.projectId, "--file", path.join(dir, "missing.ndjson")]), /no such file/);
    assertOneLineFailure(await server.cli(["import", "--project", project.projectId, "--file", dir]), /folder/);
    assertOneLineFailure(await server.cli(["import", "--file", file]), /--project/);
    assertOneLineFailure(await server.cli(["import", "--project", project.projectId]), /--file/);
  });

  test("seed:demo fills a project with a web shop's traffic; running it again stores nothing twice", async () => {
    const keys = await createAccountWithProject(server, "Demo");
    const first = summaryOf(await server.cli(["seed:demo", "--project", keys.projectId, "--users", "20", "--days", "3"]));
    assert.ok(first.imported > 100, first.line);
    assert.equal(first.invalid, 0, first.line);
    assert.equal(first.duplicates, 0, first.line);

    const pageviews = await events(keys, { event: "$pageview" });
    assert.ok(pageviews.length > 20, `${pageviews.length} page views`);
    assert.ok(pageviews.every((e) => typeof (e.context.page as { path?: string })?.path === "string"));
    assert.ok(pageviews.every((e) => !("ip" in e.context)), "the IP is never stored");
    const orders = await events(keys, { event: "Order Completed" });
    assert.ok(orders.length > 0, "some visitors buy");
    assert.equal(typeof orders[0].properties.revenue, "number");
    assert.ok(Array.isArray(orders[0].properties.items));
    const viewed = await events(keys, { event: "Product Viewed" });
    assert.ok(viewed.length > orders.length);
    const times = pageviews.map((e) => Date.parse(e.timestamp));
    assert.ok(Math.max(...times) <= Date.now());
    assert.ok(Math.min(...times) >= Date.now() - 5 * 24 * 3600 * 1000);

    const total = (await ndjsonEvents(server.url, keys.projectId, { secretKey: keys.secretKey })).events.length;
    assert.equal(total, first.imported);
    const again = summaryOf(await server.cli(["seed:demo", "--project", keys.projectId, "--users", "20", "--days", "3"]));
    assert.equal(again.imported, 0, again.line);
    assert.equal(again.duplicates, first.imported, again.line);
  });

  test("seed:demo refuses an unknown project and bad numbers with one line", async () => {
    assertOneLineFailure(await server.cli(["seed:demo", "--project", "no-such-project"]), /no project with id/);
    assertOneLineFailure(await server.cli(["seed:demo", "--project", project.projectId, "--users", "0"]), /--users/);
    assertOneLineFailure(await server.cli(["seed:demo", "--project", project.projectId, "--days", "many"]), /--days/);
  });
});
