// What a Live row shows of an event (components/projects/live/liveEvent.ts):
// its page or screen, its properties as key/value lines, shareable filter links.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { builtinLines, liveAnswerSchema, liveHref, placeOf, propertyLines, type LiveEvent } from "../../components/projects/live/liveEvent";

const base: LiveEvent = { id: "1", event: "Clicked", distinctId: "u", timestamp: "2026-01-01T00:00:00.000Z", properties: {}, context: {}, builtinProperties: {} };

describe("a Live row", () => {
  test("the place is the page's path, else a screen's name, else nothing", () => {
    assert.equal(placeOf({ ...base, event: "$pageview", builtinProperties: { $pathname: "/pricing" } }), "/pricing");
    assert.equal(placeOf({ ...base, event: "$screen", properties: { name: "Checkout" } }), "Checkout");
    // A custom event's "name" property is not a screen.
    assert.equal(placeOf({ ...base, properties: { name: "Checkout" } }), null);
    assert.equal(placeOf({ ...base, event: "$screen", properties: { name: 42 } }), null);
  });

  test("properties become sorted key/value lines, nested objects with dotted keys, lists as JSON", () => {
    const lines = propertyLines({ plan: "pro", cart: { total: 12.5, items: ["a", "b"], coupon: null, empty: {} }, "<b>x</b>": true });
    assert.deepEqual(lines, [
      { key: "<b>x</b>", value: "true" },
      { key: "cart.coupon", value: "null" },
      { key: "cart.empty", value: "{}" },
      { key: "cart.items", value: '["a","b"]' },
      { key: "cart.total", value: "12.5" },
      { key: "plan", value: "pro" },
    ]);
  });

  test("built-ins in the pickers' order with their labels; unknown names left out", () => {
    assert.deepEqual(builtinLines({ $country: "DE", $pathname: "/", $made_up: "x" }), [
      { key: "$pathname", label: "Path", value: "/" },
      { key: "$country", label: "Country", value: "DE" },
    ]);
  });

  test("an answer from a server without builtinProperties still parses", () => {
    const { builtinProperties: _omitted, ...older } = base;
    assert.deepEqual(liveAnswerSchema.parse({ events: [older], nextCursor: null }).events[0].builtinProperties, {});
    assert.throws(() => liveAnswerSchema.parse({ events: [{ ...base, properties: "not an object" }] }));
  });

  test("filter links keep what is set and encode it", () => {
    assert.equal(liveHref("p1", {}), "/projects/p1/live");
    assert.equal(liveHref("p1", { event: "Order Completed", distinctId: "a&b" }), "/projects/p1/live?event=Order+Completed&distinctId=a%26b");
    assert.equal(liveHref("p1", { event: null, distinctId: "u" }), "/projects/p1/live?distinctId=u");
  });
});
