// A cohort's destinations page: add a webhook (field errors first), see its
// full-list delivery arrive at a real receiver and show as delivered, the
// "Receive it" example, removal; at desktop and phone widths (screenshots).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "./support/fixtures";

test("add a destination, watch it deliver, remove it", async ({ ownerPage: page, project, sendEvents, crumbtrail }, testInfo) => {
  const bodies: string[] = [];
  const receiver = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      bodies.push(raw);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  try {
    await sendEvents(project, [
      { type: "identify", userId: "ada", traits: { plan: "pro" } },
      { type: "identify", userId: "<b>bold</b>", traits: { plan: "pro" } },
    ]);
    const created = await page.request.post(`${crumbtrail.url}/api/projects/${project.projectId}/cohorts`, {
      headers: { Authorization: `Bearer ${project.secretKey}` },
      data: { name: "Pro users", kind: "dynamic", match: { all: [{ type: "property", property: "plan", op: "eq", value: "pro" }] } },
    });
    expect(created.status()).toBe(201);
    const cohortId = (await created.json()).cohort.id as string;

    await page.goto(`/projects/${project.projectId}/cohorts/${cohortId}/destinations`);
    await expect(page.getByRole("heading", { name: "Sync to marketing tools" })).toBeVisible();
    await expect(page.getByText("No destination yet.")).toBeVisible();

    await page.getByLabel("Webhook URL").fill("ftp://example.com/hook");
    await page.getByLabel("Secret").fill("a-secret-long-enough-1234");
    await page.getByRole("button", { name: "Add destination" }).click();
    await expect(page.getByText("The URL must be an http:// or https:// URL.")).toBeVisible();
    await expect(page.getByLabel("Webhook URL")).toHaveAttribute("aria-invalid", "true");

    await page.getByLabel("Webhook URL").fill(receiverUrl);
    await page.getByLabel("Secret").fill("short");
    await page.getByRole("button", { name: "Add destination" }).click();
    await expect(page.getByText("The secret must be at least 16 characters.")).toBeVisible();

    await page.getByLabel("Secret").fill("a-secret-long-enough-1234");
    await page.getByRole("button", { name: "Add destination" }).click();
    await expect(page.getByText(/^Added/)).toBeVisible();
    await expect.poll(() => bodies.length).toBe(1);
    expect(JSON.parse(bodies[0]).members).toHaveLength(2);

    await expect(async () => {
      await page.reload();
      await expect(page.getByText("delivered", { exact: true })).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    await expect(page.getByRole("paragraph").filter({ hasText: receiverUrl })).toBeVisible();
    await expect(page.getByText("••••••••1234")).toBeVisible();
    await expect(page.getByText("a-secret-long-enough-1234")).toHaveCount(0);
    await expect(page.getByText("full list, 2 persons")).toBeVisible();
    await expect(page.getByLabel("Node receiver")).toContainText("x-crumbtrail-signature");
    await page.screenshot({ path: testInfo.outputPath("destinations-desktop.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: testInfo.outputPath("destinations-phone.png"), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);

    page.once("dialog", (dialog) => dialog.accept());
    await page.getByRole("button", { name: `Remove ${receiverUrl}` }).click();
    await expect(page.getByText("No destination yet.")).toBeVisible();
  } finally {
    receiver.closeAllConnections();
    receiver.close();
  }
});
