// The tracking plan's checker (API.md 7): each violation type, each mode, and
// Segment Protocols' JSON in and out.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { applyPlan } from "../../lib/plan/apply";
import { PlanChecker } from "../../lib/plan/checker";
import { trackingPlanSchema, type PlanMode, type TrackingPlan } from "../../lib/plan/schema";
import { fromSegment, toSegment } from "../../lib/plan/segment";
import { withEvent, withProperty } from "../../lib/plan/suggest";
import type { NormalizedMessage } from "../../lib/ingest/normalize";

function plan(mode: Partial<PlanMode> = {}): TrackingPlan {
  return trackingPlanSchema.parse({
    mode,
    events: {
      "Order Completed": {
        description: "A paid order",
        owner: "checkout team",
        properties: {
          revenue: { type: "number", minimum: 0, required: true },
          currency: { type: "string", enum: ["EUR", "USD"] },
          coupon: { type: ["string", "null"], pattern: "^[A-Z0-9]+$" },
          placedAt: { type: "string", format: "date-time" },
          items: { type: "array", items: { type: "string", maxLength: 5 } },
        },
      },
    },
  });
}

function check(p: TrackingPlan, event: string, properties: Record<string, unknown>, type = "track") {
  return new PlanChecker(p).check({ type, event, properties });
}

describe("tracking plan checker", () => {
  test("a message that follows the plan passes", () => {
    const verdict = check(plan(), "Order Completed", { revenue: 10, currency: "EUR", coupon: null, placedAt: "2026-12-05T10:00:00Z", items: ["a"] });
    assert.deepEqual(verdict, { violations: [], block: false, strip: [] });
  });

  test("missing_required names the property", () => {
    assert.deepEqual(check(plan(), "Order Completed", { currency: "EUR" }).violations, [{ property: "revenue", type: "missing_required" }]);
  });

  test("wrong_type, and only that for a value of the wrong type", () => {
    assert.deepEqual(check(plan(), "Order Completed", { revenue: "10" }).violations, [{ property: "revenue", type: "wrong_type" }]);
    assert.deepEqual(check(plan(), "Order Completed", { revenue: 1, currency: 3 }).violations, [{ property: "currency", type: "wrong_type" }]);
  });

  test("not_allowed_value: enum, pattern, range, length, date-time", () => {
    const cases: Record<string, unknown>[] = [
      { revenue: 1, currency: "GBP" },
      { revenue: 1, coupon: "lower-case" },
      { revenue: -1 },
      { revenue: 1, items: ["too long"] },
      { revenue: 1, placedAt: "yesterday" },
    ];
    const properties = ["currency", "coupon", "revenue", "items", "placedAt"];
    cases.forEach((properties_, i) => {
      assert.deepEqual(check(plan(), "Order Completed", properties_).violations, [{ property: properties[i], type: "not_allowed_value" }], JSON.stringify(properties_));
    });
  });

  test("invalidEvents: flag stores, block blocks", () => {
    assert.equal(check(plan({ invalidEvents: "flag" }), "Order Completed", {}).block, false);
    assert.equal(check(plan({ invalidEvents: "block" }), "Order Completed", {}).block, true);
  });

  test("unplannedEvents: allow says nothing, flag records, block blocks", () => {
    assert.deepEqual(check(plan({ unplannedEvents: "allow" }), "Signed Up", { a: 1 }).violations, []);
    const flagged = check(plan({ unplannedEvents: "flag" }), "Signed Up", {});
    assert.deepEqual(flagged, { violations: [{ property: null, type: "unplanned_event" }], block: false, strip: [] });
    assert.equal(check(plan({ unplannedEvents: "block" }), "Signed Up", {}).block, true);
  });

  test("unplannedProperties: allow, flag, strip; SDK $-properties never count", () => {
    const props = { revenue: 1, gift: true, $lib: "web" };
    assert.deepEqual(check(plan({ unplannedProperties: "allow" }), "Order Completed", props).violations, []);
    const flagged = check(plan({ unplannedProperties: "flag" }), "Order Completed", props);
    assert.deepEqual(flagged, { violations: [{ property: "gift", type: "unplanned_property" }], block: false, strip: [] });
    const stripped = check(plan({ unplannedProperties: "strip" }), "Order Completed", props);
    assert.deepEqual(stripped.strip, ["gift"]);
    assert.equal(stripped.block, false);
  });

  test("an unplanned property alone never blocks, even when invalid events do", () => {
    assert.equal(check(plan({ invalidEvents: "block", unplannedProperties: "flag" }), "Order Completed", { revenue: 1, gift: 1 }).block, false);
  });

  test("views the plan does not name are not checked, and $-events are never unplanned", () => {
    assert.deepEqual(check(plan({ unplannedEvents: "block" }), "$pageview", {}, "page").violations, []);
    assert.deepEqual(check(plan({ unplannedEvents: "block" }), "$autocapture", {}).violations, []);
  });

  test("page and screen views are checked when the plan names them, by their name or else their stored event", () => {
    const named = trackingPlanSchema.parse({
      mode: { unplannedEvents: "block", unplannedProperties: "flag", invalidEvents: "block" },
      events: {
        Pricing: { properties: { plan: { type: "string", enum: ["free", "pro"], required: true } } },
        $screen: { properties: { tab: { type: "string" } } },
      },
    });
    // The page's own name is not an unplanned property of its entry.
    assert.deepEqual(check(named, "$pageview", { name: "Pricing", plan: "pro" }, "page"), { violations: [], block: false, strip: [] });
    const wrong = check(named, "$pageview", { name: "Pricing", plan: "gold", ref: "x" }, "page");
    assert.deepEqual(wrong.violations, [
      { property: "plan", type: "not_allowed_value" },
      { property: "ref", type: "unplanned_property" },
    ]);
    assert.equal(wrong.block, true);
    assert.deepEqual(check(named, "$pageview", { name: "Pricing" }, "page").violations, [{ property: "plan", type: "missing_required" }]);
    // A page the plan does not name is never unplanned, whatever the mode.
    assert.deepEqual(check(named, "$pageview", { name: "Home" }, "page").violations, []);
    assert.deepEqual(check(named, "$pageview", {}, "page").violations, []);
    // A screen without a planned name falls back to the $screen entry.
    assert.deepEqual(check(named, "$screen", { name: "Settings", tab: 3 }, "screen").violations, [{ property: "tab", type: "wrong_type" }]);
    assert.deepEqual(check(named, "$identify", { plan: "gold" }, "identify").violations, []);
  });

  test("a rule outside API.md 7's keywords is refused", () => {
    const parsed = trackingPlanSchema.safeParse({ events: { A: { properties: { x: { type: "string", oneOf: [] } } } } });
    assert.equal(parsed.success, false);
    assert.equal(trackingPlanSchema.safeParse({ events: { A: { properties: { x: { pattern: "(" } } } } }).success, false);
  });
});

