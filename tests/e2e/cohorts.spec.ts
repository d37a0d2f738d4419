// Cohorts from the dashboard (issue 20, API.md 5): a dynamic cohort built with
// the condition builder (a nested OR group, a property, events counted, a first
// time), its count, its members and their CSV; a static one from pasted ids,
// changed by hand; both listed on a member's profile. Screenshots at 1440 and
// 390 px are kept with the test results (CRUMBTRAIL_TEST_KEEP=1).
import type { Download, Page } from "@playwright/test";
import { http } from "../support/api";
import { withSql } from "../support/sql";
import { expect, test } from "./support/fixtures";

async function readDownload(file: Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function fitsWidth(page: Page, width: number): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth), "no sideways scrolling").toBeLessThanOrEqual(width);
}

test("a dynamic cohort is built in the UI, counted, listed and downloaded; a static one is pasted; both show on a profile", async ({ ownerPage: page, project, sendEvents }, testInfo) => {
  test.setTimeout(180_000);
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  // Engaged: bought twice and (pro, or signed up this week). ann and bo are in; cy bought once; di never signed up and is free.
  await sendEvents(project, [
    { type: "identify", userId: "ann", traits: { plan: "pro", email: "ann@example.com" } },
    { type: "identify", userId: "bo", traits: { plan: "free", email: "bo@example.com" } },
    { type: "identify", userId: "cy", traits: { plan: "pro" } },
    { type: "identify", userId: "di", traits: { plan: "free" } },
    { event: "Purchase", userId: "ann", properties: { price: 12 } },
    { event: "Purchase", userId: "ann", properties: { price: 30 } },
    { event: "Purchase", userId: "bo", properties: { price: 5 } },
    { event: "Purchase", userId: "bo", properties: { price: 8 } },
    { event: "Signed Up", userId: "bo" },
    { event: "Purchase", userId: "cy", properties: { price: 99 } },
    { event: "Purchase", userId: "di" },
    { event: "Purchase", userId: "di" },
    { event: "Purchase", userId: "di" },
  ]);

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/projects/${project.projectId}/overview`);
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Cohorts" }).click();
  await expect(page.getByRole("heading", { name: "Cohorts", level: 1 })).toBeVisible();
  await expect(page.getByText("No cohorts yet")).toBeVisible();
  await shot("cohorts-empty-desktop");

  await page.getByRole("link", { name: "New cohort" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Engaged buyers");
  // Saved without an event first: the API's answer shows under that condition.
  await page.getByRole("button", { name: "Create cohort" }).click();
  const condition1 = page.getByRole("group", { name: "Condition 1", exact: true });
  await expect(page.locator("li", { has: condition1 }).getByText("Event must not be empty")).toBeVisible();
  await shot("cohort-builder-error-desktop");

  await condition1.getByLabel("Condition 1 event").selectOption("Purchase");
  await condition1.getByLabel("Condition 1 count", { exact: true }).fill("2");
  await condition1.getByLabel("Condition 1 days").fill("30");
  await page.getByRole("button", { name: "+ Add OR group" }).click();
  const condition21 = page.getByRole("group", { name: "Condition 2.1", exact: true });
  await condition21.getByLabel("Condition 2.1 kind").selectOption("property");
  await condition21.getByLabel("Condition 2.1 property").selectOption("plan");
  await condition21.getByLabel("Condition 2.1 value", { exact: true }).fill("pro");
  await page.getByRole("button", { name: "+ Add condition to condition 2" }).click();
  const condition22 = page.getByRole("group", { name: "Condition 2.2", exact: true });
  await condition22.getByLabel("Condition 2.2 kind").selectOption("first_time");
  await condition22.getByLabel("Condition 2.2 event").selectOption("Signed Up");
  await condition22.getByLabel("Condition 2.2 days").fill("7");
  await shot("cohort-builder-desktop");
  await page.getByRole("button", { name: "Create cohort" }).click();

  // The detail page: the definition in words, the count, the members.
  await expect(page.getByRole("heading", { name: "Engaged buyers", level: 1 })).toBeVisible();
  const conditions = page.getByRole("list", { name: "Conditions" });
  await expect(conditions).toContainText("did Purchase at least 2 times in the last 30 days");
  await expect(conditions).toContainText("person’s plan equals “pro”");
  await expect(conditions).toContainText("did Signed Up for the first time in the last 7 days");
  await expect(page.getByText("2 persons shown of 2")).toBeVisible();
  const members = page.getByRole("table", { name: "Members" });
  await expect(members.getByRole("link")).toHaveText(["ann", "bo"]);
  await expect(members).toContainText("ann@example.com");

  // Searching the members.
  await page.getByLabel("Search members by distinct id or property value").fill("BO@");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByRole("table", { name: "Members matching “BO@”" }).getByRole("link")).toHaveText(["bo"]);

  // Recompute, and the CSV of every member.
  await page.getByRole("button", { name: "Recompute now" }).click();
  await expect(page.getByText("Recomputed: 2 members.")).toBeVisible();
  await expect(page.getByRole("img", { name: /^Size of Engaged buyers over time, 2 computations$/ })).toBeVisible();
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  const csv = (await readDownload(file)).trim().split("\r\n");
  expect(csv[0]).toBe("distinct_id,distinct_ids,first_seen,last_seen,properties");
  expect(csv.slice(1).map((line) => line.split(",")[0]).sort()).toEqual(["ann", "bo"]);
  await expect(page.getByRole("link", { name: "Destinations" })).toHaveAttribute("href", /\/cohorts\/[^/]+\/destinations$/);
  await shot("cohort-detail-desktop");

  // A static cohort from pasted ids: an unknown id is said and left out.
  await page.getByRole("link", { name: "← Cohorts" }).click();
  await page.getByRole("link", { name: "New cohort" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Hand picked");
  await page.getByLabel("Static").check();
  await page.getByLabel("Distinct ids").fill("cy\nnobody-here");
  await page.getByRole("button", { name: "Create cohort" }).click();
  const created = page.getByRole("status").filter({ hasText: "created with 1 member" });
  await expect(created).toBeVisible();
  await expect(created).toContainText("nobody-here");
  await page.getByRole("link", { name: "Open the cohort" }).click();
  await expect(page.getByRole("heading", { name: "Hand picked", level: 1 })).toBeVisible();
  await page.getByLabel("Distinct ids to add or remove").fill("ann");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByText("Added 1 person; the cohort has 2 now.")).toBeVisible();
  await expect(page.getByRole("table", { name: "Members" }).getByRole("link")).toHaveText(["ann", "cy"]);
  await shot("cohort-static-desktop");

  // The list shows both, and ann's profile names both.
  await page.getByRole("link", { name: "← Cohorts" }).click();
  const list = page.getByRole("table", { name: "Cohorts of this project" });
  await expect(list.getByRole("row")).toHaveCount(3);
  await expect(list.getByRole("row", { name: /Engaged buyers/ })).toContainText("Dynamic");
  await expect(list.getByRole("row", { name: /Hand picked/ })).toContainText("Static");
  await shot("cohorts-list-desktop");
  await page.goto(`/projects/${project.projectId}/users/ann`);
  await expect(page.getByRole("list", { name: "Cohorts of this person" }).getByRole("link")).toHaveText(["Engaged buyers", "Hand picked"]);
  await shot("profile-cohorts-desktop");
  await page.goto(`/projects/${project.projectId}/users/di`);
  await expect(page.getByText("Not in any cohort.")).toBeVisible();
  await page.goto(`/projects/${project.projectId}/cohorts/no-such-cohort`);
  await expect(page.getByRole("heading", { name: "No such cohort" })).toBeVisible();

  // A cohort another one includes cannot be deleted: the page says which one; the other can.
  await page.goto(`/projects/${project.projectId}/cohorts/new`);
  await page.getByLabel("Name", { exact: true }).fill("Picked by hand, again");
  await page.getByLabel("Condition 1 kind").selectOption("cohort");
  await page.getByLabel("Condition 1 cohort").selectOption({ label: "Hand picked" });
  await page.getByRole("button", { name: "Create cohort" }).click();
  await expect(page.getByRole("heading", { name: "Picked by hand, again", level: 1 })).toBeVisible();
  await expect(page.getByRole("list", { name: "Conditions" })).toContainText("is in the cohort Hand picked");
  await page.getByRole("list", { name: "Conditions" }).getByRole("link", { name: "Hand picked" }).click();
  await expect(page.getByRole("heading", { name: "Hand picked", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const confirmDelete = page.getByRole("dialog", { name: "Delete the cohort “Hand picked”?" });
  await confirmDelete.getByRole("button", { name: "Delete cohort" }).click();
  await expect(confirmDelete.getByRole("alert")).toContainText('"Picked by hand, again" includes this one');
  await confirmDelete.getByRole("button", { name: "Cancel" }).click();
  await page.goBack();
  await expect(page.getByRole("heading", { name: "Picked by hand, again", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await page.getByRole("dialog", { name: "Delete the cohort “Picked by hand, again”?" }).getByRole("button", { name: "Delete cohort" }).click();
  await expect(page).toHaveURL(/\/cohorts$/);
  await expect(list.getByRole("row")).toHaveCount(3);

  // A phone: the list, the builder and the detail page fit the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/projects/${project.projectId}/cohorts`);
  await fitsWidth(page, 390);
  await shot("cohorts-list-phone");
  await list.getByRole("link", { name: "Engaged buyers" }).click();
  await expect(page.getByRole("heading", { name: "Engaged buyers", level: 1 })).toBeVisible();
  // Measured once the members are in: their table is the widest thing on the page.
  await expect(page.getByRole("table", { name: "Members" }).getByRole("link")).toHaveText(["ann", "bo"]);
  await fitsWidth(page, 390);
  await shot("cohort-detail-phone");
  await page.getByRole("link", { name: "Edit", exact: true }).click();
  await expect(page.getByRole("group", { name: "Condition 2.1", exact: true }).getByLabel("Condition 2.1 value", { exact: true })).toHaveValue("pro");
  await fitsWidth(page, 390);
  await shot("cohort-builder-phone");
  // Editing: at least once instead of twice lets cy (pro, one purchase) in.
  await page.getByLabel("Condition 1 count", { exact: true }).fill("1");
  await page.getByRole("button", { name: "Save and recompute" }).click();
  await expect(page.getByRole("heading", { name: "Engaged buyers", level: 1 })).toBeVisible();
  await expect(page.getByRole("list", { name: "Conditions" })).toContainText("did Purchase at least 1 time in the last 30 days");
  await expect(page.getByRole("table", { name: "Members" }).getByRole("link")).toHaveText(["ann", "bo", "cy"]);
});

