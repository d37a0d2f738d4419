// Boards (issue 23): build a board in the UI, add a trend and a note, move and
// resize a tile (the saved layout changes), share it, open the link signed
// out, revoke it (404). Screenshots at desktop and phone widths.
import { expect, test } from "./support/fixtures";

test("build, arrange, share and revoke a board", async ({ ownerPage: page, project, sendEvents, crumbtrail, browser }, testInfo) => {
  const now = Date.now();
  const messages: Record<string, unknown>[] = [];
  for (let i = 0; i < 30; i++) {
    messages.push({ event: "Signed up", userId: `u${i}`, timestamp: new Date(now - (i % 10) * 86_400_000 - 3600_000).toISOString(), properties: { plan: i % 2 ? "pro" : "free" } });
    messages.push({ event: "Purchased", userId: `u${i}`, timestamp: new Date(now - (i % 10) * 86_400_000 - 1800_000).toISOString(), properties: { plan: i % 2 ? "pro" : "free" } });
  }
  await sendEvents(project, messages);
  const api = (path: string) => `${crumbtrail.url}/api/projects/${project.projectId}/boards${path}`;
  const auth = { Authorization: `Bearer ${project.secretKey}` };

  await page.goto(`/projects/${project.projectId}/boards`);
  await expect(page.getByRole("heading", { name: "Boards", exact: true })).toBeVisible();
  // Every project starts with the Overview's numbers as a board.
  await page.getByRole("link", { name: "Overview", exact: true }).last().click();
  await expect(page.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
  const perDay = page.getByRole("region", { name: "Events per day" });
  await expect(perDay.getByText(/Computed/)).toBeVisible();
  await expect(perDay.getByText("board filters do not apply", { exact: false })).toBeVisible();
  await expect(page.getByRole("region", { name: "Top events" }).getByRole("cell", { name: "Signed up" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("default-board-desktop.png"), fullPage: true });
  await page.goto(`/projects/${project.projectId}/boards`);

  await page.getByLabel("New board").fill("Every morning");
  await page.getByRole("button", { name: "Create board" }).click();
  await expect(page.getByRole("heading", { name: "Every morning" })).toBeVisible();
  await expect(page.getByText("This board has no tiles yet")).toBeVisible();
  const boardId = page.url().split("/").pop()!.split("?")[0];

  // A trend of an event.
  await page.getByRole("button", { name: "Add tile" }).click();
  await page.getByLabel("Event", { exact: true }).selectOption("Signed up");
  await page.getByLabel("Title", { exact: true }).fill("Signups");
  await page.getByRole("button", { name: "Add to the board" }).click();
  const signups = page.getByRole("region", { name: "Signups" });
  await expect(signups.getByText(/Computed/)).toBeVisible();
  await expect(signups.getByText("vs previous period", { exact: false })).toBeVisible();
  await expect(signups.getByText("30", { exact: true })).toBeVisible();

  // A note with HTML in it: shown as text.
  await page.getByRole("button", { name: "Add tile" }).click();
  await page.getByLabel("Note (Markdown)").check();
  await page.getByLabel("Note", { exact: true }).fill("**Read me** <script>window.__pwned = 1</script> <b>not bold</b>");
  await page.getByRole("button", { name: "Add to the board" }).click();
  const note = page.getByRole("region", { name: "Note" });
  await expect(note.locator("strong")).toHaveText("Read me");
  await expect(note.getByText("<b>not bold</b>", { exact: false })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

  // A board filter applies to the tile: 15 pro signups.
  await page.locator("summary").filter({ hasText: "Board filters" }).click();
  await page.getByRole("button", { name: "Add filter" }).click();
  await page.getByLabel("Filter 1 property", { exact: true }).selectOption("plan");
  await page.getByLabel("Filter 1 value", { exact: true }).fill("pro");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(signups.getByText("15", { exact: true })).toBeVisible();
  await expect(signups.getByText(/filtered: plan equals pro/)).toBeVisible();

  await page.screenshot({ path: testInfo.outputPath("board-desktop.png"), fullPage: true });

  // Move the trend tile down-right by dragging its header, and resize it from its corner.
  const before = (await (await page.request.get(api(`/${boardId}`), { headers: auth })).json()).board.tiles;
  const tileBox = (await page.locator(`[data-tile-id="${before[0].id}"]`).boundingBox())!;
  await page.mouse.move(tileBox.x + 40, tileBox.y + 15);
  await page.mouse.down();
  await page.mouse.move(tileBox.x + 300, tileBox.y + 15, { steps: 10 });
  await page.mouse.move(tileBox.x + tileBox.width / 2 + 60, tileBox.y + 15, { steps: 10 });
  await page.mouse.up();
  await expect(page.getByText("Layout saved.")).toBeVisible();
  const handle = page.locator(`[data-tile-id="${before[0].id}"] .react-resizable-handle`);
  await handle.scrollIntoViewIfNeeded();
  const handleBox = (await handle.boundingBox())!;
  await page.mouse.move(handleBox.x + 5, handleBox.y + 5);
  await page.mouse.down();
  await page.mouse.move(handleBox.x + 80, handleBox.y + 160, { steps: 10 });
  await page.mouse.up();
  await expect
    .poll(async () => {
      const tiles = (await (await page.request.get(api(`/${boardId}`), { headers: auth })).json()).board.tiles;
      const t = tiles.find((x: { id: string }) => x.id === before[0].id);
      return t.x !== before[0].x && t.h > before[0].h;
    })
    .toBe(true);

  // Share, open signed out (and in TV mode), revoke.
  await page.getByRole("button", { name: "Share" }).click();
  const link = await page.getByLabel("Public link").textContent();
  expect(link).toMatch(/\/public\/boards\/[A-Za-z0-9_-]{43}$/);
  const visitor = await browser.newContext();
  try {
    const outside = await visitor.newPage();
    await outside.goto(link!);
    await expect(outside.getByRole("heading", { name: "Every morning" })).toBeVisible();
    await expect(outside.getByRole("region", { name: "Signups" }).getByText(/Computed/)).toBeVisible();
    await expect(outside.getByRole("region", { name: "Note" }).locator("strong")).toHaveText("Read me");
    await expect(outside.getByRole("button", { name: /Remove/ })).toHaveCount(0);
    await outside.screenshot({ path: testInfo.outputPath("public-desktop.png"), fullPage: true });
    await outside.setViewportSize({ width: 390, height: 844 });
    await outside.goto(`${link}?tv=1`);
    await expect(outside.getByText("Refreshes every minute.")).toBeVisible();
    await expect(outside.getByRole("region", { name: "Signups" }).getByText(/Computed/)).toBeVisible();
    await outside.screenshot({ path: testInfo.outputPath("public-tv-phone.png"), fullPage: true });

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Revoke link" }).click();
    await expect(page.getByText("Not shared.")).toBeVisible();
    const gone = await outside.goto(link!);
    expect(gone?.status()).toBe(404);
  } finally {
    await visitor.close();
  }

  // "Add to board" on a report page puts the report on screen on the board.
  await page.goto(`/projects/${project.projectId}/events`);
  await page.getByRole("button", { name: "Add to board" }).click();
  const menu = page.getByRole("dialog", { name: "Add to board" });
  await menu.getByRole("button", { name: "Every morning" }).click();
  await expect(menu.getByRole("status")).toContainText("Added to Every morning");
  const after = (await (await page.request.get(api(`/${boardId}`), { headers: auth })).json()).board.tiles;
  expect(after).toHaveLength(3);
  expect(after[2].report.kind).toBe("trends");
  expect(after[2].report.from).toBeUndefined();

  await page.goto(`/projects/${project.projectId}/boards/${boardId}`);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByRole("region", { name: "Signups" }).getByText(/Computed/)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("board-phone.png"), fullPage: true });
});
