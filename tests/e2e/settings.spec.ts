// Project settings: secret keys shown once and revocable, rename and time zone,
// the project switcher, typed-confirmation delete, and strangers getting a 404.
import { expect, test } from "./support/fixtures";

test("secret keys are shown once, work, and stop working when revoked", async ({ ownerPage: page, project, crumbtrail }, testInfo) => {
  await page.goto(`/projects/${project.projectId}/settings`);
  // Which store holds the events (the e2e server runs without ClickHouse).
  const storage = page.getByRole("definition").filter({ hasText: "every event is stored here" });
  await expect(storage).toHaveText(/^(SQLite|PostgreSQL): every event is stored here\.$/);
  await expect(page.getByTestId("reports-store")).toHaveText(/^(SQLite|PostgreSQL) answers every report\.$/);
  await expect(page.getByTestId("clickhouse-status")).toHaveText("Not configured (set CLICKHOUSE_URL to copy events there).");
  await page.getByRole("heading", { name: "Storage" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath("settings-storage.png"), fullPage: true });
  await page.getByLabel("New key name").fill("warehouse export");
  await page.getByRole("button", { name: "Create secret key" }).click();
  const shown = page.getByLabel("New secret key");
  await expect(shown).toBeVisible();
  const key = (await shown.innerText()).trim();
  expect(key).toMatch(/^ct_sk_/);
  await expect(page.getByLabel("New key name")).toHaveValue("");
  await expect(page.getByRole("cell", { name: "warehouse export", exact: true })).toBeVisible();

  const read = () => page.request.get(`${crumbtrail.url}/api/projects/${project.projectId}/events`, { headers: { Authorization: `Bearer ${key}` } });
  expect((await read()).status()).toBe(200);

  // Shown once: a reload lists the key by its prefix only.
  await page.reload();
  await expect(page.getByLabel("New secret key")).toHaveCount(0);
  await expect(page.getByText(key)).toHaveCount(0);
  await expect(page.getByText(key.slice(0, 10) + "…")).toBeVisible();

  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Revoke warehouse export" }).click();
  await expect(page.getByText(/Revoked [A-Z][a-z]{2} \d{1,2}, \d{4}/).first()).toBeVisible();
  expect((await read()).status()).toBe(401);
});

test("rename, switch and delete projects; a stranger's project is a 404", async ({ ownerPage: page, project, createAccount, createProject, crumbtrail }) => {
  const second = await createProject(project.owner, "Mobile app");
  await page.goto(`/projects/${project.projectId}/settings`);

  await page.getByLabel("Name", { exact: true }).fill("Renamed shop");
  await page.getByLabel("Time zone").selectOption("America/New_York");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Renamed shop");
  await expect(page.getByLabel("Time zone")).toHaveValue("America/New_York");

  // An empty name is refused with a message, and nothing changes.
  await page.getByLabel("Name", { exact: true }).fill("   ");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Give the project a name.")).toBeVisible();

  // The switcher keeps the section.
  await page.getByLabel("Switch project").selectOption({ label: "Mobile app" });
  await expect(page).toHaveURL(`${crumbtrail.url}/projects/${second.projectId}/settings`);

  // A project of somebody else's is simply not found.
  const stranger = await createAccount();
  const theirs = await createProject(stranger, "Not yours");
  const response = await page.goto(`/projects/${theirs.projectId}/overview`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();

  // Delete needs the exact name typed.
  await page.goto(`/projects/${second.projectId}/settings`);
  const del = page.getByRole("button", { name: "Delete this project" });
  await expect(del).toBeDisabled();
  await page.getByLabel("Type “Mobile app” to confirm").fill("Mobile ap");
  await expect(del).toBeDisabled();
  await page.getByLabel("Type “Mobile app” to confirm").fill("Mobile app");
  await del.click();
  await expect(page).toHaveURL(/\/projects$/);
  await expect(page.getByRole("link", { name: /Mobile app/ })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /Renamed shop/ })).toBeVisible();
  expect((await page.request.post(`${crumbtrail.url}/api/track`, { headers: { "X-Write-Key": second.writeKey }, data: { event: "x", anonymousId: "a" } })).status()).toBe(401);
});

test("an admin sets the catalog caps; what they refuse is counted on the page", async ({ ownerPage: page, project, crumbtrail }) => {
  await page.goto(`/projects/${project.projectId}/settings`);
  await expect(page.getByTestId("catalog-refusals")).toHaveText("Catalog caps: nothing refused so far.");
  await expect(page.getByLabel("Event names")).toHaveValue("2000");
  // The browser itself refuses 0 (min=1); the server checks again (catalogLimitSchema).
  await expect(page.getByLabel("Event names")).toHaveAttribute("min", "1");
  await page.getByLabel("Event names").fill("1");
  await page.getByLabel("User property names").fill("1");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  // The cap applies at once in this process: the second name is refused, per message.
  const answer = await page.request.post(`${crumbtrail.url}/api/track`, {
    headers: { "X-Write-Key": project.writeKey },
    data: { batch: [{ event: "First", anonymousId: "a" }, { event: "Second", anonymousId: "a" }] },
  });
  expect(answer.status()).toBe(400);
  const body = (await answer.json()) as { accepted: number; errors: { index: number; code: string }[] };
  expect(body.accepted).toBe(1);
  expect(body.errors).toEqual([expect.objectContaining({ index: 1, code: "event_name_limit" })]);

  await page.reload();
  await expect(page.getByLabel("Event names")).toHaveValue("1");
  await expect(page.getByTestId("catalog-refusals")).toContainText(/1\s*event names and\s*0\s*property names refused since/);
});
