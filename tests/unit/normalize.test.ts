import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { messageSchema, type Message } from "../../lib/ingest/message";
import { eventTime, normalizeMessage, parseInstant } from "../../lib/ingest/normalize";

const RECEIVED = Date.parse("2024-05-01T12:00:00.000Z");

function msg(raw: Record<string, unknown>): Message {
  return messageSchema.parse(raw);
}

describe("parseInstant", () => {
  test("absent values are null", () => {
    assert.equal(parseInstant(null), null);
    assert.equal(parseInstant(undefined), null);
  });

  test("epoch milliseconds as a number, truncated", () => {
    assert.equal(parseInstant(1714564800123), 1714564800123);
    assert.equal(parseInstant(1714564800123.9), 1714564800123);
    assert.equal(parseInstant(Number.NaN), null);
    assert.equal(parseInstant(Number.POSITIVE_INFINITY), null);
  });

  test("epoch milliseconds as digits", () => {
    assert.equal(parseInstant("1714564800123"), 1714564800123);
    assert.equal(parseInstant(" 1714564800123 "), 1714564800123);
  });

  test("ISO 8601 text, with offsets", () => {
    assert.equal(parseInstant("2024-05-01T12:00:00.000Z"), RECEIVED);
    assert.equal(parseInstant("2024-05-01T14:00:00+02:00"), RECEIVED);
  });

  test("anything else is null", () => {
    assert.equal(parseInstant("yesterday"), null);
    assert.equal(parseInstant(""), null);
  });
});

describe("eventTime", () => {
  test("no timestamp: the received time", () => {
    assert.equal(eventTime(null, null, RECEIVED), RECEIVED);
    assert.equal(eventTime(null, RECEIVED + 5000, RECEIVED), RECEIVED);
  });

  test("timestamp without sentAt is kept as sent", () => {
    assert.equal(eventTime(RECEIVED - 60_000, null, RECEIVED), RECEIVED - 60_000);
  });

  test("sentAt corrects the client's clock: receivedAt - (sentAt - timestamp)", () => {
    const clientAhead = 3 * 3600_000;
    const timestamp = RECEIVED + clientAhead - 10_000; // happened 10 s before it was sent
    const sentAt = RECEIVED + clientAhead;
    assert.equal(eventTime(timestamp, sentAt, RECEIVED), RECEIVED - 10_000);
  });
});

