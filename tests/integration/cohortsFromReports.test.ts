// "Save as cohort" (API.md 5) through POST .../cohorts with "from": a funnel
// step's converted and dropped persons, every retention cell, the users list
// with its filters. Each saved cohort must hold exactly the persons the
// report counts: its count is the step's or cell's number, converted and
// dropped partition a step, and the users list's cohort is the list itself.
// With report filters, user filters, a cohort filter and a cohort breakdown.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createProject, createUser, http, track, type HttpAnswer, type ProjectKeys } from "../support/api";
import { startServer, type TestServer } from "../support/server";
import { EVENTS, generate } from "../reference";

const DAY = 86_400_000;
const ANCHOR = Date.parse("2026-06-15T00:00:00.000Z");
const FROM = new Date(ANCHOR - 10 * DAY).toISOString();
const TO = new Date(ANCHOR + 10 * DAY).toISOString();

describe("save as cohort from reports", () => {
  let server: TestServer;
  let project: ProjectKeys;
  const bearer = () => ({ Authorization: `Bearer ${project.secretKey}`, "Content-Type": "application/json" });
  const api = (path: string) => `${server.url}/api/projects/${project.projectId}${path}`;
  const post = (path: string, body: unknown): Promise<HttpAnswer> => http(api(path), { method: "POST", headers: bearer(), body: JSON.stringify(body) });
  const get = (path: string): Promise<HttpAnswer> => http(api(path), { headers: bearer() });

  /** Each member as its sorted distinct ids, the whole cohort sorted. */
  async function members(cohortId: string): Promise<string[]> {
    const sets: string[] = [];
    let cursor: string | null = null;
    do {
      const page: HttpAnswer = await get(`/cohorts/${cohortId}/members?limit=500${cursor ? `&cursor=${cursor}` : ""}`);
      assert.equal(page.status, 200, page.text);
      for (const m of page.body.members as { distinctIds: string[] }[]) sets.push([...m.distinctIds].sort().join(" "));
      cursor = page.body.nextCursor;
    } while (cursor);
    return sets.sort();
  }

  async function save(from: unknown, name = "saved"): Promise<{ id: string; count: number }> {
    const created = await post("/cohorts", { kind: "static", name, from });
    assert.equal(created.status, 201, created.text);
    return created.body.cohort;
  }

  let pro: string; // the buyers cohort

  before(async () => {
    server = await startServer({ label: "cohorts-from-reports" });
    const owner = await createUser(server);
    project = await createProject(server, owner.email, "Save as cohort");
    const dataset = generate({ seed: 2021, persons: 60, anchors: [ANCHOR], windowMs: 3600_000, prefix: "sac" });
    for (const batch of dataset.requests) {
      const answer = await track(server.url, { batch }, { writeKey: project.writeKey });
      assert.equal(answer.status, 200, answer.text);
    }
    const cohort = await post("/cohorts", { name: "Bought in the last 400 days", kind: "dynamic", match: { all: [{ type: "performed", event: EVENTS.purchase, withinDays: 400 }] } });
    assert.equal(cohort.status, 201, cohort.text);
    pro = cohort.body.cohort.id;
  });

  after(async () => {
    await server?.stop();
  });

  const steps = [EVENTS.signup, EVENTS.view, EVENTS.cart, EVENTS.purchase].map((event) => ({ event }));
  const funnels = () => [
    { kind: "funnel", from: FROM, to: TO, windowSeconds: 2 * 86_400, steps },
    { kind: "funnel", from: FROM, to: TO, windowSeconds: 86_400, steps, where: [{ cohort: pro, negate: true }] },
    { kind: "funnel", from: FROM, to: TO, windowSeconds: 86_400, steps, where: [{ property: "plan", scope: "user", op: "is_set" }] },
  ];

  test("funnel steps: converted equals the step's users, dropped the difference, and they partition the step", async () => {
    let nonEmpty = 0;
    for (const query of funnels()) {
      const report = await post("/query", query);
      assert.equal(report.status, 200, report.text);
      const users = (report.body.steps as { users: number }[]).map((s) => s.users);
      for (let step = 1; step <= steps.length; step++) {
        const converted = await save({ type: "funnel", query, step, persons: "converted" });
        assert.equal(converted.count, users[step - 1], `converted at step ${step} of ${JSON.stringify(query.where ?? [])}`);
        if (converted.count > 0) nonEmpty += 1;
        if (step === steps.length) continue;
        const dropped = await save({ type: "funnel", query, step, persons: "dropped" });
        assert.equal(dropped.count, users[step - 1] - users[step], `dropped after step ${step}`);
        const next = await save({ type: "funnel", query, step: step + 1, persons: "converted" });
        assert.deepEqual([...(await members(dropped.id)), ...(await members(next.id))].sort(), await members(converted.id), "dropped + went on = reached");
      }
    }
    assert.ok(nonEmpty >= 8, "the data reaches most steps");
  });

  test("funnel with a cohort breakdown: each slice's converted persons are its step numbers", async () => {
    const query = { kind: "funnel", from: FROM, to: TO, windowSeconds: 2 * 86_400, steps, breakdown: { cohorts: [pro] } };
    const report = await post("/query", query);
    assert.equal(report.status, 200, report.text);
    for (const slice of report.body.breakdowns as { value: string; steps: { users: number }[] }[]) {
      for (let step = 1; step <= steps.length; step++) {
        const saved = await save({ type: "funnel", query, step, persons: "converted", breakdownValue: { value: slice.value } });
        assert.equal(saved.count, slice.steps[step - 1].users, `${slice.value} step ${step}`);
      }
    }
  });

  test("retention cells: every cell's cohort has the cell's count; returners are among the row", async () => {
    const queries = [
      { kind: "retention", from: FROM, to: TO, startEvent: EVENTS.signup, returnEvent: EVENTS.view, interval: "day", periods: 6 },
      { kind: "retention", from: FROM, to: TO, startEvent: EVENTS.view, returnEvent: EVENTS.purchase, interval: "day", periods: 4, where: [{ cohort: pro }] },
      { kind: "retention", from: FROM, to: TO, startEvent: EVENTS.view, returnEvent: EVENTS.view, interval: "week", periods: 3, where: [{ property: "plan", scope: "user", op: "is_set" }] },
    ];
    let cells = 0;
    for (const query of queries) {
      const report = await post("/query", query);
      assert.equal(report.status, 200, report.text);
      const rows = report.body.cohorts as { start: string; users: number; returned: number[] }[];
      assert.ok(rows.length > 0, JSON.stringify(query));
      for (const row of rows) {
        const whole = await members((await save({ type: "retention", query, cohort: row.start, period: 0 })).id);
        assert.equal(whole.length, row.users);
        for (let period = 1; period < query.periods; period++) {
          const cell = await save({ type: "retention", query, cohort: row.start, period });
          assert.equal(cell.count, row.returned[period], `${row.start} period ${period} of ${JSON.stringify(query)}`);
          if (cell.count) cells += 1;
          for (const member of await members(cell.id)) assert.ok(whole.includes(member), "a returner belongs to the row");
        }
      }
    }
    assert.ok(cells >= 5, `non-empty cells: ${cells}`);
  });

  test("retention with a cohort breakdown: each slice's cells", async () => {
    const query = { kind: "retention", from: FROM, to: TO, startEvent: EVENTS.signup, returnEvent: EVENTS.view, interval: "day", periods: 3, breakdown: { cohorts: [pro] } };
    const report = await post("/query", query);
    assert.equal(report.status, 200, report.text);
    for (const slice of report.body.breakdowns as { value: string; cohorts: { start: string; returned: number[] }[] }[]) {
      for (const row of slice.cohorts) {
        for (let period = 0; period < 3; period++) {
          const saved = await save({ type: "retention", query, cohort: row.start, period, breakdownValue: { value: slice.value } });
          assert.equal(saved.count, row.returned[period], `${slice.value} ${row.start} ${period}`);
        }
      }
    }
  });

  test("users list: the cohort is every page of the list, with filters and search", async () => {
    const lists = [
      { where: [] as unknown[] },
      { where: [{ property: "plan", op: "eq", value: "pro" }] },
      { where: [{ cohort: pro }, { property: "plan", op: "is_set" }] },
      { where: [{ cohort: pro, negate: true }], search: "sac" },
    ];
    for (const list of lists) {
      const listed: string[] = [];
      let cursor: string | null = null;
      do {
        const params = new URLSearchParams({ limit: "7", where: JSON.stringify(list.where), ...(list.search ? { search: list.search } : {}), ...(cursor ? { cursor } : {}) });
        const page: HttpAnswer = await get(`/users?${params}`);
        assert.equal(page.status, 200, page.text);
        for (const u of page.body.users as { distinctIds: string[] }[]) listed.push([...u.distinctIds].sort().join(" "));
        cursor = page.body.nextCursor;
      } while (cursor);
      const saved = await save({ type: "users", ...list });
      assert.equal(saved.count, listed.length, JSON.stringify(list));
      assert.deepEqual(await members(saved.id), listed.sort(), JSON.stringify(list));
    }
  });

  test("bad sources are 400s and create nothing", async () => {
    const before = (await get("/cohorts")).body.cohorts.length;
    const funnel = funnels()[0];
    const bad: [unknown, string][] = [
      [{ type: "funnel", query: funnel, step: 5, persons: "converted" }, "invalid_cohort"],
      [{ type: "funnel", query: funnel, step: 4, persons: "dropped" }, "invalid_cohort"],
      [{ type: "funnel", query: { ...funnel, steps: [] }, step: 1, persons: "converted" }, "invalid_query"],
      [{ type: "funnel", query: { ...funnel, where: [{ cohort: "nope" }] }, step: 1, persons: "converted" }, "unknown_cohort"],
      [{ type: "retention", query: { kind: "retention", from: FROM, to: TO, startEvent: "a", returnEvent: "b", interval: "day", periods: 3 }, cohort: FROM, period: 3 }, "invalid_cohort"],
      [{ type: "retention", query: {}, cohort: "not a date", period: 1 }, "invalid_cohort"],
      [{ type: "paths" }, "invalid_cohort"],
      [{ type: "users", where: [{ cohort: "nope" }] }, "unknown_cohort"],
    ];
    for (const [from, code] of bad) {
      const answer = await post("/cohorts", { kind: "static", name: "bad", from });
      assert.equal(answer.status, 400, `${JSON.stringify(from)}: ${answer.text}`);
      assert.equal(answer.body.error.code, code, JSON.stringify(from));
    }
    assert.equal((await get("/cohorts")).body.cohorts.length, before);
  });

  test("a static cohort recomputes without asOf; with one it is a 400, not ignored", async () => {
    const list = await save({ type: "users", where: [] }, "everyone");
    const plain = await post(`/cohorts/${list.id}/compute`, {});
    assert.equal(plain.status, 200, plain.text);
    assert.equal(plain.body.count, list.count);
    const dated = await post(`/cohorts/${list.id}/compute`, { asOf: FROM });
    assert.equal(dated.status, 400, dated.text);
    assert.equal(dated.body.error.code, "as_of_not_applicable");
  });
});
