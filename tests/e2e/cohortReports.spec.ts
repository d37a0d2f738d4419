// Cohorts in the reports, as people use them: two cohorts made through the
// API (a dynamic one by plan, a static list), then the Events report filtered
// to one from the filter picker, and broken down by both from the breakdown
// picker, each kept in the address; the report names the computation it used.
// Then a funnel's drop-off saved as a cohort and used as a filter. Screenshots
// at desktop and phone width.
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";

const DAY = 86_400_000;
const at = (daysAgo: number, minute: number) => new Date(Date.now() - daysAgo * DAY + minute * 60_000).toISOString();

/** alice and dave are on pro, bob on free; anon-1 never identified. Each signs up once. */
const MESSAGES: Record<string, unknown>[] = [
  { type: "identify", userId: "alice", traits: { plan: "pro" }, timestamp: at(3, 0) },
  { type: "identify", userId: "bob", traits: { plan: "free" }, timestamp: at(3, 1) },
  { type: "identify", userId: "dave", traits: { plan: "pro" }, timestamp: at(3, 2) },
  { event: "Signed Up", userId: "alice", timestamp: at(2, 0) },
  { event: "Signed Up", userId: "bob", timestamp: at(2, 5) },
  { event: "Signed Up", userId: "dave", timestamp: at(1, 0) },
  { event: "Signed Up", anonymousId: "anon-1", timestamp: at(1, 5) },
  { event: "Order Completed", userId: "alice", timestamp: at(2, 10) },
];

