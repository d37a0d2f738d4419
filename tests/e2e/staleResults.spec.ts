// Results never pass for a query they were not run for (issue 17 item 3): an
// edit to the builder marks them out of date until Run.
import { expect, test } from "./support/fixtures";

test("an edited query marks the results out of date until it runs", async ({ ownerPage: page, project, sendEvents }) => {
  await sendEvents(project, [
    { event: "Page Viewed", anonymousId: "a" },
    { event: "Signed Up", anonymousId: "a" },
  ]);
  const series = encodeURIComponent(JSON.stringify([{ event: "Page Viewed" }]));
  await page.goto(`/projects/${project.projectId}/events?range=7d&series=${series}`);
  const results = page.getByRole("region", { name: "Report results" });
  await expect(results.getByText("Page Viewed").first()).toBeVisible();
  await expect(page.getByText(/Out of date/)).toHaveCount(0);

  // Adding a series (a button, no change event) marks them.
  await page.getByRole("button", { name: "+ Add series" }).click();
  await expect(page.getByText("Out of date: the query above has changed.")).toBeVisible();
  await page.getByRole("button", { name: /Remove series B/ }).click();

  // Running clears the mark, even when the query came back to what it was.
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.getByText(/Out of date/)).toHaveCount(0);

  // A changed measure (a change event) marks them too.
  await page.getByRole("combobox", { name: "Series A measure" }).selectOption({ label: "Unique users" });
  await expect(page.getByText("Out of date: the query above has changed.")).toBeVisible();
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page).toHaveURL(/math/);
  await expect(page.getByText(/Out of date/)).toHaveCount(0);
});
