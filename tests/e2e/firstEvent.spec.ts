// The foundation's promise, as a new user lives it: sign up, create a project,
// copy the write key, send one event like curl does, and see it on Overview and Live.
import { expect, test } from "./support/fixtures";

test("a new user signs up, creates a project, sends an event and sees it on Overview and Live", async ({ page, crumbtrail }) => {
  const email = `new-${Date.now()}@example.com`;

  // A signed-out visitor to a dashboard page lands on sign-in...
  await page.goto("/projects");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fprojects/);
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();

  // ...gets a clear error for a short password, keeps what they typed, and signs up.
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at least 8 characters for your password.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/projects$/);
  await expect(page.getByText("No projects yet")).toBeVisible();

  await page.getByLabel("Project name").fill("Web shop");
  await page.getByLabel("Time zone").selectOption("Europe/Paris");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(/\/projects\/[^/]+\/overview$/);
  const projectId = page.url().split("/").at(-2)!;

  // The empty Overview shows how to send the first event, with the write key in it.
  await expect(page.getByRole("heading", { name: "Send your first event" })).toBeVisible();
  // ...and how to fill it with demo data instead.
  await expect(page.getByLabel("demo data command")).toHaveText(`npm run crumbtrail -- seed:demo --project ${projectId}`);
  // On a phone the curl line and snippet wrap: nothing pushes the page sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole("link", { name: "Settings" }).click();
  const writeKey = (await page.getByLabel("Write key").innerText()).trim();
  expect(writeKey).toMatch(/^ct_wk_/);
  await expect(page.getByLabel("curl command")).toContainText(writeKey);
  await expect(page.getByLabel("HTML snippet")).toContainText(`data-write-key="${writeKey}"`);

  // Send an event the way the curl line does, while Overview waits for it.
  await page.getByRole("link", { name: "Overview" }).click();
  await expect(page.getByText("Waiting for the first event…")).toBeVisible();
  const answer = await page.request.post(`${crumbtrail.url}/api/track`, {
    headers: { Authorization: `Basic ${Buffer.from(`${writeKey}:`).toString("base64")}`, "Content-Type": "application/json" },
    data: { event: "Test Event", anonymousId: "curl-test", properties: { source: "curl" } },
  });
  expect(answer.status()).toBe(200);
  expect(await answer.json()).toEqual({ accepted: 1, duplicates: 0 });

  // Overview refreshes by itself once the event lands.
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText("in Europe/Paris")).toBeVisible();
  const events = page.locator("section", { hasText: "Latest events" });
  await expect(events.getByRole("cell", { name: "Test Event" })).toBeVisible();
  await expect(events.getByRole("cell", { name: "curl-test" })).toBeVisible();
  await expect(page.getByRole("img", { name: /Events and unique users per day/ })).toBeVisible();
  // The active users and the top tables stream in after the chart.
  await expect(page.getByText("Monthly active", { exact: true }).locator("..")).toContainText(/Monthly active\s*1\s*Last 30 days/);
  await expect(page.getByRole("heading", { name: "Top pages" })).toBeVisible();
  await expect(page.getByText("No page views in this range: the HTML snippet records them.")).toBeVisible();

  // Live shows it, and shows the next one as it arrives.
  await page.getByRole("link", { name: "Live" }).click();
  await expect(page).toHaveURL(`${crumbtrail.url}/projects/${projectId}/live`);
  await expect(page.getByText("Test Event")).toBeVisible();
  await page.request.post(`${crumbtrail.url}/api/track`, {
    headers: { "X-Write-Key": writeKey, "Content-Type": "application/json" },
    data: { event: "Order Completed", userId: "user-7", properties: { revenue: 42.5 } },
  });
  await expect(page.getByText("Order Completed")).toBeVisible({ timeout: 10_000 });
  await page.getByText("Order Completed").click();
  // Its properties open as a table, one row per property.
  await expect(page.getByRole("table", { name: "Properties" }).getByRole("row", { name: "revenue 42.5" })).toBeVisible();

  // Signing out sends the next dashboard visit back to sign-in, and signing in returns there.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto(`/projects/${projectId}/live`);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Wrong email or password.")).toBeVisible();
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${crumbtrail.url}/projects/${projectId}/live`);
});
