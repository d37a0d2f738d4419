// Experiments end to end (issue 21): an experiment created in the UI (with the
// sample-size calculator answering), visitors of a page on another origin
// getting their variant from crumbtrail.variant(key) through /sdk.js (one
// exposure each), more traffic through the API, and the results page read:
// the verdict sentence, the interval bars, each metric over time and the
// sample-ratio check.
// Screenshots at desktop and phone width are kept with the test results.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "./support/fixtures";
import { assignVariant } from "../../lib/experiments/assignment";
import { htmlSnippet } from "../../lib/projects/snippets";

const KEY = "checkout-e2e";
const VARIANTS = [
  { key: "control", weight: 50 },
  { key: "test", weight: 50 },
];

/** One HTML page on another loopback port (see sdk.spec.ts for why not an intercepted page). */
async function servePage(html: string): Promise<{ origin: string; close: () => void }> {
  const server = http.createServer((request, response) => {
    if (request.url === "/") response.writeHead(200, { "Content-Type": "text/html" }).end(html);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

test("create an experiment, send traffic through /sdk.js and the API, read the verdict", async ({ ownerPage: page, project, crumbtrail, browser, sendEvents }, testInfo) => {
  test.setTimeout(180_000);

  // 1. Create it in the UI.
  await page.goto(`/projects/${project.projectId}/experiments`);
  await expect(page.getByText("No experiments yet")).toBeVisible();
  await page.getByRole("link", { name: "New experiment" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New experiment" })).toBeVisible();
  await page.getByLabel("Name").fill("One-page checkout");
  await page.getByLabel("Key", { exact: true }).fill(KEY);
  await page.getByLabel("Hypothesis").fill("Fewer steps, more purchases.");
  await page.getByLabel("Event", { exact: true }).fill("purchase");
  await page.getByLabel("Status").selectOption("running");
  // The calculator: 10% baseline, 5% relative change → 57,760 per variant (API.md 6's formula; see the unit test).
  await expect(page.getByTestId("sample-size")).toContainText("57,760 persons per variant");
  await page.getByLabel("Persons exposed per day").fill("11552");
  await expect(page.getByTestId("sample-size")).toContainText("about 10 days");
  await page.screenshot({ path: testInfo.outputPath("experiment-new.png"), fullPage: true });
  await page.getByRole("button", { name: "Create experiment" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "One-page checkout" })).toBeVisible();
  await expect(page.getByTestId("verdict").first()).toContainText("Not enough data yet");

  // 2. Two visitors of a shop page get their variant from the SDK, each recording one exposure.
  // The page has the snippet from Settings: /sdk.js is deferred, so the first
  // variant() call is the snippet's, answered once the SDK has loaded.
  const shop = await servePage(`<!doctype html><html><head><title>Shop</title>
    ${htmlSnippet(crumbtrail.url, project.writeKey)}</head>
    <body><p id="variant">pending</p><script>
      window.queuedBeforeLoad = !crumbtrail.loaded;
      crumbtrail.variant(${JSON.stringify(KEY)}).then(function (v) {
        return crumbtrail.variant(${JSON.stringify(KEY)}).then(function () { document.getElementById("variant").textContent = v; });
      });
    </script></body></html>`);
  const visitors: { id: string; variant: string }[] = [];
  for (let i = 0; i < 2; i++) {
    const context = await browser.newContext();
    const visitor = await context.newPage();
    await visitor.goto(shop.origin);
    await expect(visitor.locator("#variant")).not.toHaveText("pending", { timeout: 15_000 });
    const variant = (await visitor.locator("#variant").textContent())!;
    expect(await visitor.evaluate(() => (window as unknown as { queuedBeforeLoad: boolean }).queuedBeforeLoad)).toBe(true);
    const id = (await visitor.evaluate(() => localStorage.getItem("ct_aid")))!;
    expect(variant).toBe(assignVariant({ key: KEY, variants: VARIANTS }, id));
    visitors.push({ id, variant });
    await visitor.goto("about:blank"); // pagehide flushes the queue
    await context.close();
  }
  shop.close();
  const exposures = async () => {
    const response = await page.request.get(`${crumbtrail.url}/api/projects/${project.projectId}/events?limit=100&event=%24experiment_exposure`, {
      headers: { Authorization: `Bearer ${project.secretKey}` },
    });
    return ((await response.json()) as { events: { event: string; distinctId: string; properties: Record<string, unknown> }[] }).events.filter((e) => e.event === "$experiment_exposure");
  };
  await expect.poll(async () => (await exposures()).length, { timeout: 15_000 }).toBe(2);
  for (const event of await exposures()) {
    const visitor = visitors.find((v) => v.id === event.distinctId);
    expect(visitor, `an exposure of ${event.distinctId}`).toBeTruthy();
    expect(event.properties).toEqual({ experiment: KEY, variant: visitor!.variant });
  }

  // 3. Enough traffic for a verdict, through the API, over the last four days (the
  // experiment is moved to start before them): the test variant converts twice as often.
  const now = Date.now();
  const DAY = 86_400_000;
  const experimentId = new URL(page.url()).pathname.split("/").pop()!;
  const moved = await page.request.patch(`${crumbtrail.url}/api/projects/${project.projectId}/experiments/${experimentId}`, {
    headers: { Authorization: `Bearer ${project.secretKey}` },
    data: { start: new Date(now - 4 * DAY).toISOString() },
  });
  expect(moved.status()).toBe(200);
  const messages: Record<string, unknown>[] = [];
  for (let i = 0; i < 200; i++) {
    const anonymousId = `bulk-${i}`;
    const variant = assignVariant({ key: KEY, variants: VARIANTS }, anonymousId);
    const at = now - (i % 4) * DAY - 20_000;
    messages.push({ type: "track", event: "$experiment_exposure", anonymousId, properties: { experiment: KEY, variant }, timestamp: new Date(at).toISOString(), messageId: `x-${i}` });
    const converts = variant === "test" ? i % 5 < 2 : i % 5 === 0;
    if (converts) messages.push({ type: "track", event: "purchase", anonymousId, properties: { revenue: 10 }, timestamp: new Date(at + 10_000).toISOString(), messageId: `p-${i}` });
  }
  await sendEvents(project, messages);

  // 4. The verdict.
  await page.reload();
  const verdict = page.getByTestId("verdict").first();
  await expect(verdict).toContainText(/^test raises purchase conversion by [\d.]+ to [\d.]+ points; [\d.>]+% chance it beats control\.$/);
  await expect(page.getByRole("img", { name: /^test: \+/ }).first()).toBeVisible();
  await expect(page.getByText("The split matches the weights")).toBeVisible();
  // Each metric's value over time per variant: a chart per metric, a point per day.
  const overTime = page.getByRole("img", { name: "purchase conversion per variant at the end of each day" });
  await expect(overTime).toBeVisible();
  await expect(overTime.locator("canvas")).toBeVisible();
  await expect(page.getByRole("table", { name: "First exposures per day and variant" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("experiment-results.png"), fullPage: true });

  // 5. At a phone's width nothing scrolls sideways; the list shows the experiment.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(verdict).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: testInfo.outputPath("experiment-results-phone.png"), fullPage: true });
  await page.goto(`/projects/${project.projectId}/experiments`);
  await expect(page.getByRole("link", { name: "One-page checkout" })).toBeVisible();
  await expect(page.getByText("running")).toBeVisible();
});