describe("applyPlan", () => {
  function message(event: string, properties: Record<string, unknown>, messageId: string): NormalizedMessage {
    return { type: "track", event, properties, messageId, receivedAt: 1_000, ts: 1_000, distinctId: "u1" } as NormalizedMessage;
  }

  test("strips, blocks and notes, keeping each stored message's position", () => {
    const checker = new PlanChecker(plan({ invalidEvents: "block", unplannedProperties: "strip" }));
    const outcome = applyPlan(checker, [message("Order Completed", { revenue: 1, gift: 1 }, "a"), message("Order Completed", {}, "b"), message("Other", {}, "c")]);
    assert.deepEqual(outcome.positions, [0, 2]);
    assert.deepEqual(outcome.stored[0].properties, { revenue: 1 });
    assert.deepEqual(outcome.write.quarantine.map((m) => m.messageId), ["b"]);
    assert.equal(outcome.violations, 2);
    // The sample shows the message as sent, before the strip.
    assert.deepEqual(outcome.write.notes[0].sample.properties, { revenue: 1, gift: 1 });
  });
});

describe("Segment Protocols JSON", () => {
  test("export then import gives the same plan (owner aside, which Segment has no place for)", () => {
    const original = plan({ unplannedEvents: "flag" });
    const segment = toSegment(original, "Shop");
    const rule = segment.rules.events[0];
    assert.equal(rule.name, "Order Completed");
    assert.deepEqual(rule.rules.properties.properties.required, ["revenue"]);
    assert.deepEqual(rule.rules.properties.properties.properties.currency, { type: "string", enum: ["EUR", "USD"] });
    const back = trackingPlanSchema.parse(fromSegment(JSON.parse(JSON.stringify(segment)), original.mode));
    const { owner: _owner, ...event } = original.events["Order Completed"];
    assert.deepEqual(back, { ...original, events: { "Order Completed": event } });
  });

  test("imports Segment's own shape, dropping keywords a plan does not use", () => {
    const imported = trackingPlanSchema.parse(
      fromSegment(
        {
          display_name: "Web",
          rules: {
            events: [
              {
                name: "Product Viewed",
                version: 1,
                rules: {
                  $schema: "http://json-schema.org/draft-07/schema#",
                  type: "object",
                  properties: {
                    context: {},
                    properties: { type: "object", properties: { sku: { id: "/x", type: "string", description: "SKU" } }, required: ["sku", "price"] },
                  },
                },
              },
            ],
          },
        },
        { unplannedEvents: "allow", invalidEvents: "flag", unplannedProperties: "allow" },
      ),
    );
    assert.deepEqual(imported.events["Product Viewed"].properties, { sku: { type: "string", description: "SKU", required: true }, price: { required: true } });
  });

  test("something that is not a Segment plan is refused", () => {
    assert.throws(() => fromSegment({ rules: { events: "no" } }, plan().mode));
  });
});

describe("add to plan", () => {
  const samples = [{ properties: { plan: "pro", seats: 3, $lib: "web" } }, { properties: { plan: null, seats: 4 } }];

  test("an unplanned event comes in with each property typed as seen", () => {
    const next = withEvent(trackingPlanSchema.parse({}), "Upgraded", samples);
    assert.deepEqual(next.events.Upgraded.properties, { plan: { type: ["null", "string"] }, seats: { type: "number" } });
    assert.ok(new PlanChecker(next).check({ type: "track", event: "Upgraded", properties: samples[1].properties }).violations.length === 0);
  });

  test("an unplanned property joins its event", () => {
    const next = withProperty(plan(), "Order Completed", "seats", samples);
    assert.deepEqual(next.events["Order Completed"].properties.seats, { type: "number" });
    assert.equal(next.events["Order Completed"].properties.revenue.required, true);
  });
});
