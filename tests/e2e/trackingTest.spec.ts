// Test your tracking (API.md 7, issue 22): a list of events opened in test mode
// ticks live as a tracked page (the snippet, opened with ?crumbtrail_test=) sends
// them from this browser, with the plan's violations inline; then for one
// distinct id. And a new project's first-event checklist on the Overview.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "./support/fixtures";
import { htmlSnippet } from "../../lib/projects/snippets";

/** One HTML page on another loopback port, as in sdk.spec.ts (a real origin, as a tracked site has). */
async function servePage(html: string): Promise<{ origin: string; close: () => void }> {
  const server = http.createServer((request, response) => {
    if ((request.url ?? "/").startsWith("/?") || request.url === "/") response.writeHead(200, { "Content-Type": "text/html" }).end(html);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

test("a list of events in test mode ticks live from my browser, then for one distinct id", async ({ ownerPage: page, project, crumbtrail, sendEvents }, testInfo) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  const plan = await page.request.put(`${crumbtrail.url}/api/projects/${project.projectId}/tracking-plan`, {
    headers: { Authorization: `Bearer ${project.secretKey}` },
    data: {
      mode: { unplannedEvents: "flag", invalidEvents: "flag", unplannedProperties: "flag" },
      events: { "Added to Cart": { properties: { sku: { type: "string" } } }, "Order Completed": { properties: { revenue: { type: "number", required: true } } } },
    },
  });
  expect(plan.status()).toBe(200);

  await page.goto(`/projects/${project.projectId}/data-quality`);
  await page.getByRole("link", { name: "Test your tracking" }).click();
  await expect(page.getByRole("heading", { name: "Test your tracking", level: 1 })).toBeVisible();
  await page.getByLabel("Events, one per line").fill("$pageview\nAdded to Cart\nOrder Completed");
  await page.getByRole("button", { name: "Use these events" }).click();
  await expect(page.getByText("Page view → Added to Cart → Order Completed")).toBeVisible();

  const shop = await servePage(`<!doctype html><html><head><title>Shop</title>${htmlSnippet(crumbtrail.url, project.writeKey)}</head>
    <body><button id="buy" onclick="crumbtrail.track('Added to Cart', { sku: 'A-1', color: 'red' })">Buy</button>
    <button id="pay" onclick="crumbtrail.track('Order Completed', { revenue: '12' })">Pay</button></body></html>`);
  await page.getByLabel("Your site's address").fill(shop.origin);
  const link = (await page.getByLabel("Test link").innerText()).trim();
  expect(link).toMatch(/\?crumbtrail_test=[\w-]+$/);
  await page.getByRole("button", { name: "Start test" }).click();
  const steps = page.getByRole("region", { name: "Steps" });
  await expect(steps.getByRole("status")).toContainText("0 of 3 arrived");

  // Someone else's events do not tick this browser's test.
  await sendEvents(project, [{ type: "track", event: "Added to Cart", anonymousId: "someone", properties: { sku: "B-2" } }]);
  // The tracked site, opened from the test link in this browser.
  const site = await page.context().newPage();
  await site.goto(link);
  await expect(steps.getByRole("listitem", { name: "Page view: arrived" })).toBeVisible({ timeout: 15_000 });
  await expect(steps.getByRole("listitem", { name: "Added to Cart: waiting" })).toBeVisible();
  await site.click("#buy");
  await site.click("#pay");
  await expect(steps.getByRole("status")).toHaveText(/All steps arrived/, { timeout: 15_000 });
  // Violations inline: an unplanned property, a number sent as text.
  await expect(steps.getByRole("list", { name: "Added to Cart: violations" })).toContainText("color not in the plan");
  await expect(steps.getByRole("list", { name: "Order Completed: violations" })).toContainText("revenue wrong type");
  await page.screenshot({ path: testInfo.outputPath("tracking-test-browser.png"), fullPage: true });
  await site.close();
  shop.close();

  // The catalog shows each event's plan status, linking to Data quality.
  const catalog = await page.context().newPage();
  await catalog.goto(`/projects/${project.projectId}/properties`);
  const row = (name: string) => catalog.getByRole("row").filter({ has: catalog.getByRole("rowheader", { name, exact: true }) });
  await expect(row("Added to Cart").getByRole("link", { name: "Violations" })).toHaveAttribute("href", /data-quality\?event=Added\+to\+Cart/);
  await catalog.goto(`/projects/${project.projectId}/properties?tab=event`);
  await expect(row("sku").getByRole("link", { name: "Planned" })).toBeVisible();
  await expect(row("color").getByRole("link", { name: "Violations" })).toBeVisible();
  await catalog.screenshot({ path: testInfo.outputPath("catalog-plan-status.png"), fullPage: true });
  await catalog.close();

  // One distinct id: a fresh test, ticked by that person's events only.
  await page.getByLabel("One distinct id").check();
  await page.getByRole("button", { name: "Restart test" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Type the distinct id" })).toBeVisible();
  await page.getByRole("textbox", { name: "Distinct id" }).fill("tester-1");
  await page.getByRole("button", { name: "Restart test" }).click();
  await expect(steps.getByRole("status")).toContainText("0 of 3 arrived");
  await sendEvents(project, [
    { type: "page", userId: "tester-1", name: "Home" },
    { type: "track", event: "Order Completed", userId: "tester-2", properties: { revenue: 3 } },
  ]);
  await expect(steps.getByRole("listitem", { name: "Page view: arrived" })).toBeVisible({ timeout: 15_000 });
  await expect(steps.getByRole("listitem", { name: "Order Completed: waiting" })).toBeVisible();
  await expect(steps.getByRole("listitem", { name: "Page view: arrived" })).toContainText("from tester-1");
  await page.screenshot({ path: testInfo.outputPath("tracking-test-distinct-id.png"), fullPage: true });

  // An ad-hoc funnel's steps open in test mode from the Funnels page.
  const funnel = encodeURIComponent(JSON.stringify([{ event: "$pageview" }, { event: "Order Completed" }]));
  await page.goto(`/projects/${project.projectId}/funnels?range=7d&steps=${funnel}`);
  await page.getByRole("link", { name: "Test these steps live →" }).click();
  await expect(page.getByRole("heading", { name: "Test your tracking", level: 1 })).toBeVisible();
  await expect(page.getByText("Page view → Order Completed")).toBeVisible();
});

test("a new project's Overview ticks its first page view, identify and own event live", async ({ ownerPage: page, project, sendEvents }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto(`/projects/${project.projectId}/overview`);
  await expect(page.getByRole("heading", { name: "Send your first event" })).toBeVisible();
  const checklist = page.getByRole("region", { name: "Getting started: your first events" });
  await expect(checklist.getByRole("status")).toContainText("0 of 3 arrived");

  await sendEvents(project, [{ type: "page", anonymousId: "visitor-1", name: "Home" }]);
  // The guide gives way to the Overview, which keeps the checklist with the page view ticked.
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible({ timeout: 15_000 });
  await expect(checklist.getByRole("listitem", { name: "First page view: arrived" })).toBeVisible();
  await expect(checklist.getByRole("listitem", { name: /First identify.*: waiting/ })).toBeVisible();

  await sendEvents(project, [{ type: "identify", anonymousId: "visitor-1", userId: "user-1", traits: { plan: "pro" } }]);
  await expect(checklist.getByRole("listitem", { name: /First identify.*: arrived/ })).toBeVisible({ timeout: 15_000 });
  await sendEvents(project, [{ type: "track", event: "Signed Up", userId: "user-1" }]);
  await expect(checklist.getByRole("status")).toHaveText(/All steps arrived/, { timeout: 15_000 });
  await page.screenshot({ path: testInfo.outputPath("first-event-checklist.png"), fullPage: true });

  // Hidden for good in this browser.
  await page.getByRole("button", { name: "Hide this checklist" }).click();
  await expect(checklist).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("first-event-checklist")).toHaveCount(0);
});
