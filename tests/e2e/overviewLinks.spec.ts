// The Overview is not a dead end (issue 17 item 2): its rows open the report
// that explains them, pre-filled.
import { expect, test } from "./support/fixtures";

test("Overview rows open the matching trend or the person's profile", async ({ ownerPage: page, project, sendEvents }) => {
  await sendEvents(project, [
    { event: "Page Viewed", anonymousId: "visitor-1" },
    { event: "Page Viewed", anonymousId: "visitor-2" },
    { event: "Upgraded", anonymousId: "visitor-2", properties: { plan: "pro" } },
  ]);

  // A top event opens its trend over the same range.
  await page.goto(`/projects/${project.projectId}/overview?range=30d`);
  await page.getByRole("link", { name: /^Upgraded\s*1$/ }).click();
  await expect(page).toHaveURL(/\/events\?.*range=30d/);
  await expect(page.getByRole("heading", { level: 1, name: "Events" })).toBeVisible();
  const series = JSON.parse(new URL(page.url()).searchParams.get("series") ?? "null");
  expect(series).toEqual([{ event: "Upgraded" }]);
  await expect(page.getByRole("combobox", { name: "Series A event" })).toHaveValue("Upgraded");

  // A person in the latest events opens their profile.
  await page.goto(`/projects/${project.projectId}/overview?range=30d`);
  const latest = page.getByRole("table", { name: "Latest events in the range" });
  await latest.getByRole("link", { name: "visitor-2" }).first().click();
  await expect(page).toHaveURL(/\/users\/visitor-2$/);
  await expect(page.getByText("Distinct ids", { exact: true }).first()).toBeVisible();
});

// Each top table counts visitors with a page view; its rows open the trend of
// page views (unique users) filtered by that value, whose total is the row's number.
test("a row of each top table opens the trend that gives its number", async ({ ownerPage: page, project, sendEvents }, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const visit = (visitor: string, path: string, agent: string, ip: string, type: "page" | "track" = "page") => ({
    type,
    ...(type === "track" ? { event: "Upgraded" } : {}),
    anonymousId: visitor,
    context: {
      page: { url: `https://shop.example${path}?utm_source=newsletter`, path, referrer: "https://news.ycombinator.com/item?id=1" },
      userAgent: agent,
      ip,
    },
  });
  const chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
  const iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1";
  await sendEvents(project, [
    visit("visitor-1", "/pricing", chrome, "81.2.69.142"),
    visit("visitor-1", "/pricing", chrome, "81.2.69.142"),
    visit("visitor-2", "/pricing", chrome, "81.2.69.142"),
    visit("visitor-3", "/docs", iphone, "8.8.8.8"),
    // Not page views: a table that counted every event would be one visitor off its report.
    visit("visitor-4", "/pricing", chrome, "81.2.69.142", "track"),
    visit("visitor-5", "/pricing", chrome, "81.2.69.142", "track"),
    { type: "identify", anonymousId: "visitor-1", userId: "user-1" },
  ]);

  const tables = ["Top pages", "Referrers", "UTM sources", "Countries", "Browsers", "Devices"];
  const properties = ["$pathname", "$referring_domain", "$utm_source", "$country", "$browser", "$device_type"];
  for (const [i, title] of tables.entries()) {
    await page.goto(`/projects/${project.projectId}/overview?range=30d`);
    const table = page.getByRole("table", { name: title });
    const first = table.getByRole("row").nth(1);
    await expect(first).toBeVisible({ timeout: 20_000 });
    const shown = (await first.getByRole("cell").nth(1).innerText()).trim();
    // The two Chrome visitors of /pricing, from Britain via Hacker News; not the three that only upgraded.
    expect(shown, title).toBe(i === 2 || i === 1 ? "3" : "2");
    if (i === 0) await page.screenshot({ path: testInfo.outputPath("overview-1440.png"), fullPage: true });
    await first.getByRole("link").click();
    await expect(page).toHaveURL(/\/events\?.*range=30d/);
    const where = JSON.parse(new URL(page.url()).searchParams.get("where") ?? "null");
    expect(where).toEqual([expect.objectContaining({ property: properties[i], op: "eq" })]);
    const total = page.getByRole("list", { name: "Totals over the range" }).getByRole("listitem").first();
    await expect(total).toBeVisible({ timeout: 20_000 });
    // The card reads "<series name> <total>": its last word is the number.
    expect((await total.innerText()).trim().split(/\s+/).at(-1), `${title}: the report's total`).toBe(shown);
  }

  // Identity events are left out of the top events unless asked for.
  await page.goto(`/projects/${project.projectId}/overview?range=30d`);
  await expect(page.getByRole("link", { name: /^Upgraded\s*2$/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Identify\s*\$identify\s*1$/ })).toHaveCount(0);
  await page.getByRole("link", { name: "Show identity events" }).click();
  await expect(page).toHaveURL(/identity=1/);
  await expect(page.getByRole("link", { name: /^Identify\s*\$identify\s*1$/ })).toBeVisible();
});

test("the top tables fit a phone's width, a long path cut short", async ({ ownerPage: page, project, sendEvents }, testInfo) => {
  await sendEvents(project, [
    { type: "page", anonymousId: "visitor-1", context: { page: { url: "https://shop.example/a/very/long/path/that/goes/on/and/on/and/on", path: "/a/very/long/path/that/goes/on/and/on/and/on" }, userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", ip: "81.2.69.142" } },
  ]);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/projects/${project.projectId}/overview?range=30d`);
  await expect(page.getByRole("table", { name: "Top pages" })).toBeVisible({ timeout: 20_000 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: testInfo.outputPath("overview-390.png"), fullPage: true });
});
