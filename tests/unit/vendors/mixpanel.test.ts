// Mixpanel's payloads, shaped as Mixpanel documents them (Ingestion API /track,
// /import, /engage, /groups; mixpanel-browser's $identify), into 2.1 messages.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkMessage } from "../../../lib/ingest/validate";
import { mixpanelTime, translateMixpanel } from "../../../lib/ingest/vendors/mixpanel";

describe("translateMixpanel", () => {
  test("a /track event: token, $insert_id as message id, time in seconds, transport properties not kept", () => {
    const { writeKey, split } = translateMixpanel(
      {
        event: "Signed Up",
        properties: { token: "mp_key", distinct_id: "dev-1", time: 1767225600.25, $insert_id: "ins-1", plan: "pro", mp_lib: "node", $lib_version: "0.24.0", ip: "203.0.113.1" },
      },
      "track",
    );
    assert.equal(writeKey, "mp_key");
    assert.deepEqual(split.raw[0], {
      type: "track",
      event: "Signed Up",
      messageId: "ins-1",
      timestamp: 1767225600250,
      context: { ip: "203.0.113.1", library: { name: "node", version: "0.24.0" } },
      properties: { plan: "pro", mp_lib: "node", $lib_version: "0.24.0" },
      userId: null,
      anonymousId: "dev-1",
    });
    assert.ok(checkMessage(split.raw[0], 0, true).ok);
  });

  test("time: seconds, fractional seconds, milliseconds above 10^11", () => {
    assert.equal(mixpanelTime(1767225600), 1767225600000);
    assert.equal(mixpanelTime(1767225600123), 1767225600123);
    assert.equal(mixpanelTime("1767225600"), 1767225600000);
    assert.equal(mixpanelTime(undefined), null);
  });

  test("simplified ID merge: $device_id and $user_id on one event are the two ids", () => {
    const { split } = translateMixpanel(
      [{ event: "Viewed", properties: { token: "k", distinct_id: "u-1", $device_id: "d-1", $user_id: "u-1" } }],
      "track",
    );
    const message = split.raw[0] as Record<string, unknown>;
    assert.deepEqual([message.userId, message.anonymousId], ["u-1", "d-1"]);
  });

  test("$identify joins $anon_distinct_id to distinct_id; $create_alias joins distinct_id to the alias; page views are $pageview", () => {
    const { split } = translateMixpanel(
      [
        { event: "$identify", properties: { token: "k", distinct_id: "u-1", $anon_distinct_id: "d-1" } },
        { event: "$create_alias", properties: { token: "k", distinct_id: "d-2", alias: "u-2" } },
        { event: "$mp_web_page_view", properties: { token: "k", distinct_id: "d-2", $current_url: "https://a.example/x" } },
      ],
      "track",
    );
    const [identify, alias, page] = split.raw as Record<string, any>[];
    assert.deepEqual([identify.type, identify.userId, identify.anonymousId], ["identify", "u-1", "d-1"]);
    assert.deepEqual([alias.type, alias.userId, alias.previousId], ["alias", "u-2", "d-2"]);
    assert.deepEqual([page.event, page.context.page.url], ["$pageview", "https://a.example/x"]);
  });

  test("/engage: every operator as a 2.1 person-property operator on an identify; $delete is erased, not stored", () => {
    const { writeKey, split, erase } = translateMixpanel(
      [
        {
          $token: "mp_key",
          $distinct_id: "u-1",
          $set: { plan: "pro" },
          $set_once: { first: "x" },
          $add: { logins: 1 },
          $append: { tags: "a" },
          $union: { tags: ["b"] },
          $remove: { tags: "c" },
          $unset: ["old"],
          $time: 1767225600,
        },
        { $token: "mp_key", $distinct_id: "gone-1", $delete: "" },
      ],
      "engage",
    );
    assert.equal(writeKey, "mp_key");
    assert.deepEqual(erase, ["gone-1"]);
    assert.equal(split.raw.length, 1);
    assert.deepEqual(split.raw[0], {
      type: "identify",
      anonymousId: "u-1",
      traits: { $set: { plan: "pro" }, $set_once: { first: "x" }, $add: { logins: 1 }, $append: { tags: "a" }, $union: { tags: ["b"] }, $remove: { tags: "c" }, $unset: ["old"] },
      timestamp: 1767225600000,
      context: {},
    });
    assert.ok(checkMessage(split.raw[0], 0, true).ok);
  });

  test("/groups: the group's traits on a $groupidentify", () => {
    const { split } = translateMixpanel({ $token: "k", $group_key: "company", $group_id: "acme", $set: { name: "Acme" } }, "groups");
    const message = split.raw[0] as Record<string, unknown>;
    assert.deepEqual([message.type, message.groupId, message.traits], ["group", "acme", { name: "Acme" }]);
    assert.ok(checkMessage(message, 0, true).ok);
  });

  test("events it cannot read keep their place and fail validation", () => {
    const { split } = translateMixpanel([{ event: "ok", properties: { distinct_id: "d" } }, 7, { properties: { distinct_id: "d" } }, { event: "no id" }], "track");
    assert.deepEqual(split.raw.map((raw, i) => checkMessage(raw, i, true).ok), [true, false, false, false]);
  });
});
