// The official Segment Node library, with only `host` changed, against a fresh
// server: everything it sends is stored once, with the right names and people.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Analytics } from "@segment/analytics-node";
import { createAccountWithProject, ndjsonEvents, type ProjectFixture } from "../support/api";
import { databaseKind, startServer, type TestServer } from "../support/server";

describe(`@segment/analytics-node (${databaseKind()})`, () => {
  let server: TestServer;
  let project: ProjectFixture;

  before(async () => {
    server = await startServer({ label: "segment" });
    project = await createAccountWithProject(server, "Segment");
  });
  after(async () => {
    await server?.stop();
  });

  test("track, identify, page, screen, group and alias are stored as sent", async () => {
    const analytics = new Analytics({ writeKey: project.writeKey, host: server.url, flushAt: 5, maxRetries: 2 });
    const errors: unknown[] = [];
    analytics.on("error", (error) => errors.push(error));

    analytics.track({ anonymousId: "anon-1", event: "Product Viewed", properties: { sku: "A-1", price: 9.5 } });
    analytics.page({ anonymousId: "anon-1", name: "Pricing", properties: { path: "/pricing", url: "https://shop.example/pricing" } });
    analytics.identify({ anonymousId: "anon-1", userId: "user-1", traits: { email: "u1@example.com", plan: "pro" } });
    analytics.track({ userId: "user-1", event: "Order Completed", properties: { revenue: 42 }, timestamp: new Date("2026-01-02T03:04:05.000Z") });
    analytics.screen({ userId: "user-1", name: "Home" });
    analytics.group({ userId: "user-1", groupId: "acme", traits: { name: "Acme", employees: 50 } });
    analytics.alias({ userId: "user-1", previousId: "legacy-9" });
    for (let i = 0; i < 20; i++) analytics.track({ userId: `bulk-${i}`, event: "Bulk", properties: { i } });
    await analytics.closeAndFlush({ timeout: 20_000 });
    assert.deepEqual(errors, []);

    const { events } = await ndjsonEvents(server.url, project.projectId, { secretKey: project.secretKey });
    const byName = (name: string) => events.filter((e) => e.event === name);
    assert.equal(events.length, 27, `stored ${events.length}: ${events.map((e) => e.event).join(", ")}`);
    assert.equal(new Set(events.map((e) => e.messageId)).size, 27, "every message stored exactly once");
    assert.equal(byName("Bulk").length, 20);
    assert.equal(byName("$pageview")[0].properties.name, "Pricing");
    assert.equal(byName("$screen").length, 1);
    assert.equal(byName("$identify").length, 1);
    assert.equal(byName("$groupidentify")[0].properties.$group_id, "acme");
    assert.equal(byName("$create_alias").length, 1);
    // sentAt corrects the client's clock, so the stored time is off by the send latency at most.
    const skew = Date.parse(byName("Order Completed")[0].timestamp) - Date.parse("2026-01-02T03:04:05.000Z");
    assert.ok(skew >= 0 && skew < 5_000, `timestamp off by ${skew} ms`);
    assert.equal(byName("Product Viewed")[0].properties.price, 9.5);

    // The anonymous page view and product view count for the user they became.
    const person = byName("Order Completed")[0].personId;
    assert.equal(byName("Product Viewed")[0].personId, person);
    assert.equal(byName("$pageview")[0].personId, person);
    assert.equal((await ndjsonEvents(server.url, project.projectId, { secretKey: project.secretKey }, { distinctId: "legacy-9" })).events.length, 7);
  });
});