test("a viewer sees cohorts, their members and the CSV, but nothing that changes them", async ({ page, project, crumbtrail, createAccount, signIn, sendEvents }) => {
  test.setTimeout(120_000);
  await sendEvents(project, [{ type: "identify", userId: "vi", traits: { plan: "pro" } }]);
  const created = await http(`${crumbtrail.url}/api/projects/${project.projectId}/cohorts`, {
    method: "POST",
    headers: { Authorization: `Bearer ${project.secretKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({ name: "Seen only", kind: "static", distinctIds: ["vi"] }),
  });
  expect(created.status, created.text).toBe(201);
  const viewer = await createAccount();
  await withSql(crumbtrail, async (db) => {
    const [p] = await db.rows<{ organizationId: string }>(`SELECT "organizationId" FROM "Project" WHERE id = ?`, [project.projectId]);
    const [u] = await db.rows<{ id: string }>(`SELECT id FROM "User" WHERE email = ?`, [viewer.email]);
    await db.run(`INSERT INTO "Membership" (id, "userId", "organizationId", role) VALUES (?, ?, ?, 'viewer')`, [`m-${u.id}`, u.id, p.organizationId]);
  });
  await signIn(viewer);

  await page.goto(`/projects/${project.projectId}/cohorts`);
  await expect(page.getByRole("link", { name: "Seen only" })).toBeVisible();
  await expect(page.getByRole("link", { name: "New cohort" })).toHaveCount(0);
  await page.getByRole("link", { name: "Seen only" }).click();
  await expect(page.getByRole("table", { name: "Members" }).getByRole("link")).toHaveText(["vi"]);
  await expect(page.getByRole("link", { name: "Download CSV" })).toBeVisible();
  for (const name of ["Edit", "Delete", "Add", "Remove", "Recompute now"]) {
    await expect(page.getByRole(name === "Edit" ? "link" : "button", { name, exact: true })).toHaveCount(0);
  }
  await page.goto(`/projects/${project.projectId}/cohorts/new`);
  await expect(page.getByText("Your role in this project lets you look at cohorts, not create or change them.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create cohort" })).toHaveCount(0);
});

test("a project's cohort recompute interval is set in Settings, checked, and can be cleared", async ({ ownerPage: page, project }) => {
  await page.goto(`/projects/${project.projectId}/settings`);
  const field = page.getByLabel("Recompute cohorts every (minutes)");
  await expect(field).toHaveValue("");
  await expect(field).toHaveAttribute("placeholder", "15 (the server's default)");
  // Past the browser's own max, the server checks too.
  await field.evaluate((input: HTMLInputElement) => input.removeAttribute("max"));
  await field.fill("20000");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Enter a whole number of minutes from 1 to 10080, or leave it empty for the server's default.")).toBeVisible();
  await field.fill("60");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Recompute cohorts every (minutes)")).toHaveValue("60");
  await page.getByLabel("Recompute cohorts every (minutes)").fill("");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Recompute cohorts every (minutes)")).toHaveValue("");
});
