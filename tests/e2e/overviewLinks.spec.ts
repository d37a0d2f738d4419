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
