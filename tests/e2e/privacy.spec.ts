// Privacy from the dashboard: a person's data downloaded and the person erased
// from their profile, and the retention period set in Settings.
import type { Download } from "@playwright/test";
import { expect, test } from "./support/fixtures";

/** Set to a folder to keep screenshots of the pages these tests walk through. */
const SHOTS = process.env.CRUMBTRAIL_SCREENSHOTS;

async function readDownload(file: Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

test("the profile downloads a person's data and erases them after their id is typed", async ({ ownerPage: page, project, sendEvents, crumbtrail }) => {
  await sendEvents(project, [
    { event: "Signed Up", anonymousId: "visitor-e2e", properties: { plan: "pro" } },
    { type: "identify", userId: "ada@example.com", anonymousId: "visitor-e2e", traits: { name: "Ada Lovelace", plan: "pro" } },
    { event: "Order Completed", userId: "ada@example.com", properties: { revenue: 42 } },
    { event: "Signed Up", anonymousId: "someone-else" },
  ]);
  await page.goto(`/projects/${project.projectId}/users/visitor-e2e`);
  await expect(page.getByRole("heading", { name: "Ada Lovelace" })).toBeVisible();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/profile.png`, fullPage: true });

  // Download data hands over the export as a file.
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download data" }).click()]);
  expect(file.suggestedFilename()).toBe("crumbtrail-user-visitor-e2e.json");
  const exported = JSON.parse(await readDownload(file)) as { person: { id: string }; events: unknown[] };
  expect(exported.person.id).toBe("ada@example.com");
  expect(exported.events).toHaveLength(3);

  await page.getByRole("button", { name: "Erase person" }).click();
  const dialog = page.getByRole("dialog", { name: "Erase this person?" });
  await expect(dialog).toBeVisible();
  const erase = dialog.getByRole("button", { name: "Erase", exact: true });
  const confirm = dialog.getByLabel("Type “ada@example.com” to confirm");
  await expect(erase).toBeDisabled();
  await confirm.fill("ada@example.co");
  await expect(erase).toBeDisabled();
  await confirm.fill("ada@example.com");
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/erase-dialog.png` });
  await erase.click();
  await expect(dialog.getByText("Erased 3 events")).toBeVisible();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/erased.png` });
  await expect(page).toHaveURL(`${crumbtrail.url}/projects/${project.projectId}/users`);
  await expect(page.getByText("someone-else").first()).toBeVisible();
  await expect(page.getByText("Ada Lovelace")).toHaveCount(0);
  await page.goto(`/projects/${project.projectId}/users/visitor-e2e`);
  await expect(page.getByRole("heading", { name: "No such user" })).toBeVisible();
});

test("the retention period is set in Settings, checked, and can be cleared", async ({ ownerPage: page, project }) => {
  await page.goto(`/projects/${project.projectId}/settings`);
  const field = page.getByLabel("Keep events for (days)");
  await expect(field).toHaveValue("");
  await expect(page.getByText(/empty keeps events forever/)).toBeVisible();

  // The browser's own min would stop 0 before the server sees it; the server checks too.
  await field.evaluate((input: HTMLInputElement) => input.removeAttribute("min"));
  await field.fill("0");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Enter a whole number of days from 1 to 3650, or leave it empty to keep events forever.")).toBeVisible();

  await field.fill("30");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/settings.png`, fullPage: true });
  await page.reload();
  await expect(page.getByLabel("Keep events for (days)")).toHaveValue("30");

  await page.getByLabel("Keep events for (days)").fill("");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Keep events for (days)")).toHaveValue("");
});

test("a settings change replayed from another origin is refused by the server action", async ({ ownerPage: page, project, crumbtrail }) => {
  await page.goto(`/projects/${project.projectId}/settings`);
  // Capture the real server action request our own form sends...
  const [posted] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith(`/projects/${project.projectId}/settings`)),
    (async () => {
      await page.getByLabel("Name", { exact: true }).fill("Renamed here");
      await page.getByRole("button", { name: "Save" }).click();
    })(),
  ]);
  await expect(page.getByText("Saved.")).toBeVisible();
  const headers = posted.headers();
  const body = (posted.postData() ?? "").replace("Renamed here", "Hijacked");
  const replay = (origin: string) =>
    page.request.post(posted.url(), { headers: { ...headers, origin, cookie: undefined as unknown as string }, data: body, maxRedirects: 0 });

  // ...and send it again as another site's page would (the browser adds our cookie).
  const forged = await replay("https://evil.example");
  expect(forged.status(), await forged.text()).toBeGreaterThanOrEqual(400);
  await page.reload();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Renamed here");

  // The same replay from our own origin goes through, so the refusal above was the origin's doing.
  await replay(crumbtrail.url);
  await page.reload();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Hijacked");
});
