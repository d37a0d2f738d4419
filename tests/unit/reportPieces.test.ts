// Small exact pieces the reports rely on.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import Database from "better-sqlite3";
import { percentile, median } from "../../lib/query/stats";
import { sqliteJsonPath } from "../../lib/query/sqlDialect";
import { takeAllowance } from "../../lib/ingest/rateLimit";
import { ApiError } from "../../lib/http/errors";
import { isBrowserRequest } from "../../lib/ingest";
import { countryOf, parseUserAgent } from "../../lib/ingest/enrich";

describe("percentile", () => {
  test("interpolates linearly like percentile_cont", () => {
    assert.equal(percentile([1, 2, 3, 4], 0.5), 2.5);
    assert.equal(percentile([10], 0.9), 10);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9), 9.1);
    assert.equal(percentile([], 0.5), 0);
    assert.equal(median([]), null);
    assert.equal(median([3, 1, 2]), 2);
  });
});

describe("sqliteJsonPath", () => {
  test("reads any key literally, never as a nested path", () => {
    const db = new Database(":memory:");
    const doc = JSON.stringify({ "a.b": 1, a: { b: 2 }, 'say "hi"': "q", "back\\slash": 5, "ünï 名": "u", $x: 3 });
    const read = (key: string) => (db.prepare("SELECT ? ->> ? AS v").get(doc, sqliteJsonPath(key)) as { v: unknown }).v;
    assert.equal(read("a.b"), 1);
    assert.equal(read('say "hi"'), "q");
    assert.equal(read("back\\slash"), 5);
    assert.equal(read("ünï 名"), "u");
    assert.equal(read("$x"), 3);
    assert.equal(read("missing"), null);
  });
});

describe("takeAllowance", () => {
  test("no limit never refuses", () => {
    for (let i = 0; i < 100; i++) takeAllowance("p-none", null, 1000, 0);
  });

  test("refuses past the per-second allowance with a Retry-After, and refills over time", () => {
    takeAllowance("p-limit", 10, 10, 1_000_000);
    assert.throws(
      () => takeAllowance("p-limit", 10, 1, 1_000_000),
      (error: unknown) => error instanceof ApiError && error.status === 429 && error.headers["Retry-After"] === "1",
    );
    takeAllowance("p-limit", 10, 5, 1_000_500);
  });
});

describe("isBrowserRequest", () => {
  test("Origin, Referer and Sec-Fetch-Site/Dest mark a browser; Node's fetch and curl are not", () => {
    assert.equal(isBrowserRequest(new Headers({ origin: "https://shop.example" })), true);
    assert.equal(isBrowserRequest(new Headers({ referer: "https://shop.example/x" })), true);
    assert.equal(isBrowserRequest(new Headers({ "sec-fetch-site": "cross-site" })), true);
    assert.equal(isBrowserRequest(new Headers({ "sec-fetch-mode": "cors", "user-agent": "node" })), false);
    assert.equal(isBrowserRequest(new Headers({ "user-agent": "curl/8.5.0" })), false);
  });
});

describe("enrichment lookups", () => {
  test("countries come from the bundled DB-IP database; private and bad addresses give none", () => {
    assert.equal(countryOf("8.8.8.8"), "US");
    assert.equal(countryOf("::ffff:81.2.69.160"), "GB");
    assert.equal(countryOf("10.1.2.3"), null);
    assert.equal(countryOf("not an ip"), null);
    assert.equal(countryOf(null), null);
  });

  test("user agents give browser, OS and device; crawlers are bots", () => {
    const iphone = parseUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1");
    assert.deepEqual([iphone.browser, iphone.os, iphone.deviceType, iphone.bot], ["Mobile Safari", "iOS", "mobile", false]);
    const desktop = parseUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36");
    assert.deepEqual([desktop.browser, desktop.browserVersion, desktop.deviceType], ["Chrome", "120", "desktop"]);
    assert.equal(parseUserAgent("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)").bot, true);
  });
});
