// Amplitude's HTTP V2 payloads, shaped as Amplitude documents them, into 2.1 messages.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ApiError } from "../../../lib/http/errors";
import { checkMessage } from "../../../lib/ingest/validate";
import { translateAmplitude, userPropertyOperations } from "../../../lib/ingest/vendors/amplitude";

describe("translateAmplitude", () => {
  test("an HTTP V2 event: api_key, insert_id, time in ms, both ids, descriptive fields kept", () => {
    const { writeKey, split } = translateAmplitude({
      api_key: "amp_key",
      events: [
        {
          event_type: "Song Played",
          user_id: "u-1",
          device_id: "d-1",
          time: 1767225600123,
          insert_id: "ins-1",
          event_properties: { genre: "jazz" },
          platform: "Web",
          ip: "203.0.113.2",
          library: "amplitude-node/1.5.73",
        },
      ],
      options: { min_id_length: 1 },
    });
    assert.equal(writeKey, "amp_key");
    assert.deepEqual(split.raw[0], {
      type: "track",
      event: "Song Played",
      messageId: "ins-1",
      timestamp: 1767225600123,
      context: { ip: "203.0.113.2", library: { name: "amplitude-node", version: "1.5.73" } },
      userId: "u-1",
      anonymousId: "d-1",
      properties: { genre: "jazz", platform: "Web" },
    });
    assert.ok(checkMessage(split.raw[0], 0, true).ok);
  });

  test("[Amplitude] Page Viewed becomes $pageview, its URL the page's", () => {
    const { split } = translateAmplitude({
      api_key: "k",
      events: [{ event_type: "[Amplitude] Page Viewed", device_id: "d", event_properties: { "[Amplitude] Page URL": "https://a.example/p", "[Amplitude] Page Path": "/p" } }],
    });
    const message = split.raw[0] as Record<string, any>;
    assert.equal(message.event, "$pageview");
    assert.deepEqual(message.context.page, { url: "https://a.example/p", path: "/p" });
    assert.equal(message.properties["[Amplitude] Page Path"], "/p");
  });

  test("user_properties operators, and bare keys as $set", () => {
    assert.deepEqual(
      userPropertyOperations({
        plan: "pro",
        $set: { city: "Oslo" },
        $setOnce: { first: "x" },
        $add: { logins: 2 },
        $append: { tags: "a" },
        $prepend: { tags: "z" },
        $unset: { old: "-" },
        $remove: { tags: "b" },
        $clearAll: "-",
      }),
      { $set: { plan: "pro", city: "Oslo" }, $set_once: { first: "x" }, $add: { logins: 2 }, $append: { tags: "a" }, $prepend: { tags: "z" }, $unset: { old: "-" }, $remove: { tags: "b" }, $clear_all: true },
    );
  });

  test("$identify is an identify carrying the operators; $groupidentify stores the group's traits", () => {
    const { split } = translateAmplitude({
      api_key: "k",
      events: [
        { event_type: "$identify", user_id: "u-1", device_id: "d-1", user_properties: { $set: { plan: "pro" } } },
        { event_type: "$groupidentify", user_id: "u-1", groups: { company: "acme" }, group_properties: { $set: { size: 10 } } },
      ],
    });
    const [identify, group] = split.raw as Record<string, any>[];
    assert.deepEqual([identify.type, identify.userId, identify.anonymousId, identify.properties.$set], ["identify", "u-1", "d-1", { plan: "pro" }]);
    assert.deepEqual([group.type, group.groupId, group.traits, group.properties.$group_type], ["group", "acme", { size: 10 }, "company"]);
    assert.ok(checkMessage(identify, 0, true).ok && checkMessage(group, 1, true).ok);
  });

  test("a body without events is a 400 with a sentence; events it cannot read fail validation in place", () => {
    assert.throws(() => translateAmplitude({ api_key: "k" }), (error: unknown) => error instanceof ApiError && error.status === 400);
    const { split } = translateAmplitude({ api_key: "k", events: [{ event_type: "ok", device_id: "d" }, null, { device_id: "d" }, { event_type: "no id" }] });
    assert.deepEqual(split.raw.map((raw, i) => checkMessage(raw, i, true).ok), [true, false, false, false]);
  });
});
