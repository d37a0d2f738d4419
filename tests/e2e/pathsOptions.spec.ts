// Paths (issue 17 item 5): identity events are hidden unless asked for, listed
// events can be left out, and with an end event only the paths that reach it count.
import { expect, test } from "./support/fixtures";

test("paths hide identity events, leave out events and keep only paths reaching the end", async ({ ownerPage: page, project, sendEvents }) => {
  test.slow(); // four report loads and two runs
  const at = (minutes: number) => new Date(Date.now() - 60 * 60_000 + minutes * 60_000).toISOString();
  await sendEvents(project, [
    // ann: identify, sign up, view, order. bo: sign up, view, never orders.
    { type: "identify", anonymousId: "ann", traits: { plan: "pro" }, timestamp: at(0) },
    { event: "Signed Up", anonymousId: "ann", timestamp: at(1) },
    { event: "Product Viewed", anonymousId: "ann", timestamp: at(2) },
    { event: "Order Completed", anonymousId: "ann", timestamp: at(3) },
    { event: "Signed Up", anonymousId: "bo", timestamp: at(1) },
    { event: "Product Viewed", anonymousId: "bo", timestamp: at(2) },
  ]);
  const paths = `/projects/${project.projectId}/paths?range=7d&steps=4`;

  await page.goto(paths);
  await expect(page.getByRole("img", { name: "Step 1, Signed Up: 2 persons" })).toBeVisible();
  await expect(page.getByRole("img", { name: /Identify/ })).toHaveCount(0);

  await page.getByLabel("Show identity events").check();
  await expect(page).toHaveURL(/identity=1/);
  await expect(page.getByRole("img", { name: /^Step 1, .*Identify.*: 1 persons$/ })).toBeVisible();

  // Leaving out Product Viewed (picked in the builder) joins Signed Up straight to Order Completed.
  await page.goto(paths);
  // Event pickers keep the identity events behind a last choice.
  const leaveOut = page.getByLabel("Add an event to leave out");
  await expect(leaveOut.locator("option", { hasText: "Identify" })).toHaveCount(0);
  await leaveOut.selectOption({ label: "Show identity events (1)…" });
  await expect(leaveOut.locator("option", { hasText: "Identify" })).toHaveCount(1);
  await leaveOut.selectOption("Product Viewed");
  await expect(page.getByRole("list", { name: "Events left out" })).toContainText("Product Viewed");
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page).toHaveURL(/exclude=/);
  await expect(page.getByRole("img", { name: "Step 2, Order Completed: 1 persons" })).toBeVisible();
  await expect(page.getByRole("img", { name: /Product Viewed/ })).toHaveCount(0);
  await page.getByRole("button", { name: "Keep Product Viewed" }).click();
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page).not.toHaveURL(/exclude=/);
  await expect(page.getByRole("img", { name: "Step 2, Product Viewed: 2 persons" })).toBeVisible();

  // Ending at Order Completed: only ann's path, which reaches it.
  await page.goto(`${paths}&end=${encodeURIComponent("Order Completed")}`);
  await expect(page.getByRole("img", { name: "Step 1, Signed Up: 1 persons" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Step 3, Order Completed: 1 persons" })).toBeVisible();
});

test("paths by page path: steps are the pages people viewed", async ({ ownerPage: page, project, sendEvents }, testInfo) => {
  const at = (minutes: number) => new Date(Date.now() - 60 * 60_000 + minutes * 60_000).toISOString();
  const view = (who: string, path: string, minute: number) => ({ type: "page", anonymousId: who, properties: { path }, timestamp: at(minute) });
  await sendEvents(project, [
    view("cy", "/", 0),
    { event: "Clicked", anonymousId: "cy", timestamp: at(1) },
    view("cy", "/pricing", 2),
    view("cy", "/signup", 3),
    view("di", "/", 0),
    view("di", "/docs", 1),
  ]);
  await page.goto(`/projects/${project.projectId}/paths?range=7d&steps=3`);
  await page.getByRole("radio", { name: /Pages/ }).check();
  await page.getByLabel("Start page").selectOption("/");
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page).toHaveURL(/mode=pages/);
  await expect(page.getByRole("img", { name: "Step 1, /: 2 persons" })).toBeVisible();
  // The click between two page views is not a step.
  await expect(page.getByRole("img", { name: "Step 2, /pricing: 1 persons" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Step 3, /signup: 1 persons" })).toBeVisible();
  await expect(page.getByRole("img", { name: /Clicked/ })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("paths-pages.png"), fullPage: true });
});