describe("normalizeMessage", () => {
  test("a track keeps its event name, and the userId is the distinct id", () => {
    const m = normalizeMessage(msg({ event: "Signed up", userId: 42, anonymousId: "anon-1", properties: { plan: "pro" } }), RECEIVED);
    assert.equal(m.type, "track");
    assert.equal(m.event, "Signed up");
    assert.equal(m.distinctId, "42");
    assert.equal(m.userId, "42");
    assert.equal(m.anonymousId, "anon-1");
    assert.deepEqual(m.properties, { plan: "pro" });
    assert.equal(m.ts, RECEIVED);
    assert.equal(m.receivedAt, RECEIVED);
  });

  test("the anonymousId is the distinct id when there is no userId", () => {
    const m = normalizeMessage(msg({ event: "Viewed", anonymousId: "anon-2" }), RECEIVED);
    assert.equal(m.distinctId, "anon-2");
    assert.equal(m.userId, null);
  });

  test("other message types are stored under their $ names", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ type: "page", anonymousId: "a" }, "$pageview"],
      [{ type: "screen", anonymousId: "a" }, "$screen"],
      [{ type: "identify", userId: "u", anonymousId: "a" }, "$identify"],
      [{ type: "group", userId: "u", groupId: "g" }, "$groupidentify"],
      [{ type: "alias", userId: "u", previousId: "p" }, "$create_alias"],
    ];
    for (const [raw, stored] of cases) {
      assert.equal(normalizeMessage(msg(raw), RECEIVED).event, stored, JSON.stringify(raw));
    }
  });

  test("page and screen names become the `name` property unless one is set", () => {
    assert.equal(normalizeMessage(msg({ type: "page", name: "Pricing", anonymousId: "a" }), RECEIVED).properties.name, "Pricing");
    const explicit = normalizeMessage(msg({ type: "screen", name: "Home", anonymousId: "a", properties: { name: "Mine" } }), RECEIVED);
    assert.equal(explicit.properties.name, "Mine");
    const track = normalizeMessage(msg({ event: "e", name: "ignored", anonymousId: "a" }), RECEIVED);
    assert.equal(track.properties.name, undefined);
  });

  test("messageId is kept, or a UUID is made up", () => {
    assert.equal(normalizeMessage(msg({ event: "e", anonymousId: "a", messageId: "m-1" }), RECEIVED).messageId, "m-1");
    const a = normalizeMessage(msg({ event: "e", anonymousId: "a" }), RECEIVED).messageId;
    const b = normalizeMessage(msg({ event: "e", anonymousId: "a" }), RECEIVED).messageId;
    assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.notEqual(a, b);
  });

  test("timestamp and sentAt: the message's own sentAt, else the envelope's", () => {
    const ts = "2024-05-02T12:00:00.000Z"; // the client is a day ahead
    const sentAt = "2024-05-02T12:00:30.000Z";
    assert.equal(normalizeMessage(msg({ event: "e", anonymousId: "a", timestamp: ts, sentAt }), RECEIVED).ts, RECEIVED - 30_000);
    assert.equal(
      normalizeMessage(msg({ event: "e", anonymousId: "a", timestamp: ts }), RECEIVED, { sentAt: Date.parse(sentAt) }).ts,
      RECEIVED - 30_000,
    );
    assert.equal(normalizeMessage(msg({ event: "e", anonymousId: "a", timestamp: ts }), RECEIVED).ts, Date.parse(ts));
    assert.equal(normalizeMessage(msg({ event: "e", anonymousId: "a", timestamp: 1714564800000 }), RECEIVED).ts, 1714564800000);
  });

  test("the IP is never stored in the context; the message's IP and user agent win over the request's", () => {
    const raw = msg({ event: "e", anonymousId: "a", context: { ip: "203.0.113.9", userAgent: "Mine/1.0", locale: "fr-FR" } });
    const m = normalizeMessage(raw, RECEIVED, { requestIp: "198.51.100.1", requestUserAgent: "curl/8" });
    assert.equal(m.ip, "203.0.113.9");
    assert.equal(m.userAgent, "Mine/1.0");
    assert.deepEqual(m.context, { userAgent: "Mine/1.0", locale: "fr-FR" });
    assert.equal(raw.context?.ip, "203.0.113.9", "the input message is not changed");

    const fromRequest = normalizeMessage(msg({ event: "e", anonymousId: "a" }), RECEIVED, { requestIp: "198.51.100.1", requestUserAgent: "curl/8" });
    assert.equal(fromRequest.ip, "198.51.100.1");
    assert.equal(fromRequest.userAgent, "curl/8");
    assert.equal("ip" in fromRequest.context, false);
  });

  test("the envelope's context sits under the message's own", () => {
    const m = normalizeMessage(msg({ event: "e", anonymousId: "a", context: { locale: "de-DE" } }), RECEIVED, {
      context: { locale: "en-US", timezone: "Europe/Berlin", ip: "192.0.2.1" },
    });
    assert.deepEqual(m.context, { locale: "de-DE", timezone: "Europe/Berlin" });
    assert.equal(m.ip, "192.0.2.1");
  });

  test("page URL, referrer and campaign are lifted into columns", () => {
    const m = normalizeMessage(
      msg({
        type: "page",
        anonymousId: "a",
        context: {
          page: { url: "https://shop.example/pricing?utm_source=news&utm_medium=email", referrer: "https://www.google.com/search?q=x" },
          campaign: { name: "spring", term: "shoes" },
          library: { name: "analytics.js", version: "5" },
        },
      }),
      RECEIVED,
    );
    assert.equal(m.columns.url, "https://shop.example/pricing?utm_source=news&utm_medium=email");
    assert.equal(m.columns.path, "/pricing");
    assert.equal(m.columns.referrer, "https://www.google.com/search?q=x");
    assert.equal(m.columns.referringDomain, "www.google.com");
    assert.equal(m.columns.utmSource, "news");
    assert.equal(m.columns.utmMedium, "email");
    assert.equal(m.columns.utmCampaign, "spring");
    assert.equal(m.columns.utmTerm, "shoes");
    assert.equal(m.columns.utmContent, null);
    assert.equal(m.columns.libraryName, "analytics.js");
  });

  test("properties url/path win over the context's page; junk URLs give no path", () => {
    const m = normalizeMessage(
      msg({ event: "e", anonymousId: "a", properties: { url: "not a url", path: "/own" }, context: { page: { url: "https://x.example/p" } } }),
      RECEIVED,
    );
    assert.equal(m.columns.url, "not a url");
    assert.equal(m.columns.path, "/own");
    const none = normalizeMessage(msg({ event: "e", anonymousId: "a" }), RECEIVED);
    assert.equal(none.columns.url, null);
    assert.equal(none.columns.path, null);
    assert.equal(none.columns.referringDomain, null);
  });
});
