// The catalog's tracking-plan statuses (lib/plan/status.ts): planned, unplanned,
// violations; "$" names never unplanned; a property planned on the events it was seen on.
import assert from "node:assert/strict";
import { test } from "node:test";
import { planStatuses } from "../../lib/plan/status";
import { DEFAULT_MODE, type TrackingPlan } from "../../lib/plan/schema";

const plan: TrackingPlan = {
  mode: DEFAULT_MODE,
  events: {
    "Order Completed": { properties: { revenue: { type: "number" } } },
    $pageview: { properties: {} },
  },
} as TrackingPlan;

test("events: planned, unplanned, with violations; built-ins only when planned", () => {
  const statuses = planStatuses(plan, [{ event: "Beta Clicked", property: null }], ["Order Completed", "Beta Clicked", "Other", "$pageview", "$identify"], []);
  assert.deepEqual(statuses.events, { "Order Completed": "planned", "Beta Clicked": "violations", Other: "unplanned", $pageview: "planned" });
});

test("event properties: planned on an event they were seen on; violations win", () => {
  const properties = [
    { name: "revenue", events: ["Order Completed"] },
    { name: "coupon", events: ["Order Completed"] },
    { name: "$browser", events: [] },
    { name: "note", events: [] },
    { name: "name", events: ["$screen"] },
    { name: "title", events: ["$pageview"] },
  ];
  const statuses = planStatuses(plan, [{ event: "Order Completed", property: "coupon" }], [], properties);
  // Seen only on an SDK event the plan does not list: no status; on a listed one, checked.
  assert.deepEqual(statuses.eventProperties, { revenue: "planned", coupon: "violations", note: "unplanned", title: "unplanned" });
  // Seen only on an event whose entry does not list it: unplanned there.
  assert.deepEqual(planStatuses(plan, [], [], [{ name: "revenue", events: ["Other"] }]).eventProperties, { revenue: "unplanned" });
});
