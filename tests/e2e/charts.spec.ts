// Charts that do not distort (issue 17 item 4): the bucket still in progress is
// marked and explained, and a series much smaller than another gets the right
// axis. Screenshots are kept with the test results for people to look at.
import { expect, test } from "./support/fixtures";

test("trends and the overview mark today's partial bucket and give small series their own axis", async ({ ownerPage: page, project, sendEvents }, testInfo) => {
  // 240 page views from 4 visitors over the last ten days, and 3 upgrades: 80 times fewer.
  const hour = 3600_000;
  const now = Date.now();
  await sendEvents(project, [
    ...Array.from({ length: 240 }, (_, i) => ({ event: "Page Viewed", anonymousId: `visitor-${i % 4}`, timestamp: new Date(now - i * hour).toISOString() })),
    ...Array.from({ length: 3 }, (_, i) => ({ event: "Upgraded", anonymousId: `visitor-${i}`, timestamp: new Date(now - i * 24 * hour).toISOString() })),
  ]);

  const series = encodeURIComponent(JSON.stringify([{ event: "Page Viewed" }, { event: "Upgraded" }]));
  await page.goto(`/projects/${project.projectId}/events?range=30d&interval=day&series=${series}`);
  await expect(page.getByText(/is not over yet: its dashed segment shows the count so far/)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText("Series much smaller than the largest are drawn against the right axis.")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("trends-two-axes.png"), fullPage: true });

  // As bars, the partial bucket is the paler one.
  await page.goto(`/projects/${project.projectId}/events?range=30d&interval=day&chart=bar&series=${series}`);
  await expect(page.getByText(/is not over yet: its paler bar shows the count so far/)).toBeVisible({ timeout: 20_000 });

  // One series alone, over a range that ended long ago: nothing partial, one axis, no notes.
  const one = encodeURIComponent(JSON.stringify([{ event: "Page Viewed" }]));
  await page.goto(`/projects/${project.projectId}/events?from=2020-01-01&to=2020-01-31&interval=day&series=${one}`);
  await expect(page.getByRole("heading", { level: 1, name: "Events" })).toBeVisible();
  await expect(page.getByText(/is not over yet|right axis/)).toHaveCount(0);

  // The Overview: today dashed; at most 24 events a day beside 4 users is not different enough for two axes.
  await page.goto(`/projects/${project.projectId}/overview?range=30d`);
  await expect(page.getByText(/is not over yet: its dashed segment shows the count so far/)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText(/right axis/)).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("overview-chart.png"), fullPage: true });
});
