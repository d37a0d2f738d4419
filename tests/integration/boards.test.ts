// Boards (API.md 8) through the HTTP API on a real server: each report tile's
// numbers equal the same report asked of POST /query with the board's range and
// its filters appended; the public link opens that board and nothing else and
// is a 404 once revoked; Markdown with script or HTML comes back as inert text;
// the public routes are rate-limited per board (small limits set for the test).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createAccountWithProject, http, signIn, track, type HttpAnswer, type ProjectFixture } from "../support/api";
import { databaseKind, startServer, type TestServer } from "../support/server";
import { withSql } from "../support/sql";

const DAY = 86_400_000;
const START = Date.parse("2026-03-02T00:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();
const EVIL = "# Notes\n\n**bold** and [a link](javascript:alert(2))\n\nInline <img src=x onerror=\"alert(1)\"> image\n\n<script>alert('x')</script>";

describe(`boards (${databaseKind()})`, () => {
  let server: TestServer;
  let mine: ProjectFixture;
  let theirs: ProjectFixture;
  let savedReportId: string;
  const sent: { event: string; userId: string; timestamp: string; properties: Record<string, unknown> }[] = [];

  const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
  const send = (method: string, path: string, body?: unknown, key = mine.secretKey, projectId = mine.projectId): Promise<HttpAnswer> =>
    http(`${server.url}/api/projects/${projectId}/boards${path}`, {
      method,
      headers: { "Content-Type": "application/json", ...bearer(key) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const query = (body: unknown) =>
    http(`${server.url}/api/projects/${mine.projectId}/query`, { method: "POST", headers: { "Content-Type": "application/json", ...bearer(mine.secretKey) }, body: JSON.stringify(body) });
  const publicGet = (path: string) => http(`${server.url}${path}`);

  before(async () => {
    // A per-board burst of 20 (the public-link test uses 16 on one board) that
    // barely refills during the run; per address 80, more than the whole file asks.
    server = await startServer({ label: "boards", env: { CRUMBTRAIL_PUBLIC_BOARD_BURST: "20", CRUMBTRAIL_PUBLIC_BOARD_PER_SECOND: "0.01" } });
    mine = await createAccountWithProject(server, "Boards");
    theirs = await createAccountWithProject(server, "Other");
    // 40 persons over four weeks: signups, views and purchases, two plans, two countries.
    const batch = sent;
    for (let p = 0; p < 40; p++) {
      const plan = p % 3 === 0 ? "pro" : "free";
      const country = p % 2 === 0 ? "FR" : "DE";
      const first = START + (p % 20) * DAY + p * 60_000;
      batch.push({ event: "Signup", userId: `u${p}`, timestamp: iso(first), properties: { plan, country } });
      for (let k = 1; k <= p % 5; k++) batch.push({ event: "View", userId: `u${p}`, timestamp: iso(first + k * DAY), properties: { plan, country } });
      if (p % 4 !== 1) batch.push({ event: "Purchase", userId: `u${p}`, timestamp: iso(first + 2 * DAY + 3600_000), properties: { plan, country, price: p } });
    }
    const tracked = await track(server.url, { batch }, { writeKey: mine.writeKey });
    assert.equal(tracked.status, 200, tracked.text);
    // Saved reports are made by a server action; the test writes one straight into the table.
    savedReportId = `saved-${Date.now()}`;
    await withSql(server, (sql) =>
      sql.run(
        `INSERT INTO "SavedReport" ("id", "projectId", "kind", "name", "query", "createdAt", "updatedAt") SELECT ?, "id", 'funnel', 'Signup to purchase', ${server.kind === "postgres" ? "CAST(? AS JSONB)" : "?"}, "createdAt", "updatedAt" FROM "Project" WHERE "id" = ?`,
        [savedReportId, JSON.stringify({ kind: "funnel", steps: [{ event: "Signup" }, { event: "Purchase" }], windowSeconds: 7 * 86400 }), mine.projectId],
      ),
    );
  });
  after(async () => {
    await server?.stop();
  });

  const from = iso(START + 3 * DAY);
  const to = iso(START + 24 * DAY);
  const boardWhere = [{ property: "plan", op: "eq", value: "pro" }];
  const tiles = [
    { title: "Views, France", x: 0, y: 0, w: 6, h: 4, report: { kind: "trends", interval: "day", series: [{ event: "View", math: "unique_users" }], where: [{ property: "country", op: "eq", value: "FR" }] } },
    { title: "Purchases by country", x: 6, y: 0, w: 6, h: 4, report: { kind: "trends", interval: "week", series: [{ event: "Purchase" }], breakdown: { property: "country" } } },
    { title: "Retention", x: 0, y: 4, w: 6, h: 4, report: { kind: "retention", startEvent: "Signup", returnEvent: "View", interval: "day", periods: 5 } },
    { title: "Paths", x: 6, y: 4, w: 6, h: 4, report: { kind: "paths", startEvent: "Signup", steps: 3 } },
    { title: "Saved funnel", x: 0, y: 8, w: 6, h: 4, savedReportId: "" },
    { x: 6, y: 8, w: 6, h: 3, text: EVIL },
  ];

  let boardId: string;
  let board: { tiles: { id: string; report?: Record<string, unknown>; savedReportId?: string; text?: string }[] };

  test("a board is created with its range, filters and tiles; bad input is a 400", async () => {
    tiles[4].savedReportId = savedReportId;
    const created = await send("POST", "", { name: "Morning", from, to, where: boardWhere, tiles });
    assert.equal(created.status, 201, created.text);
    boardId = created.body.board.id;
    board = created.body.board;
    assert.equal(board.tiles.length, tiles.length);
    assert.ok(board.tiles.every((t) => typeof t.id === "string" && t.id.length > 0));
    assert.equal(created.body.board.shared, false);

    const listed = await send("GET", "");
    assert.equal(listed.status, 200);
    assert.ok(listed.body.boards.some((b: { id: string; tileCount: number }) => b.id === boardId && b.tileCount === tiles.length));

    for (const bad of [
      { name: "" },
      { name: "x", tiles: [{ title: "nothing" }] },
      { name: "x", tiles: [{ title: "t", report: { kind: "trends", series: [] } }] },
      { name: "x", tiles: [{ text: "a".repeat(20_001) }] },
      { name: "x", range: "last_year" },
      { name: "x", where: [{ property: "plan", op: "gt", value: "pro" }] },
      { name: "x", tiles: [{ text: "hi", x: 40 }] },
    ]) {
      const answer = await send("POST", "", bad);
      assert.equal(answer.status, 400, `${JSON.stringify(bad).slice(0, 80)}: ${answer.text}`);
      assert.equal(typeof answer.body.error.code, "string");
    }
  });

  test("each report tile equals the same report queried directly with the board's range and filters", async () => {
    for (const [i, tile] of board.tiles.entries()) {
      const answer = await send("POST", `/${boardId}/tiles/${tile.id}`, { compare: true });
      assert.equal(answer.status, 200, answer.text);
      const computed = answer.body.tile;
      assert.ok(!Number.isNaN(Date.parse(computed.computedAt)), "computedAt");
      if (tile.text !== undefined) {
        assert.equal(computed.text, EVIL, "the Markdown comes back as the same text");
        assert.equal(computed.result, undefined);
        continue;
      }
      const own = tile.report ?? { kind: "funnel", steps: [{ event: "Signup" }, { event: "Purchase" }], windowSeconds: 7 * 86400 };
      const ownWhere = (own.where as unknown[] | undefined) ?? [];
      const direct = await query({ ...own, from, to, where: [...ownWhere, ...boardWhere] });
      assert.equal(direct.status, 200, direct.text);
      assert.deepEqual(computed.result, direct.body, `tile ${i} (${tiles[i].title})`);
      assert.deepEqual(computed.applied.where, boardWhere.map((f) => ({ ...f, scope: "event" })));
      assert.equal(computed.applied.from, from);
      // The previous period: the same report over the equal length just before.
      const length = Date.parse(to) - Date.parse(from);
      const before = await query({ ...own, from: iso(Date.parse(from) - length), to: from, where: [...ownWhere, ...boardWhere] });
      assert.equal(computed.previous.from, iso(Date.parse(from) - length));
      assert.equal(computed.previous.to, from);
      if (own.kind === "trends") assert.equal(computed.previous.total, before.body.series.filter((s: { label: string }) => s.label === before.body.series[0].label).reduce((n: number, s: { total: number }) => n + s.total, 0));
    }
    // The filters do something: without them the first tile counts more.
    const unfiltered = await send("POST", `/${boardId}/tiles/${board.tiles[0].id}`, { where: [] });
    const filtered = await send("POST", `/${boardId}/tiles/${board.tiles[0].id}`, {});
    assert.ok(unfiltered.body.tile.total > filtered.body.tile.total, `${unfiltered.body.tile.total} > ${filtered.body.tile.total}`);
    // The page may ask for another range without changing the board.
    const preset = await send("POST", `/${boardId}/tiles/${board.tiles[0].id}`, { range: "last_7_days" });
    assert.equal(preset.status, 200, preset.text);
    assert.equal(preset.body.tile.applied.label, "Last 7 days");
    assert.equal((await send("GET", `/${boardId}`)).body.board.from, from);
  });

  test("a tile whose saved report was deleted says so; the others still answer", async () => {
    const copy = await send("POST", `/${boardId}/duplicate`);
    assert.equal(copy.status, 201, copy.text);
    assert.equal(copy.body.board.name, "Morning (copy)");
    assert.equal(copy.body.board.shared, false);
    const saved = copy.body.board.tiles.find((t: { savedReportId?: string }) => t.savedReportId);
    const patched = await send("PATCH", `/${copy.body.board.id}`, { tiles: [{ ...saved, savedReportId: "gone" }, copy.body.board.tiles[0]] });
    assert.equal(patched.status, 200, patched.text);
    const share = await send("POST", `/${copy.body.board.id}/share`);
    const token = new URL(share.body.url).pathname.split("/").pop();
    const open = await publicGet(`/api/public/boards/${token}`);
    assert.equal(open.status, 200, open.text);
    assert.equal(open.body.tiles[0].error.code, "saved_report_not_found");
    assert.ok(open.body.tiles[1].result, "the other tile has its numbers");
    assert.equal((await send("DELETE", `/${copy.body.board.id}`)).status, 200);
    assert.equal((await publicGet(`/api/public/boards/${token}`)).status, 404, "a deleted board's link is gone");
  });

  test("the layout is saved per board; rename", async () => {
    const moved = board.tiles.map((t, i) => (i === 0 ? { ...t, x: 3, y: 12, w: 9, h: 5 } : t));
    const patched = await send("PATCH", `/${boardId}`, { name: "Every morning", tiles: moved });
    assert.equal(patched.status, 200, patched.text);
    const again = await send("GET", `/${boardId}`);
    assert.equal(again.body.board.name, "Every morning");
    assert.deepEqual(
      { x: again.body.board.tiles[0].x, y: again.body.board.tiles[0].y, w: again.body.board.tiles[0].w, h: again.body.board.tiles[0].h, id: again.body.board.tiles[0].id },
      { x: 3, y: 12, w: 9, h: 5, id: board.tiles[0].id },
    );
    assert.equal(again.body.board.from, from, "a PATCH without range keeps the range");
    const added = await send("POST", `/${boardId}/tiles`, { title: "Signups", report: { kind: "trends", series: [{ event: "Signup" }] } });
    assert.equal(added.status, 201, added.text);
    assert.equal(added.body.board.tiles.length, tiles.length + 1);
    assert.equal(added.body.board.tiles.at(-1).y, 17, "added under the lowest tile");
  });

  test("the public link opens that board and nothing else, and is a 404 once revoked", async () => {
    const other = await send("POST", "", { name: "Private", tiles: [{ text: "private notes" }] });
    const otherTile = other.body.board.tiles[0].id;

    const shared = await send("POST", `/${boardId}/share`);
    assert.equal(shared.status, 201, shared.text);
    const url = new URL(shared.body.url);
    assert.match(url.pathname, /^\/public\/boards\/[A-Za-z0-9_-]{43}$/);
    const token = url.pathname.split("/").pop()!;
    assert.equal((await send("GET", `/${boardId}`)).body.board.shared, true);
    // Only a hash is stored.
    const stored = await withSql(server, (sql) => sql.rows<{ shareTokenHash: string }>(`SELECT "shareTokenHash" FROM "Board" WHERE "id" = ?`, [boardId]));
    assert.notEqual(stored[0].shareTokenHash, token);
    assert.ok(!stored[0].shareTokenHash.includes(token));

    const open = await publicGet(`/api/public/boards/${token}`);
    assert.equal(open.status, 200, open.text);
    assert.equal(open.body.name, "Every morning");
    assert.equal(open.body.tiles.length, tiles.length + 1);
    const direct = await query({ ...tiles[0].report, from, to, where: [...(tiles[0].report!.where as unknown[]), ...boardWhere] });
    const first = open.body.tiles.find((t: { id: string }) => t.id === board.tiles[0].id);
    assert.deepEqual(first.result, direct.body);
    assert.equal(first.title, "Views, France");
    assert.ok(first.computedAt);
    const text = open.body.tiles.find((t: { text?: string }) => t.text !== undefined);
    assert.equal(text.text, EVIL);
    assert.ok(!JSON.stringify(open.body).includes(mine.projectId), "the project's id is not revealed");

    // One tile through the token; another board's tile through it is a 404.
    const one = await publicGet(`/api/public/boards/${token}/tiles/${board.tiles[0].id}?compare=1`);
    assert.equal(one.status, 200, one.text);
    assert.deepEqual(one.body.tile.result, direct.body);
    assert.ok(one.body.tile.previous);
    assert.equal((await publicGet(`/api/public/boards/${token}/tiles/${otherTile}`)).status, 404);
    // The token is no key to the project's API.
    const asKey = await http(`${server.url}/api/projects/${mine.projectId}/boards`, { headers: bearer(token) });
    assert.equal(asKey.status, 401);
    assert.equal((await publicGet(`/api/public/boards/${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`)).status, 404);
    assert.equal((await publicGet(`/api/public/boards/not-a-token`)).status, 404);

    // The page renders the Markdown as text: no script, no img element, the tags shown escaped.
    const page = await publicGet(url.pathname);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes("Every morning"));
    assert.ok(!/<script>alert/.test(page.text), "no script element from the Markdown");
    assert.ok(!/<img[^>]*onerror/.test(page.text), "no img element from the Markdown");
    assert.ok(!page.text.includes('href="javascript:'), "no javascript: link");
    assert.ok(page.text.includes("&lt;script&gt;"), "the tag is shown as text");
    assert.ok(page.text.includes("<strong>bold</strong>"), "Markdown is rendered");

    // A new link replaces the old one.
    const again = await send("POST", `/${boardId}/share`);
    const second = new URL(again.body.url).pathname.split("/").pop()!;
    assert.notEqual(second, token);
    assert.equal((await publicGet(`/api/public/boards/${token}`)).status, 404);
    assert.equal((await publicGet(`/api/public/boards/${second}`)).status, 200);

    const revoked = await send("DELETE", `/${boardId}/share`);
    assert.equal(revoked.status, 200, revoked.text);
    assert.equal((await publicGet(`/api/public/boards/${second}`)).status, 404);
    assert.equal((await publicGet(`/api/public/boards/${second}/tiles/${board.tiles[0].id}`)).status, 404);
    assert.equal((await publicGet(`/public/boards/${second}`)).status, 404);
  });

  test("a new project starts with a board of the Overview's numbers, which obey the range and not the filters", async () => {
    const list = await send("GET", "");
    const overview = list.body.boards.find((b: { name: string }) => b.name === "Overview");
    assert.ok(overview, "the default board");
    const detail = (await send("GET", `/${overview.id}`)).body.board;
    assert.equal(detail.range, "last_7_days");
    const tileOf = (metric: string) => detail.tiles.find((t: { overview?: string }) => t.overview === metric);
    const inRange = sent.filter((e) => e.timestamp >= from && e.timestamp < to);
    const ask = (metric: string) => send("POST", `/${overview.id}/tiles/${tileOf(metric).id}`, { from, to, where: boardWhere, compare: true });

    const events = await ask("events");
    assert.equal(events.status, 200, events.text);
    assert.equal(events.body.tile.total, inRange.length);
    assert.equal(events.body.tile.applied.filtersApply, false);
    assert.deepEqual(events.body.tile.applied.where, []);
    assert.equal(events.body.tile.previous.total, sent.filter((e) => e.timestamp >= iso(2 * Date.parse(from) - Date.parse(to)) && e.timestamp < from).length);
    const users = await ask("users");
    assert.equal(users.body.tile.total, new Set(inRange.map((e) => e.userId)).size);
    const top = await ask("top_events");
    const counts = new Map<string, number>();
    for (const e of inRange) counts.set(e.event, (counts.get(e.event) ?? 0) + 1);
    for (const row of top.body.tile.result.topEvents) assert.equal(row.count, counts.get(row.event), row.event);
    assert.equal(top.body.tile.result.topEvents.length, counts.size);
  });

  test("a shared board's public routes answer 429 with Retry-After past the limit; another board's link is still served", async () => {
    const hot = await send("POST", "", { name: "Hot", tiles: [{ title: "Signups", report: { kind: "trends", series: [{ event: "Signup" }] } }] });
    assert.equal(hot.status, 201, hot.text);
    const cool = await send("POST", "", { name: "Cool", tiles: [{ title: "Views", report: { kind: "trends", series: [{ event: "View" }] } }] });
    const shareOf = async (id: string) => new URL((await send("POST", `/${id}/share`)).body.url).pathname.split("/").pop()!;
    const hotToken = await shareOf(hot.body.board.id);
    const coolToken = await shareOf(cool.body.board.id);
    const hotTile = `/api/public/boards/${hotToken}/tiles/${hot.body.board.tiles[0].id}`;

    for (let i = 0; i < 20; i++) assert.equal((await publicGet(hotTile)).status, 200, `request ${i + 1} is within the burst`);
    const refused = await publicGet(hotTile);
    assert.equal(refused.status, 429, refused.text);
    assert.equal(refused.body.error.code, "rate_limited");
    assert.equal(typeof refused.body.error.message, "string");
    assert.match(refused.headers.get("retry-after") ?? "", /^[1-9][0-9]*$/);
    assert.equal((await publicGet(`/api/public/boards/${hotToken}`)).status, 429, "the whole board shares the allowance");

    const other = await publicGet(`/api/public/boards/${coolToken}/tiles/${cool.body.board.tiles[0].id}`);
    assert.equal(other.status, 200, other.text);
    assert.ok(other.body.tile.result);
  });

  test("another project's key or session cannot reach the board", async () => {
    assert.equal((await send("GET", `/${boardId}`, undefined, theirs.secretKey)).status, 404);
    assert.equal((await send("GET", `/${boardId}`, undefined, theirs.secretKey, theirs.projectId)).status, 404);
    assert.equal((await send("PATCH", `/${boardId}`, { name: "taken" }, theirs.secretKey, theirs.projectId)).status, 404);
    assert.equal((await send("POST", `/${boardId}/share`, undefined, theirs.secretKey, theirs.projectId)).status, 404);
    assert.equal((await send("POST", `/${boardId}/tiles/${board.tiles[0].id}`, {}, theirs.secretKey, theirs.projectId)).status, 404);
    const cookie = await signIn(server.url, theirs.owner.email, theirs.owner.password);
    const withSession = await http(`${server.url}/api/projects/${theirs.projectId}/boards/${boardId}`, { headers: { Cookie: cookie } });
    assert.equal(withSession.status, 404);
    // A board in the other project's list never shows this one.
    const list = await send("GET", "", undefined, theirs.secretKey, theirs.projectId);
    assert.ok(!list.body.boards.some((b: { id: string }) => b.id === boardId));
  });
});
