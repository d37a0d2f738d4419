// Data quality (API.md 7, issue 22): a plan written in the editor (the server's
// errors shown), violations filtered and sampled as inert text, "add to plan"
// in one click, and the quarantine replayed.
import { expect, test } from "./support/fixtures";

test("Data quality: edit the plan, read violations, add to plan, replay the quarantine", async ({ ownerPage: page, project, sendEvents }, testInfo) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/projects/${project.projectId}/overview`);
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Data quality" }).click();
  await expect(page.getByRole("heading", { name: "Data quality", level: 1 })).toBeVisible();
  await expect(page.getByText("This project has no tracking plan yet")).toBeVisible();

  // A rule the server refuses: its sentence is shown, nothing is saved.
  const events = page.getByLabel("Events (JSON)");
  await events.fill(JSON.stringify({ "Order Completed": { properties: { revenue: { type: "money" } } } }));
  await page.getByRole("button", { name: "Save plan" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "revenue.type" })).toBeVisible();
  await expect(page.getByText("Saved. New messages are checked")).toHaveCount(0);

  await events.fill(JSON.stringify({ "Order Completed": { properties: { revenue: { type: "number", required: true } } } }));
  await page.getByLabel("Unplanned events").selectOption("block");
  await page.getByLabel("Unplanned properties").selectOption("flag");
  await page.getByRole("button", { name: "Save plan" }).click();
  await expect(page.getByText("Saved. New messages are checked")).toBeVisible();

  await sendEvents(project, [
    { event: "Order Completed", userId: "u1", properties: { revenue: 10, note: "<img src=x onerror=alert(1)>" } },
    { event: "Order Completed", userId: "u1", properties: { revenue: "10" } },
    { event: "Beta Clicked", userId: "u2", messageId: "beta-1", properties: { variant: "b" } },
  ]);
  await page.reload();
  const list = page.getByRole("list", { name: "Violations" });
  await expect(list.getByRole("listitem")).toHaveCount(3);
  await expect(page.getByLabel("Messages in quarantine")).toHaveText("1");

  // Samples are text, never markup.
  const note = list.getByRole("listitem").filter({ hasText: "note" });
  await note.getByText("1 sample").click();
  await expect(note.locator("pre")).toContainText("<img src=x onerror=alert(1)>");
  await expect(note.locator("img")).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("data-quality-1440.png"), fullPage: true });

  // Filter by kind.
  await page.getByLabel("Kind").selectOption("wrong_type");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/type=wrong_type/);
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await expect(list).toContainText("revenue");
  await page.getByLabel("Kind").selectOption("");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(list.getByRole("listitem")).toHaveCount(3);

  // One click plans the blocked event with the types its samples carried, then Replay stores it.
  await page.getByRole("button", { name: "Add the event Beta Clicked to the plan" }).click();
  await expect(events).toHaveValue(/"Beta Clicked"[\s\S]*"variant"[\s\S]*"type": "string"/);
  await expect(list.getByRole("listitem").filter({ hasText: "Beta Clicked" })).toContainText("In the plan now");
  await page.getByRole("button", { name: "Replay" }).click();
  await expect(page.getByText("Replayed 1 message(s), 1 newly stored; 0 still blocked")).toBeVisible();
  await expect(page.getByLabel("Messages in quarantine")).toHaveText("0");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByRole("heading", { name: "Data quality", level: 1 })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: testInfo.outputPath("data-quality-390.png"), fullPage: true });
});
