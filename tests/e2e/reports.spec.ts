// The report pages, as people use them: a small deterministic shop (four
// persons over the last few days) and the numbers each page must show for it:
// trends totals and the CSV export, funnel steps and who dropped, a retention
// cell, paths, users with their profiles, and the property catalog. A bad
// query in the address shows a message instead of breaking the page.
import type { Page } from "@playwright/test";
import { expect, test, type ProjectKeys } from "./support/fixtures";

const DAY = 86_400_000;

/** `hour`:`minute` UTC on the day `daysAgo` days before today (projects here are in UTC). */
function at(daysAgo: number, hour: number, minute = 0): string {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - daysAgo * DAY + (hour * 60 + minute) * 60_000).toISOString();
}

function dayLabel(daysAgo: number): string {
  const today = new Date();
  const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - daysAgo * DAY);
  return new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" }).format(day);
}

/**
 * alice: signs up, views, adds to cart, orders (revenue 30) on day -3, views again on day -2.
 * bob:   signs up, views, adds to cart on day -3 (drops before ordering), views again on day -1.
 * anon-3 (never identified): signs up and views on day -3.
 * dave:  signs up on day -2, nothing else.
 */
function shop(): Record<string, unknown>[] {
  return [
    { type: "identify", userId: "alice", traits: { name: "Alice Example", plan: "pro" }, timestamp: at(4, 9) },
    { type: "identify", userId: "bob", traits: { name: "Bob Builder", plan: "free" }, timestamp: at(4, 9, 5) },
    { type: "identify", userId: "dave", traits: { plan: "pro" }, timestamp: at(4, 9, 10) },
    { event: "Signed Up", userId: "alice", timestamp: at(3, 10), properties: { method: "email" } },
    { event: "Product Viewed", userId: "alice", timestamp: at(3, 10, 5), properties: { price: 10, category: "bags" } },
    { event: "Added to Cart", userId: "alice", timestamp: at(3, 10, 10), properties: { price: 10 } },
    { event: "Order Completed", userId: "alice", timestamp: at(3, 10, 20), properties: { revenue: 30, currency: "EUR" } },
    { event: "Product Viewed", userId: "alice", timestamp: at(2, 9), properties: { price: 12, category: "shoes" } },
    { event: "Signed Up", userId: "bob", timestamp: at(3, 11), properties: { method: "google" } },
    { event: "Product Viewed", userId: "bob", timestamp: at(3, 11, 5), properties: { price: 20, category: "bags" } },
    { event: "Added to Cart", userId: "bob", timestamp: at(3, 11, 30), properties: { price: 20 } },
    { event: "Product Viewed", userId: "bob", timestamp: at(1, 15), properties: { price: 20, category: "bags" } },
    { event: "Signed Up", anonymousId: "anon-3", timestamp: at(3, 12), properties: { method: "email" } },
    { event: "Product Viewed", anonymousId: "anon-3", timestamp: at(3, 12, 10), properties: { price: 5, category: "home" } },
    { event: "Signed Up", userId: "dave", timestamp: at(2, 8), properties: { method: "email" } },
  ];
}

const q = (value: unknown) => encodeURIComponent(JSON.stringify(value));
const FUNNEL = q([{ event: "Signed Up" }, { event: "Product Viewed" }, { event: "Added to Cart" }, { event: "Order Completed" }]);

async function seeded(page: Page, project: ProjectKeys, sendEvents: (p: ProjectKeys, m: Record<string, unknown>[]) => Promise<unknown>) {
  await sendEvents(project, shop());
  return (path: string) => page.goto(`/projects/${project.projectId}${path}`);
}

