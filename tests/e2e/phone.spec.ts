// Phone widths (issue 17 item 8): at 390 px no page scrolls sideways, and the
// screenshots are kept with the test results for people to look at.
import { expect, test } from "./support/fixtures";

const PAGES: { path: string; heading: string; shows: RegExp }[] = [
  { path: "overview?range=30d", heading: "Overview", shows: /Top pages/ },
  { path: "events?range=30d", heading: "Events", shows: /Export CSV/ },
  { path: "funnels?range=30d&steps=%5B%7B%22event%22%3A%22Product%20Viewed%22%7D%2C%7B%22event%22%3A%22Checkout%20Started%22%7D%2C%7B%22event%22%3A%22Order%20Completed%22%7D%5D", heading: "Funnels", shows: /Conversion by step|Steps, in order|Overall conversion/ },
  { path: "retention?range=30d", heading: "Retention", shows: /Cohorts|Retention curve/ },
  { path: "paths?range=30d", heading: "Paths", shows: /Top transitions/ },
  { path: "users", heading: "Users", shows: /Last seen/ },
  { path: "cohorts", heading: "Cohorts", shows: /No cohorts yet/ },
  { path: "properties", heading: "Properties", shows: /Product Viewed/ },
  { path: "live", heading: "Live events", shows: /Listening for events/ },
  { path: "settings", heading: "Settings", shows: /Write key/ },
];

test.use({ viewport: { width: 390, height: 844 } });

test("every page fits a phone's width", async ({ ownerPage: page, project, crumbtrail }, testInfo) => {
  test.setTimeout(240_000);
  const seeded = await crumbtrail.cli(["seed:demo", "--project", project.projectId, "--users", "120", "--days", "30"]);
  expect(seeded.code, seeded.stderr).toBe(0);

  const overflowing: string[] = [];
  for (const { path, heading, shows } of PAGES) {
    await page.goto(`/projects/${project.projectId}/${path}`);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    // In the page's main region: the navigation's tabs (e.g. "Cohorts") are not what a page shows.
    await expect(page.getByRole("main").getByText(shows).first()).toBeVisible({ timeout: 20_000 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 390) {
      // Name the elements that stick out, so a failure says where to look.
      const culprits = await page.evaluate(() =>
        [...document.querySelectorAll("body *")]
          .filter((el) => {
            if (el.getBoundingClientRect().right <= 391) return false;
            // Content of a box that scrolls or clips by itself does not widen the page.
            for (let up = el.parentElement; up; up = up.parentElement) {
              if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(up).overflowX)) return false;
            }
            return true;
          })
          .reverse()
          .slice(0, 3)
          .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 4).join(".")}`),
      );
      overflowing.push(`${path.split("?")[0]}: ${width} px (${culprits.join(", ")})`);
    }
    await page.screenshot({ path: testInfo.outputPath(`phone-${path.split("?")[0]}.png`), fullPage: true });
  }
  expect(overflowing, "pages wider than the phone").toEqual([]);

  // A funnel on a phone is drawn in rows unless the address asks for columns.
  await page.goto(`/projects/${project.projectId}/${PAGES[2].path}`);
  await expect(page.getByRole("radiogroup", { name: "Bar direction" }).getByRole("radio", { name: "Rows" })).toBeChecked();
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(page.getByRole("radiogroup", { name: "Bar direction" }).getByRole("radio", { name: "Columns" })).toBeChecked();
  await page.setViewportSize({ width: 390, height: 844 });

  // The tabs that do not fit are under "More", which names the current one.
  await page.goto(`/projects/${project.projectId}/overview`);
  const nav = page.getByRole("navigation", { name: "Project sections" });
  await expect(nav.getByRole("link", { name: "Users" })).toBeHidden();
  await nav.getByText("More").click();
  await nav.getByRole("link", { name: "Users" }).click();
  await expect(page).toHaveURL(/\/users$/);
  await expect(nav.locator("summary")).toHaveText(/Users/);
  await expect(nav.getByRole("link", { name: "Paths" })).toBeHidden();
});
