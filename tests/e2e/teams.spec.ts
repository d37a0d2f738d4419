// Teams: an owner invites a second person by link, who signs up through it and
// sees the project (an email-bound link needs that address's existing account); a viewer gets no settings controls, and a settings form
// kept open after being made viewer is refused by the server.
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { uniqueEmail } from "../support/api";
import { expect, test, type Account } from "./support/fixtures";

const SHOTS = process.env.CRUMBTRAIL_TEST_RUN_DIR ? `${process.env.CRUMBTRAIL_TEST_RUN_DIR}/screenshots` : "test-results/screenshots";

/** A second, separate browser (its own cookies) for another person. */
async function secondBrowser(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL });
  return { context, page: await context.newPage() };
}

async function signInVia(page: Page, account: Account) {
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Creates an invitation link on the organization settings page; returns it. */
async function invite(page: Page, role: "Admin" | "Member" | "Viewer", email = ""): Promise<string> {
  await page.getByLabel("Email (optional)").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption({ label: role });
  await page.getByRole("button", { name: "Create invitation link" }).click();
  const link = page.getByLabel("Invitation link");
  await expect(link).toBeVisible();
  return (await link.innerText()).trim();
}

test("the owner invites a second person, who signs up through the link and sees the project", async ({ ownerPage: page, project, browser, crumbtrail }) => {
  await page.goto(`/projects/${project.projectId}/settings`);
  await page.getByRole("link", { name: "Members & invitations" }).click();
  await expect(page).toHaveURL(/\/organizations\/[^/]+\/settings$/);
  await expect(page.getByRole("heading", { name: "Invitations" })).toBeVisible();
  await expect(page.getByText("No pending invitations.")).toBeVisible();

  const newcomer = { email: uniqueEmail("newcomer"), password: "newcomer-password-1" };
  const link = await invite(page, "Member", newcomer.email);
  expect(link).toMatch(new RegExp(`^${crumbtrail.url}/invite/ct_inv_[A-Za-z0-9_-]+$`));
  await expect(page.getByText(/Works once, until/)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/organization-settings.png`, fullPage: true });

  // The link is shown once: after a reload only the pending invitation is listed.
  await page.reload();
  await expect(page.getByLabel("Invitation link")).toHaveCount(0);
  await expect(page.getByText(newcomer.email, { exact: true })).toBeVisible();

  const other = await secondBrowser(browser, crumbtrail.url);
  try {
    const invited = other.page;
    await invited.goto(link);
    await expect(invited.getByRole("heading", { name: /organization/ })).toBeVisible();
    await expect(invited.getByText("Member", { exact: true })).toBeVisible();
    await invited.screenshot({ path: `${SHOTS}/invitation.png`, fullPage: true });
    // Bound to an email, without mail set up: only the account that address
    // already has may take it; signing up with the address is not offered.
    await expect(invited.getByText(/A new account made with this address cannot accept the invitation/)).toBeVisible();
    await expect(invited.getByRole("link", { name: "Create an account to join" })).toHaveCount(0);
    await expect(invited.getByRole("link", { name: "Sign in to join" })).toBeVisible();
  } finally {
    await other.context.close();
  }

  // A link without an email is for whoever has it: the newcomer signs up through it.
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: `Revoke the invitation for ${newcomer.email}` }).click();
  await expect(page.getByText("No pending invitations.")).toBeVisible();
  const open = await invite(page, "Member");
  const joining = await secondBrowser(browser, crumbtrail.url);
  try {
    const invited = joining.page;
    await invited.goto(open);
    await invited.getByRole("link", { name: "Create an account to join" }).click();
    await invited.getByLabel("Email").fill(newcomer.email);
    await invited.getByLabel("Password").fill(newcomer.password);
    await invited.getByRole("button", { name: "Create account" }).click();
    // Back on the invitation, signed in: one click joins and opens the project.
    await expect(invited).toHaveURL(/\/invite\//);
    await invited.getByRole("button", { name: /^Join / }).click();
    await expect(invited).toHaveURL(`${crumbtrail.url}/projects/${project.projectId}/overview`);
    await invited.goto("/projects");
    await expect(invited.getByRole("link", { name: /E2E project/ })).toBeVisible();
    // Only the organization they joined: signing up through an invitation makes no empty one of their own.
    await expect(invited.getByRole("heading", { level: 2, name: /organization/ })).toHaveCount(1);
    await expect(invited.getByRole("heading", { level: 2, name: /newcomer-.*'s organization/ })).toHaveCount(0);
    await invited.screenshot({ path: `${SHOTS}/projects-by-organization.png`, fullPage: true });

    // The link worked once.
    await invited.goto(open);
    await expect(invited.getByText(/already been used/)).toBeVisible();
  } finally {
    await joining.context.close();
  }

  // The owner sees the new member and the audit log says what happened.
  await page.reload();
  await expect(page.getByLabel(`Role of ${newcomer.email}`)).toHaveValue("member");
  const log = page.getByRole("list", { name: "Audit log entries, newest first" });
  await expect(log.getByText("joined as member")).toBeVisible();
  await expect(log.getByText(`invited ${newcomer.email} as member`)).toBeVisible();
  await expect(log.getByText("invited anyone with a link as member")).toBeVisible();

  // Revoked links stop working.
  const revoked = await invite(page, "Viewer");
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Revoke the invitation for anyone with the link" }).click();
  await expect(page.getByText("No pending invitations.")).toBeVisible();
  await page.goto(revoked);
  await expect(page.getByText(/was revoked/)).toBeVisible();
});

test("a viewer has no settings controls, and the server refuses a stale settings form", async ({ ownerPage: page, project, browser, crumbtrail, createAccount, sendEvents }) => {
  const colleague = await createAccount();
  await sendEvents(project, [{ event: "Signed Up", anonymousId: "viewer-sees-me" }]);
  await page.goto(`/projects/${project.projectId}/settings`);
  await page.getByRole("link", { name: "Members & invitations" }).click();
  await expect(page).toHaveURL(/\/organizations\/[^/]+\/settings$/);
  const orgSettings = page.url();
  const link = await invite(page, "Admin", colleague.email);

  const other = await secondBrowser(browser, crumbtrail.url);
  try {
    const admin = other.page;
    // Signed out: the link sends them to sign in and brings them back.
    await admin.goto(link);
    // Bound to their email (no mail set up here): the page offers only sign-in.
    await admin.getByRole("link", { name: "Sign in to join" }).click();
    await signInVia(admin, colleague);
    await expect(admin).toHaveURL(/\/invite\//);
    await admin.getByRole("button", { name: /^Join / }).click();
    await expect(admin).toHaveURL(`${crumbtrail.url}/projects/${project.projectId}/overview`);

    // As admin the settings form is there; keep it open while the owner makes them a viewer.
    await admin.goto(`/projects/${project.projectId}/settings`);
    await expect(admin.getByRole("button", { name: "Save" })).toBeVisible();
    await page.goto(orgSettings);
    page.once("dialog", (dialog) => dialog.accept());
    await page.getByLabel(`Role of ${colleague.email}`).selectOption("viewer");
    await expect(page.getByText("Role changed.")).toBeVisible();

    await admin.getByLabel("Name", { exact: true }).fill("Taken over");
    await admin.getByRole("button", { name: "Save" }).click();
    await expect(admin.getByText("Your role in this project does not allow that.")).toBeVisible();

    // Reloaded as a viewer: values as text, no form, no keys, no danger zone.
    await admin.reload();
    await expect(admin.getByText("Only owners and admins can change these settings.")).toBeVisible();
    await expect(admin.getByRole("button", { name: "Save" })).toHaveCount(0);
    await expect(admin.getByLabel("Name", { exact: true })).toHaveCount(0);
    await expect(admin.getByRole("heading", { name: "Secret keys" })).toHaveCount(0);
    await expect(admin.getByRole("button", { name: "Delete this project" })).toHaveCount(0);
    await expect(admin.getByRole("link", { name: "See members" })).toBeVisible();
    await admin.screenshot({ path: `${SHOTS}/settings-viewer.png`, fullPage: true });

    // The organization page is read-only for them too: no invitations, no audit log, no role selects.
    await admin.getByRole("link", { name: "See members" }).click();
    await expect(admin.getByRole("heading", { name: "Members" })).toBeVisible();
    await expect(admin.getByRole("heading", { name: "Invitations" })).toHaveCount(0);
    await expect(admin.getByRole("heading", { name: "Audit log" })).toHaveCount(0);
    await expect(admin.getByRole("combobox")).toHaveCount(0);
    await expect(admin.getByRole("button", { name: /^Remove/ })).toHaveCount(0);
    await admin.screenshot({ path: `${SHOTS}/organization-viewer.png`, fullPage: true });

    // A profile: a viewer may download the person's data but not erase it, nor by the API.
    await admin.goto(`/projects/${project.projectId}/users/viewer-sees-me`);
    await expect(admin.getByRole("link", { name: "Download data" })).toBeVisible();
    await expect(admin.getByRole("button", { name: "Erase person" })).toHaveCount(0);
    const refused = await admin.request.delete(`/api/projects/${project.projectId}/users/viewer-sees-me`, { headers: { Origin: crumbtrail.url } });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.code).toBe("forbidden");
  } finally {
    await other.context.close();
  }

  // The project kept its name, and the owner's log shows the refused attempt changed nothing.
  await page.goto(`/projects/${project.projectId}/settings`);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("E2E project");
  await page.goto(orgSettings);
  await expect(page.getByText(`changed ${colleague.email}'s role from admin to viewer`)).toBeVisible();
  await expect(page.getByText(/changed settings of/)).toHaveCount(0);
});
