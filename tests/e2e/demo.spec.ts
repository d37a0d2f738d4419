// Every page over `seed:demo` data, as a new user sees the product right after
// seeding: each renders its report without an error, and a screenshot of each is
// kept with the test results for people to look at.
import { expect, test } from "./support/fixtures";

const PAGES: { path: string; heading: string; shows: RegExp }[] = [
  { path: "overview?range=30d", heading: "Overview", shows: /Top pages/ },
  { path: "events?range=30d", heading: "Events", shows: /Export CSV/ },
  { path: "funnels?range=30d", heading: "Funnels", shows: /Conversion by step|Add at least two steps|Steps, in order/ },
  { path: "retention?range=30d", heading: "Retention", shows: /Cohorts|Retention curve/ },
  { path: "paths?range=30d", heading: "Paths", shows: /Top transitions/ },
  { path: "users", heading: "Users", shows: /Last seen/ },
  { path: "cohorts", heading: "Cohorts", shows: /No cohorts yet/ },
  { path: "properties", heading: "Properties", shows: /Product Viewed/ },
  { path: "live", heading: "Live events", shows: /Listening for events/ },
];

test("every page works on demo data", async ({ ownerPage: page, project, crumbtrail }, testInfo) => {
  test.setTimeout(180_000);
  const seeded = await crumbtrail.cli(["seed:demo", "--project", project.projectId, "--users", "150", "--days", "30"]);
  expect(seeded.code, seeded.stderr).toBe(0);
  expect(seeded.stdout).toMatch(/imported [\d,]+/);

  for (const { path, heading, shows } of PAGES) {
    await page.goto(`/projects/${project.projectId}/${path}`);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    // In the page's main region: the navigation's tabs (e.g. "Cohorts") are not what a page shows.
    await expect(page.getByRole("main").getByText(shows).first()).toBeVisible({ timeout: 20_000 });
    await expect(page.getByText(/could not be loaded|Something went wrong/)).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath(`${path.split("?")[0]}.png`), fullPage: true });
  }

  // A person from the list opens on a profile with a timeline.
  await page.goto(`/projects/${project.projectId}/users`);
  await page.locator("table a[href*='/users/']").first().click();
  await expect(page).toHaveURL(/\/users\/[^/]+$/);
  await expect(page.getByText("Distinct ids", { exact: true }).first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("user-profile.png"), fullPage: true });
});