async function shoot(page: Page, path: string) {
  await page.screenshot({ path, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.replace(/\.png$/, "-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("Events: filter by a cohort and break down by cohorts from the pickers", async ({ ownerPage: page, project, sendEvents }, testInfo) => {
  // Many runs of the report and four screenshots: more than the default minute on a busy machine.
  test.slow();
  await sendEvents(project, MESSAGES);
  const api = `/api/projects/${project.projectId}/cohorts`;
  const headers = { Authorization: `Bearer ${project.secretKey}` };
  const pro = await page.request.post(api, { headers, data: { name: "Pro plan", kind: "dynamic", match: { all: [{ type: "property", property: "plan", op: "eq", value: "pro" }] } } });
  expect(pro.status()).toBe(201);
  const proId = ((await pro.json()) as { cohort: { id: string } }).cohort.id;
  const listed = await page.request.post(api, { headers, data: { name: "Hand-picked <b>list</b>", kind: "static", distinctIds: ["bob"] } });
  expect(listed.status()).toBe(201);
  const listedId = ((await listed.json()) as { cohort: { id: string } }).cohort.id;

  await page.goto(`/projects/${project.projectId}/events?range=7d&series=${encodeURIComponent(JSON.stringify([{ event: "Signed Up" }]))}`);
  const totals = page.getByRole("list", { name: "Totals over the range" });
  await expect(totals.getByRole("listitem").first()).toContainText("4");

  // In cohort "Pro plan": alice's and dave's sign-ups.
  await page.getByRole("button", { name: "+ Add filter" }).first().click();
  await page.getByLabel("Filter 1 kind").selectOption("cohort");
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Filter 1: choose a cohort.");
  await page.getByLabel("Filter 1 cohort").selectOption({ label: "Pro plan" });
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page).toHaveURL(new RegExp(`where=.*${proId}`));
  await expect(totals.getByRole("listitem").first()).toContainText("2");
  const used = page.getByRole("region", { name: "Cohorts this report used" });
  await expect(used).toContainText("Pro plan as of");
  await expect(used).toContainText("(2 people)");
  await expect(used.locator("time")).toHaveCount(1);

  // Not in it: bob's and anon-1's.
  await page.getByLabel("Filter 1 membership").selectOption("out");
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page).toHaveURL(/negate%22%3Atrue/);
  await expect(totals.getByRole("listitem").first()).toContainText("2");

  // Break down by both cohorts, without the filter: a series per cohort, and those in none.
  await page.getByRole("button", { name: "Remove filter 1" }).click();
  await page.getByLabel("Breakdown kind").selectOption("cohort");
  await page.getByRole("checkbox", { name: "Pro plan" }).check();
  await page.getByRole("checkbox", { name: "Hand-picked <b>list</b>" }).check();
  await page.getByRole("button", { name: "Run" }).click();
  // Kept in the picker's order (by name), whatever order they were ticked in.
  await expect(page).toHaveURL(new RegExp(`breakdown=.*cohorts.*${listedId}.*${proId}`));
  await expect(totals.getByRole("listitem")).toHaveCount(3);
  await expect(totals.getByRole("listitem").filter({ hasText: "Pro plan" })).toContainText("2");
  // A name a user typed is shown as text, never markup.
  await expect(totals.getByRole("listitem").filter({ hasText: "Hand-picked <b>list</b>" })).toContainText("1");
  await expect(totals.getByRole("listitem").filter({ hasText: "In none of these cohorts" })).toContainText("1");
  await expect(used).toContainText("Hand-picked <b>list</b> as of");
  await shoot(page, testInfo.outputPath("events-by-cohorts.png"));

  // The address alone reproduces it: the builder reads the cohorts back.
  await page.reload();
  await expect(page.getByRole("checkbox", { name: "Pro plan" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Hand-picked <b>list</b>" })).toBeChecked();

  // An id the project does not have: the page says so instead of breaking.
  await page.goto(`/projects/${project.projectId}/events?range=7d&series=${encodeURIComponent(JSON.stringify([{ event: "Signed Up" }]))}&where=${encodeURIComponent(JSON.stringify([{ cohort: "no-such-cohort" }]))}`);
  await expect(page.getByRole("main")).toContainText('This project has no cohort "no-such-cohort".');
  await shoot(page, testInfo.outputPath("events-unknown-cohort.png"));
});

test("Funnels: save a drop-off as a cohort, then filter the funnel by it", async ({ ownerPage: page, project, sendEvents }, testInfo) => {
  test.slow();
  await sendEvents(project, MESSAGES);
  const steps = encodeURIComponent(JSON.stringify([{ event: "Signed Up" }, { event: "Order Completed" }]));
  // bob, dave and anon-1 signed up and did not order.
  await page.goto(`/projects/${project.projectId}/funnels?range=7d&steps=${steps}&dropped=1`);
  const dropped = page.getByRole("region", { name: /3 persons dropped after step 1/ });
  await expect(dropped).toBeVisible();
  const saveDropped = dropped.getByRole("form", { name: /^Save as cohort/ });
  await saveDropped.getByLabel("Cohort name").fill("Signed up, never ordered");
  await saveDropped.getByRole("button", { name: "Save as cohort" }).click();
  await expect(dropped.getByRole("status")).toContainText("Saved as cohort Signed up, never ordered (3 people).");
  // Beside it, who went on to order: alice alone.
  const saveConverted = dropped.getByRole("form", { name: /^Save who converted/ });
  await saveConverted.getByRole("button", { name: "Save who converted" }).click();
  await expect(dropped.getByRole("status").nth(1)).toContainText("(1 person)");
  await shoot(page, testInfo.outputPath("funnel-saved-as-cohort.png"));

  // The new cohort is offered in the funnel's filters: in it, nobody converts.
  await page.goto(`/projects/${project.projectId}/funnels?range=7d&steps=${steps}`);
  await page.getByRole("button", { name: "+ Add filter" }).first().click();
  await page.getByLabel("Filter 1 kind").selectOption("cohort");
  await page.getByLabel("Filter 1 cohort").selectOption({ label: "Signed up, never ordered" });
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page).toHaveURL(/where=.*cohort/);
  await expect(page.getByRole("region", { name: "Cohorts this report used" })).toContainText("Signed up, never ordered as of");
  // Entered → completed: the three of the cohort entered, none completed.
  await expect(page.locator("dd").filter({ hasText: "→" }).first()).toHaveText(/3\s*→\s*0/);
});

test("Retention: a cell's persons saved as a cohort; the users list with its filter too", async ({ ownerPage: page, project, sendEvents }, testInfo) => {
  test.slow();
  // alice and bob view an item exactly a day after signing up: day 1 of their cohort.
  await sendEvents(project, [
    ...MESSAGES,
    { event: "Viewed Item", userId: "alice", timestamp: at(1, 0) },
    { event: "Viewed Item", userId: "bob", timestamp: at(1, 5) },
  ]);
  await page.goto(`/projects/${project.projectId}/retention?range=7d&start=${encodeURIComponent("Signed Up")}&return=${encodeURIComponent("Viewed Item")}&interval=day&periods=4`);
  const cell = page.getByRole("link", { name: /persons of the .* cohort back in day 1: list them/ }).filter({ hasNotText: /^0%/ }).first();
  const label = (await cell.getAttribute("aria-label")) ?? "";
  const count = Number(/^(\d+) persons/.exec(label)?.[1]);
  expect(count).toBeGreaterThan(0);
  await cell.click();
  await expect(page).toHaveURL(/cell=/);
  const panel = page.getByRole("region", { name: new RegExp(`^${count} persons? of the .* cohort back on day 1`) });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole("row")).toHaveCount(count + 1);
  await panel.getByLabel("Cohort name").fill("Came back on day 1");
  await panel.getByRole("button", { name: "Save as cohort" }).click();
  await expect(panel.getByRole("status")).toContainText(`Saved as cohort Came back on day 1 (${count} ${count === 1 ? "person" : "people"}).`);
  await shoot(page, testInfo.outputPath("retention-cell-saved.png"));

  // Broken down by the new cohort, which the picker lists at once (no reload),
  // the saved note still shown: a table for its members and one for everyone else.
  await page.getByRole("checkbox", { name: "Came back on day 1" }).check();
  await expect(panel.getByRole("status")).toContainText("Saved as cohort Came back on day 1");
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page).toHaveURL(/breakdown=.*cohorts/);
  await expect(page.getByRole("heading", { name: "By cohort: Came back on day 1" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "By cohort: In none of these cohorts" })).toBeVisible();
  await shoot(page, testInfo.outputPath("retention-by-cohort.png"));

  // The users list filtered to the pro plan (alice and dave), saved whole.
  await page.goto(`/projects/${project.projectId}/users?where=${encodeURIComponent(JSON.stringify([{ property: "plan", op: "eq", value: "pro" }]))}`);
  await page.getByLabel("Cohort name").fill("Pro users");
  await page.getByRole("button", { name: "Save as cohort" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved as cohort" })).toContainText("Saved as cohort Pro users (2 people).");
  await shoot(page, testInfo.outputPath("users-saved-as-cohort.png"));
});
