// Paths (issue 17 item 5): identity events are hidden unless asked for, listed
// events can be left out, and with an end event only the paths that reach it count.
import { expect, test } from "./support/fixtures";

test("paths hide identity events, leave out events and keep only paths reaching the end", async ({ ownerPage: page, project, sendEvents }) => {
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
  await expect(page.getByRole("img", { name: "Step 1, Identify ($identify): 1 persons" })).toBeVisible();

  // Leaving out Product Viewed (picked in the builder) joins Signed Up straight to Order Completed.
  await page.goto(paths);
  await page.getByLabel("Add an event to leave out").selectOption("Product Viewed");
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