test("Events: totals, the builder, compare, table and the CSV export", async ({ ownerPage: page, project, sendEvents }) => {
  const open = await seeded(page, project, sendEvents);
  await open(`/events?range=7d&series=${q([{ event: "Signed Up" }, { event: "Product Viewed", math: "unique_users" }])}`);
  const totals = page.getByRole("list", { name: "Totals over the range" });
  await expect(totals.getByRole("listitem").nth(0)).toContainText("Signed Up");
  await expect(totals.getByRole("listitem").nth(0)).toContainText("4");
  await expect(totals.getByRole("listitem").nth(1)).toContainText("Product Viewed (unique users)");
  await expect(totals.getByRole("listitem").nth(1)).toContainText("3");
  await expect(page.getByRole("img", { name: /Signed Up, Product Viewed per day/ })).toBeVisible();

  // Build a property math from the pickers: sum of revenue of Order Completed.
  await page.getByRole("button", { name: "Remove series B" }).click();
  await page.getByLabel("Series A event").selectOption("Order Completed");
  await page.getByLabel("Series A measure").selectOption("sum");
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("choose the numeric property");
  await page.getByLabel("Series A numeric property").selectOption("revenue");
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page).toHaveURL(/series=/);
  await expect(totals.getByRole("listitem").first()).toContainText("Order Completed (sum)");
  await expect(totals.getByRole("listitem").first()).toContainText("30");

  // A filter on a user property: only pro users' sign-ups (alice and dave).
  await open(`/events?range=7d&series=${q([{ event: "Signed Up" }])}`);
  await page.getByRole("button", { name: "+ Add filter" }).click();
  await page.getByLabel("Filter 1 kind").selectOption("user");
  await page.getByLabel("Filter 1 property", { exact: true }).selectOption("plan");
  await page.getByLabel("Filter 1 value", { exact: true }).fill("pro");
  await page.getByRole("button", { name: "Run" }).click();
  await expect(totals.getByRole("listitem").first()).toContainText("2");

  // Table view with the previous period (nothing then).
  await page.getByText("Table", { exact: true }).click();
  await page.getByLabel("Compare to previous period").check();
  await expect(page).toHaveURL(/compare=1/);
  const row = page.getByRole("row").filter({ hasText: "Signed Up" });
  await expect(row.getByRole("cell").nth(0)).toHaveText("2");
  await expect(row.getByRole("cell").nth(1)).toHaveText("0");

  // The CSV reruns the same query.
  const csv = await page.request.get(`/projects/${project.projectId}/events/export?range=7d&series=${q([{ event: "Signed Up" }, { event: "Product Viewed" }])}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(csv.headers()["content-disposition"]).toMatch(/attachment; filename=".+\.csv"/);
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toMatch(/^Series,Total,\d{4}-\d{2}-\d{2},/);
  expect(lines[1]).toMatch(/^Signed Up,4,/);
  expect(lines[2]).toMatch(/^Product Viewed,5,/);
  expect(lines[1].split(",")).toHaveLength(lines[0].split(",").length);
});

test("Funnels: step counts, who dropped, and saved funnels", async ({ ownerPage: page, project, sendEvents }) => {
  const open = await seeded(page, project, sendEvents);
  await open("/funnels");
  await expect(page.getByText("Build a funnel")).toBeVisible();

  await open(`/funnels?range=7d&steps=${FUNNEL}`);
  const steps = page.getByRole("list", { name: "Funnel steps" }).getByRole("listitem");
  await expect(steps).toHaveCount(4);
  await expect(steps.nth(0)).toContainText(/Signed Up\s*4 100%/);
  await expect(steps.nth(1)).toContainText(/Product Viewed\s*3 75%/);
  await expect(steps.nth(2)).toContainText(/Added to Cart\s*2 50%/);
  await expect(steps.nth(3)).toContainText(/Order Completed\s*1 25%/);
  await expect(page.locator("dd").first()).toHaveText("25%");

  // bob added to cart but never ordered: the drop-off after step 3 lists him, linking to his profile.
  await page.getByRole("link", { name: /^1 person dropped between step 3 and step 4/ }).click();
  await expect(page.getByRole("heading", { name: "1 person dropped after step 3" })).toBeVisible();
  const dropped = page.locator("#dropped");
  await expect(dropped.getByRole("link", { name: "bob" })).toBeVisible();
  await expect(dropped).toContainText("Bob Builder");
  await dropped.getByRole("link", { name: "bob" }).click();
  await expect(page.getByRole("heading", { name: "Bob Builder" })).toBeVisible();
  await page.goBack();

  // Save it, find it again from a blank funnels page, delete it.
  await page.getByRole("button", { name: "Save as…" }).click();
  await page.getByLabel("Name of the saved funnel").fill("Signup to order");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Saved as “Signup to order”.")).toBeVisible();
  await open("/funnels?range=7d");
  await page.getByText("Saved funnels (1)").click();
  await page.getByRole("link", { name: "Signup to order" }).click();
  await expect(steps).toHaveCount(4);
  await expect(steps.nth(2)).toContainText(/Added to Cart\s*2 50%/);
  // A change since it was saved is marked "modified" until Update keeps it.
  const savedMenu = page.locator("summary", { hasText: "Saved: Signup to order" });
  await expect(savedMenu).not.toContainText("modified");
  await page.getByLabel("Conversion window length").fill("3");
  await expect(savedMenu).toContainText("modified");
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page).toHaveURL(/window=3w/);
  await expect(savedMenu).toContainText("modified");
  await page.getByRole("button", { name: "Update “Signup to order”" }).click();
  await expect(page.getByText("Updated “Signup to order”.")).toBeVisible();
  await expect(savedMenu).not.toContainText("modified");
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("Deleted “Signup to order”.")).toBeVisible();
  await page.reload();
  await expect(page.getByText("Saved funnels (0)")).toBeVisible();
});

test("Retention: cohort sizes and a retained cell", async ({ ownerPage: page, project, sendEvents }) => {
  const open = await seeded(page, project, sendEvents);
  await open("/retention?range=7d&start=Signed%20Up&return=Product%20Viewed&interval=day&periods=4");
  // Cohort of day -3: alice, bob, anon-3; alice came back on day -2 (Day 1), bob on day -1 (Day 2).
  const cohort = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: dayLabel(3), exact: true }) });
  await expect(cohort.getByRole("cell").nth(0)).toHaveText("3");
  await expect(cohort.getByRole("cell").nth(1)).toContainText("100%");
  await expect(cohort.getByRole("cell").nth(2)).toContainText("33%");
  await expect(cohort.getByRole("cell").nth(2)).toContainText("1");
  await expect(cohort.getByRole("cell").nth(3)).toContainText("33%");
  const later = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: dayLabel(2), exact: true }) });
  await expect(later.getByRole("cell").nth(0)).toHaveText("1");
  await expect(page.getByText("Persons in cohorts")).toBeVisible();
  await expect(page.getByRole("img", { name: "Retention curve per day" })).toBeVisible();
});

test("Paths: transitions from a start event", async ({ ownerPage: page, project, sendEvents }) => {
  const open = await seeded(page, project, sendEvents);
  await open("/paths?range=7d&start=Signed%20Up&steps=3");
  const transitions = page.locator("section", { hasText: "Top transitions" });
  await expect(transitions.getByRole("row").filter({ hasText: "Signed Up" }).filter({ hasText: "Product Viewed" })).toContainText("3");
  await expect(transitions.getByRole("row").filter({ hasText: /Product Viewed\s*Added to Cart/ })).toContainText("2");
  await expect(page.getByRole("img", { name: "Step 1, Signed Up: 4 persons" })).toBeVisible();
});

test("Users: search, user-property filters, sorting and a profile with its events", async ({ ownerPage: page, project, sendEvents }) => {
  const open = await seeded(page, project, sendEvents);
  await open("/users");
  const table = page.getByRole("table", { name: "Users" });
  await expect(table.getByRole("link", { name: /Alice Example/ })).toBeVisible();
  await expect(table.getByRole("link", { name: /anon-3/ })).toBeVisible();

  await page.getByRole("button", { name: "Filter by a user property" }).click();
  await page.getByLabel("Filter 1 property", { exact: true }).selectOption("plan");
  await page.getByLabel("Filter 1 value", { exact: true }).fill("pro");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(table.locator("tbody tr")).toHaveCount(2);
  await expect(table.getByRole("link", { name: /Alice Example/ })).toBeVisible();
  await expect(table.getByRole("link", { name: /dave/ })).toBeVisible();

  await open("/users?search=builder");
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table.getByRole("link", { name: /Bob Builder/ })).toBeVisible();

  // Most events first: alice (identify + 5 events).
  await open("/users?sort=eventCount");
  await expect(table.getByRole("row").nth(1)).toContainText("Alice Example");
  await expect(page.getByRole("columnheader", { name: /Sort by events/ })).toHaveAttribute("aria-sort", "descending");

  await table.getByRole("link", { name: /Alice Example/ }).click();
  await expect(page.getByRole("heading", { name: "Alice Example" })).toBeVisible();
  await expect(page.getByLabel("Public id")).toHaveText("alice");
  await expect(page.getByRole("cell", { name: "pro", exact: true })).toBeVisible();
  const activity = page.locator("section", { hasText: "Activity" });
  await expect(activity.getByText("Order Completed")).toBeVisible();
  await expect(activity.locator("details")).toHaveCount(6);
  await activity.getByText("Order Completed").click();
  await expect(activity.getByRole("rowheader", { name: "revenue" })).toBeVisible();
  await expect(activity.getByRole("cell", { name: "30", exact: true })).toBeVisible();

  const missing = await open("/users/nobody-at-all");
  expect(missing?.ok() || missing?.status() === 404).toBeTruthy();
  await expect(page.getByRole("heading", { name: "No such user" })).toBeVisible();
});

test("Properties: the catalog and a property's top values", async ({ ownerPage: page, project, sendEvents }) => {
  const open = await seeded(page, project, sendEvents);
  await open("/properties");
  await expect(page.getByRole("row").filter({ hasText: "Signed Up" })).toContainText("4");
  await expect(page.getByRole("row").filter({ hasText: "Product Viewed" })).toContainText("5");
  await page.getByRole("tab", { name: /Event properties/ }).click();
  const revenue = page.getByRole("row").filter({ has: page.getByRole("link", { name: "revenue", exact: true }) });
  await expect(revenue).toContainText("number");
  await revenue.getByRole("link", { name: "revenue" }).click();
  await expect(page.getByRole("list", { name: "Top values of revenue" })).toContainText("30");
  await page.getByRole("tab", { name: /User properties/ }).click();
  await page.getByRole("link", { name: "plan", exact: true }).click();
  const plans = page.getByRole("list", { name: "Top values of plan" });
  await expect(plans.getByRole("listitem").nth(0)).toContainText("pro");
  await expect(plans.getByRole("listitem").nth(0)).toContainText("2");
});

test("Funnels: a catalog bigger than the page ships is searched as you type", async ({ ownerPage: page, project, sendEvents }) => {
  // 150 names sent once sort before "zz-needle": past the 100 the page ships, so the
  // step pickers become comboboxes that ask the properties API as the user types.
  await sendEvents(project, [
    { event: "Signed Up", userId: "carol", timestamp: at(1, 9) },
    { event: "Signed Up", userId: "carol", timestamp: at(1, 9, 1) },
    ...Array.from({ length: 150 }, (_, i) => ({ event: `zz-${i}`, userId: "carol", timestamp: at(1, 10) })),
    { event: "zz-needle", userId: "carol", timestamp: at(1, 11) },
  ]);
  await page.goto(`/projects/${project.projectId}/funnels?range=7d&steps=${q([{ event: "Signed Up" }, { event: "Signed Up" }])}`);
  const step2 = page.getByRole("combobox", { name: "Step 2 event" });
  await expect(step2).toHaveAttribute("placeholder", "Signed Up");
  await step2.fill("needl");
  await page.getByRole("option", { name: "zz-needle" }).click();
  await expect(step2).toHaveValue("zz-needle");
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page).toHaveURL(/zz-needle/);
  const steps = page.getByRole("list", { name: "Funnel steps" }).getByRole("listitem");
  await expect(steps.nth(1)).toContainText(/zz-needle\s*1 100%/);

  // The keyboard works too: type, arrow down past nothing, Enter picks the match.
  await step2.fill("zz-14");
  await expect(page.getByRole("option", { name: "zz-149" })).toBeVisible();
  await step2.press("ArrowDown");
  await step2.press("Enter");
  await expect(step2).toHaveValue(/^zz-14/);
});

test("a bad query in the address shows a message, not a broken page", async ({ ownerPage: page, project, sendEvents }) => {
  const open = await seeded(page, project, sendEvents);
  await open(`/events?range=7d&series=${q([{ event: "Order Completed", math: "sum" }])}`);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("series[0].property is required for math sum");
  await expect(page.getByRole("heading", { name: "Events" })).toBeVisible();

  await open(`/funnels?steps=${q([{ event: "Signed Up" }])}`);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("needs at least two steps");

  await open("/retention?where=not-json");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("not valid JSON");

  await open("/paths?steps=12");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("must be 2 to 8");

  await open(`/users?where=${encodeURIComponent("[{")}`);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("must be a JSON list of filters");

  await open("/events?from=2026-02-10&to=2026-01-01");
  await expect(page.getByText("The end date is before the start date")).toBeVisible();

  const csv = await page.request.get(`/projects/${project.projectId}/events/export?series=${q([{ event: "x", math: "avg" }])}`);
  expect(csv.status()).toBe(400);
});

test("an empty project says what to do next on every report", async ({ ownerPage: page, project }) => {
  for (const path of ["events", "funnels", "retention", "paths", "properties"]) {
    await page.goto(`/projects/${project.projectId}/${path}`);
    await expect(page.getByText("No events yet")).toBeVisible();
    await expect(page.getByRole("link", { name: /Get the snippet/ })).toBeVisible();
  }
  await page.goto(`/projects/${project.projectId}/users`);
  await expect(page.getByText("No users yet")).toBeVisible();
});
