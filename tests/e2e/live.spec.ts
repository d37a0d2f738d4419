// Live (issue 17 item 7): each event's page or screen, browser, country and
// person; filters in the address; an event's properties as a key/value table.
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";

const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

test("Live shows where, which browser and country, filters by event and person, and lists properties", async ({ ownerPage: page, project, sendEvents }, testInfo) => {
  test.setTimeout(120_000);
  const web = { page: { url: "https://shop.example/pricing", path: "/pricing" }, userAgent: CHROME, ip: "81.2.69.142" };
  await sendEvents(project, [
    { type: "page", anonymousId: "visitor-1", context: web, timestamp: minutesAgo(4) },
    { type: "screen", name: "Checkout", anonymousId: "app-user", timestamp: minutesAgo(3) },
    {
      event: "Order Completed",
      anonymousId: "visitor-1",
      context: web,
      timestamp: minutesAgo(2),
      properties: { plan: "pro", cart: { total: 12.5 }, note: "<img src=x onerror=alert(1)>" },
    },
    { event: "Order Completed", anonymousId: "visitor-2", timestamp: minutesAgo(1) },
  ]);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/projects/${project.projectId}/live`);
  const list = page.getByRole("list", { name: "Latest events" });
  await expect(list.getByRole("listitem")).toHaveCount(4, { timeout: 20_000 });

  // The page view's row: its path, browser, country and a link to the person.
  const pageView = list.getByRole("listitem").filter({ has: page.getByRole("button", { name: "$pageview" }) });
  await expect(pageView).toContainText("/pricing");
  await expect(pageView).toContainText("Chrome");
  await expect(pageView).toContainText("United Kingdom");
  // A mobile screen shows its name where a page shows its path.
  await expect(list.getByRole("listitem").filter({ has: page.getByRole("button", { name: "$screen" }) })).toContainText("Checkout");

  // Opened, an event lists its properties as inert text.
  const order = list.getByRole("listitem").filter({ hasText: "visitor-1" }).filter({ has: page.getByRole("button", { name: "Order Completed" }) });
  await order.getByRole("button", { name: "Order Completed" }).click();
  await expect(order.getByRole("button", { name: "Order Completed" })).toHaveAttribute("aria-expanded", "true");
  const properties = order.getByRole("table", { name: "Properties" });
  await expect(properties.getByRole("row", { name: "plan pro" })).toBeVisible();
  await expect(properties.getByRole("row", { name: "cart.total 12.5" })).toBeVisible();
  await expect(properties.getByRole("cell", { name: "<img src=x onerror=alert(1)>" })).toBeVisible();
  await expect(order.locator("img")).toHaveCount(0);
  await expect(order.getByRole("table", { name: "Built-in properties" }).getByRole("row", { name: "Country ($country) GB" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("live-1440.png"), fullPage: true });

  // Only this event: the filter is in the address, so the view can be shared.
  await order.getByRole("link", { name: "Only “Order Completed” events" }).click();
  await expect(page).toHaveURL(/\/live\?event=Order\+Completed$/);
  await expect(page.getByLabel("Event", { exact: true })).toHaveValue("Order Completed");
  await expect(list.getByRole("listitem")).toHaveCount(2, { timeout: 20_000 });

  // The form filters by person (a shared link opens the same view).
  await page.getByLabel("Person (any of their distinct ids)").fill("visitor-1");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/event=Order\+Completed&distinctId=visitor-1/);
  await expect(list.getByRole("listitem")).toHaveCount(1, { timeout: 20_000 });
  await page.goto(`/projects/${project.projectId}/live?distinctId=visitor-1`);
  await expect(list.getByRole("listitem")).toHaveCount(2, { timeout: 20_000 });
  await expect(list.getByRole("button", { name: "$pageview" })).toBeVisible();

  // At a phone's width, an opened event fits without scrolling sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await list.getByRole("button", { name: "Order Completed" }).click();
  await expect(list.getByRole("table", { name: "Context" })).toBeVisible();
  expect(await pageWidth(page)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: testInfo.outputPath("live-390.png"), fullPage: true });

  // The person opens their profile.
  await list.getByRole("listitem").first().getByRole("link", { name: "visitor-1" }).click();
  await expect(page).toHaveURL(/\/users\/visitor-1$/);
});
