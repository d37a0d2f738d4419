// PostHog's capture payloads, shaped as PostHog documents them (capture API,
// posthog-node's /batch/, posthog-js's /e/), into section 2.1 messages.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkMessage } from "../../../lib/ingest/validate";
import { translatePostHog } from "../../../lib/ingest/vendors/posthog";

const receivedAt = Date.parse("2026-03-01T12:00:10.000Z");

describe("translatePostHog", () => {
  test("posthog-node's batch: token, uuid as message id, timestamp with sent_at", () => {
    const { writeKey, split } = translatePostHog(
      {
        api_key: "phc_key",
        sent_at: "2026-03-01T12:00:05.000Z",
        batch: [
          {
            distinct_id: "anon-1",
            event: "Signed Up",
            properties: { plan: "pro", $lib: "posthog-node", $lib_version: "5.74.0" },
            type: "capture",
            timestamp: "2026-03-01T12:00:00.000Z",
            uuid: "0190f7d8-0000-7000-8000-000000000001",
          },
        ],
      },
      receivedAt,
    );
    assert.equal(writeKey, "phc_key");
    assert.deepEqual(split.raw[0], {
      type: "track",
      event: "Signed Up",
      anonymousId: "anon-1",
      messageId: "0190f7d8-0000-7000-8000-000000000001",
      timestamp: "2026-03-01T12:00:00.000Z",
      sentAt: Date.parse("2026-03-01T12:00:05.000Z"),
      context: { library: { name: "posthog-node", version: "5.74.0" } },
      properties: { plan: "pro", $lib: "posthog-node", $lib_version: "5.74.0" },
    });
    assert.ok(checkMessage(split.raw[0], 0, true).ok);
  });

  test("posthog-js's /e/ array: token and distinct id in properties, IP and token not kept, page context", () => {
    const { writeKey, split } = translatePostHog(
      [
        {
          event: "$pageview",
          uuid: "u-2",
          offset: 1500,
          properties: {
            token: "phc_key",
            distinct_id: "user-7",
            $user_state: "identified",
            $current_url: "https://shop.example/pricing?utm_source=news",
            $pathname: "/pricing",
            $referrer: "$direct",
            $raw_user_agent: "Mozilla/5.0",
            $ip: "203.0.113.9",
          },
          $set: { plan: "pro" },
        },
      ],
      receivedAt,
    );
    assert.equal(writeKey, "phc_key");
    const message = split.raw[0] as Record<string, any>;
    assert.equal(message.event, "$pageview");
    assert.equal(message.userId, "user-7");
    assert.equal(message.timestamp, receivedAt - 1500);
    assert.equal(message.sentAt, undefined);
    assert.deepEqual(message.context, {
      ip: "203.0.113.9",
      userAgent: "Mozilla/5.0",
      page: { url: "https://shop.example/pricing?utm_source=news", path: "/pricing" },
    });
    assert.equal(message.properties.token, undefined);
    assert.equal(message.properties.$ip, undefined);
    assert.deepEqual(message.properties.$set, { plan: "pro" });
  });

  test("$identify with $anon_distinct_id joins the device to the user, $set riding along", () => {
    const { split } = translatePostHog(
      { api_key: "k", batch: [{ event: "$identify", distinct_id: "user-1", properties: { $anon_distinct_id: "anon-1", $set: { email: "a@b.c" }, $set_once: { first: "x" } } }] },
      receivedAt,
    );
    const message = split.raw[0] as Record<string, any>;
    assert.equal(message.type, "identify");
    assert.equal(message.userId, "user-1");
    assert.equal(message.anonymousId, "anon-1");
    assert.deepEqual(message.properties.$set, { email: "a@b.c" });
    assert.deepEqual(message.properties.$set_once, { first: "x" });
  });

  test("$create_alias joins alias to distinct_id; $groupidentify stores the group's traits", () => {
    const { split } = translatePostHog(
      {
        api_key: "k",
        batch: [
          { event: "$create_alias", distinct_id: "user-1", properties: { distinct_id: "user-1", alias: "legacy-9" } },
          { event: "$groupidentify", distinct_id: "user-1", properties: { $group_type: "company", $group_key: "acme", $group_set: { name: "Acme" } } },
        ],
      },
      receivedAt,
    );
    assert.deepEqual(
      [split.raw[0], split.raw[1]].map((m) => {
        const { type, userId, anonymousId, previousId, groupId, traits } = m as Record<string, unknown>;
        return { type, userId, anonymousId, previousId, groupId, traits };
      }),
      [
        { type: "alias", userId: "user-1", anonymousId: undefined, previousId: "legacy-9", groupId: undefined, traits: undefined },
        { type: "group", userId: undefined, anonymousId: "user-1", previousId: undefined, groupId: "acme", traits: { name: "Acme" } },
      ],
    );
  });

  test("one bare event; events it cannot read keep their place and fail validation", () => {
    assert.equal(translatePostHog({ event: "x", distinct_id: "d", api_key: "k" }, receivedAt).split.raw.length, 1);
    const { split } = translatePostHog({ api_key: "k", batch: [{ event: "ok", distinct_id: "d" }, "junk", { distinct_id: "d" }, { event: "no id" }] }, receivedAt);
    assert.deepEqual(
      split.raw.map((raw, i) => checkMessage(raw, i, true).ok),
      [true, false, false, false],
    );
  });
});
