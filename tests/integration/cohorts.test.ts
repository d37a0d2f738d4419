// Cohorts (API.md 5) through the HTTP API on a real server: membership of
// dynamic cohorts at a fixed asOf against the brute-force reference
// (tests/reference/cohorts.ts) on generated persons and events close to the
// window edges, with stitched identities, negation, first_time and nested
// cohorts; static lists; bad input; who may do what.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createUser, createProject, http, signIn, track, type Account, type HttpAnswer, type ProjectKeys } from "../support/api";
import { startServer, type TestServer } from "../support/server";
import { withSql } from "../support/sql";
import { cohortMembers, EVENTS, generate, memberIdSets, replay, type RefCohort, type RefGroup, type World } from "../reference";

const DAY = 86_400_000;
const ANCHOR = Date.parse("2026-06-15T00:00:00.000Z");
const AS_OF = ANCHOR + 2 * DAY;

describe("cohorts API", () => {
  let server: TestServer;
  let owner: Account;
  let project: ProjectKeys;
  let world: World;
  let ownerCookie: string;

  const url = (path = "") => `${server.url}/api/projects/${project.projectId}/cohorts${path}`;
  const bearer = () => ({ Authorization: `Bearer ${project.secretKey}` });
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = bearer()): Promise<HttpAnswer> =>
    http(url(path), { method, headers: { "Content-Type": "application/json", ...headers }, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });

  async function allMemberIdSets(cohortId: string): Promise<string[]> {
    const sets: string[] = [];
    let cursor: string | null = null;
    do {
      const page: HttpAnswer = await send("GET", `/${cohortId}/members?limit=7${cursor ? `&cursor=${cursor}` : ""}`);
      assert.equal(page.status, 200, page.text);
      for (const m of page.body.members as { distinctIds: string[] }[]) sets.push([...m.distinctIds].sort().join(" "));
      cursor = page.body.nextCursor;
    } while (cursor);
    return sets.sort();
  }

  before(async () => {
    server = await startServer({ label: "cohorts" });
    owner = await createUser(server);
    project = await createProject(server, owner.email, "Cohorts");
    ownerCookie = await signIn(server.url, owner.email, owner.password);
    const dataset = generate({
      seed: 2020,
      persons: 50,
      anchors: [ANCHOR],
      windowMs: 3600_000,
      prefix: "coh",
      edges: [AS_OF, AS_OF - DAY, AS_OF - 3 * DAY, AS_OF - 7 * DAY],
    });
    for (const batch of dataset.requests) {
      const answer = await track(server.url, { batch }, { writeKey: project.writeKey });
      assert.equal(answer.status, 200, answer.text);
    }
    world = replay(dataset.requests);
  });

  after(async () => {
    await server?.stop();
  });

  const { purchase: P, signup: S, view: V, cancel: C } = EVENTS;
  const DEFINITIONS: [string, RefGroup][] = [
    ["pro plan", { all: [{ type: "property", property: "plan", op: "eq", value: "pro" }] }],
    ["bought twice in 3 days", { all: [{ type: "performed", event: P, withinDays: 3, count: { op: "gte", value: 2 } }] }],
    ["viewed at most once in a day", { all: [{ type: "performed", event: V, withinDays: 1, count: { op: "lte", value: 1 } }] }],
    ["exactly one pricey purchase in a week", { all: [{ type: "performed", event: P, withinDays: 7, where: [{ property: "price", op: "gte", value: 42 }], count: { op: "eq", value: 1 } }] }],
    ["signed up for the first time this week", { all: [{ type: "first_time", event: S, withinDays: 7 }] }],
    ["did not view in 3 days", { all: [{ type: "performed", event: V, withinDays: 3, negate: true }] }],
    [
      "nested any/all",
      { any: [{ all: [{ type: "performed", event: C, withinDays: 30 }, { type: "property", property: "age", op: "gt", value: 20 }] }, { type: "first_time", event: P, withinDays: 1, negate: true }] },
    ],
  ];

  test("dynamic cohorts at asOf equal the reference, members paged by cursor", async () => {
    // The data must make the comparisons worth something: most cohorts neither empty nor everyone.
    const sizes = DEFINITIONS.map(([, match]) => cohortMembers(world, match, AS_OF).size);
    assert.ok(sizes.filter((n) => n > 0 && n < world.personProperties.size).length >= 5, `sizes ${sizes.join(", ")}`);
    for (const [name, match] of DEFINITIONS) {
      const created = await send("POST", "", { name, kind: "dynamic", match });
      assert.equal(created.status, 201, created.text);
      const computed = await send("POST", `/${created.body.cohort.id}/compute`, { asOf: new Date(AS_OF).toISOString() });
      assert.equal(computed.status, 200, computed.text);
      const expected = memberIdSets(world, cohortMembers(world, match, AS_OF));
      assert.equal(computed.body.count, expected.length, name);
      assert.equal(computed.body.computedAt, new Date(AS_OF).toISOString());
      assert.deepEqual(await allMemberIdSets(created.body.cohort.id), expected, name);
    }
  });

  test("nested cohorts, dynamic and static, follow the reference; history grows", async () => {
    const pro = await send("POST", "", { name: "Pro", kind: "dynamic", match: DEFINITIONS[0][1] });
    const someIds = [...world.personOf.keys()].slice(0, 12);
    const list = await send("POST", "", { name: "List", kind: "static", distinctIds: [...someIds, "nobody-has-this-id"] });
    assert.equal(list.status, 201, list.text);
    assert.deepEqual(list.body.cohort.unknownDistinctIds, ["nobody-has-this-id"]);
    const match: RefGroup = {
      any: [
        { all: [{ type: "cohort", cohortId: pro.body.cohort.id }, { type: "performed", event: V, withinDays: 3 }] },
        { all: [{ type: "cohort", cohortId: list.body.cohort.id, negate: true }, { type: "performed", event: P, withinDays: 7 }] },
      ],
    };
    const nested = await send("POST", "", { name: "Nested", kind: "dynamic", match });
    assert.equal(nested.status, 201, nested.text);
    const id = nested.body.cohort.id;
    await send("POST", `/${id}/compute`, { asOf: new Date(AS_OF).toISOString() });
    const staticMembers = new Set(someIds.map((d) => world.personOf.get(d)!));
    const refs = new Map<string, RefCohort>([
      [pro.body.cohort.id, { kind: "dynamic", match: DEFINITIONS[0][1] }],
      [list.body.cohort.id, { kind: "static", members: staticMembers }],
    ]);
    assert.deepEqual(await allMemberIdSets(id), memberIdSets(world, cohortMembers(world, match, AS_OF, refs)));
    const detail = await send("GET", `/${id}`);
    assert.equal(detail.body.cohort.history.length, 2, "computed on save and on demand");

    // A cycle is refused, and the cohort stays as it was.
    const cycle = await send("PATCH", `/${pro.body.cohort.id}`, { match: { all: [{ type: "cohort", cohortId: id }] } });
    assert.equal(cycle.status, 400);
    assert.equal(cycle.body.error.code, "cohort_cycle");
    const self = await send("PATCH", `/${id}`, { match: { all: [{ type: "cohort", cohortId: id }] } });
    assert.equal(self.body.error.code, "cohort_cycle");
    assert.deepEqual((await send("GET", `/${pro.body.cohort.id}`)).body.cohort.match, { all: [{ type: "property", property: "plan", op: "eq", value: "pro", negate: false }] });
    // A cohort another one includes cannot be deleted.
    assert.equal((await send("DELETE", `/${list.body.cohort.id}`)).status, 409);
  });

  test("static cohorts: JSON and CSV lists add and remove; members.csv lists them", async () => {
    const ids = [...world.personOf.keys()];
    const created = await send("POST", "", { name: "Imported", kind: "static", csv: `distinct_id,note\n"${ids[0]}",x\n${ids[1]}\n` });
    assert.equal(created.status, 201, created.text);
    const id = created.body.cohort.id;
    const expectedCount = () => new Set([...chosen].map((d) => world.personOf.get(d))).size;
    const chosen = new Set([ids[0], ids[1]]);
    assert.equal(created.body.cohort.count, expectedCount());
    const added = await http(url(`/${id}/members`), { method: "POST", headers: { ...bearer(), "Content-Type": "text/csv" }, body: `${ids[2]}\n${ids[3]},more\n` });
    assert.equal(added.status, 200, added.text);
    chosen.add(ids[2]).add(ids[3]);
    assert.equal(added.body.count, expectedCount());
    const removed = await send("DELETE", `/${id}/members`, { distinctIds: [ids[0]] });
    assert.equal(removed.status, 200, removed.text);
    const gone = world.personOf.get(ids[0]);
    for (const d of [...chosen]) if (world.personOf.get(d) === gone) chosen.delete(d);
    assert.equal(removed.body.count, expectedCount());
    const csv = await http(url(`/${id}/members.csv`), { headers: bearer() });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type") ?? "", /text\/csv/);
    const lines = csv.text.trim().split("\r\n");
    assert.equal(lines[0], "distinct_id,distinct_ids,first_seen,last_seen,properties");
    assert.equal(lines.length - 1, expectedCount());

    assert.equal((await send("DELETE", `/${id}`)).status, 200);
    const left = await withSql(server, (db) => db.rows<{ n: number }>(`SELECT COUNT(*) AS n FROM cohort_members WHERE cohort_id = ?`, [id]));
    assert.equal(Number(left[0].n), 0, "a deleted cohort's members go with it");
  });

  test("members are searched (q) by distinct id or property value, only among the cohort's members, paged", async () => {
    const t = new Date(AS_OF).toISOString();
    const people = ["srch-ann", "srch-anders", "srch-bo", "srch-outsider-ann"];
    const batch = people.map((userId, i) => ({ type: "identify", userId, traits: { email: `${userId}@example.com`, plan: i % 2 ? "Pro" : "free" }, timestamp: t, messageId: `sq${i}` }));
    assert.equal((await track(server.url, { batch }, { writeKey: project.writeKey })).status, 200);
    const created = await send("POST", "", { name: "Searchable", kind: "static", distinctIds: people.slice(0, 3) });
    assert.equal(created.status, 201, created.text);
    const id = created.body.cohort.id;
    const found = async (q: string, limit = 100): Promise<string[]> => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page: HttpAnswer = await send("GET", `/${id}/members?limit=${limit}&q=${encodeURIComponent(q)}${cursor ? `&cursor=${cursor}` : ""}`);
        assert.equal(page.status, 200, page.text);
        ids.push(...(page.body.members as { id: string }[]).map((m) => m.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      return ids.sort();
    };
    assert.deepEqual(await found("AN"), ["srch-anders", "srch-ann"], "a distinct id, case-insensitive; the outsider is not a member");
    assert.deepEqual(await found("pro"), ["srch-anders"], "a property value");
    assert.deepEqual(await found("srch", 1), ["srch-ann", "srch-anders", "srch-bo"].sort(), "one at a time by cursor");
    assert.deepEqual(await found("_"), [], "LIKE's wildcards are plain characters");
    assert.deepEqual(await found(""), ["srch-ann", "srch-anders", "srch-bo"].sort(), "an empty search lists everyone");
    const tooLong = await send("GET", `/${id}/members?q=${"x".repeat(201)}`);
    assert.equal(tooLong.status, 400, tooLong.text);
    assert.equal(tooLong.body.error.code, "invalid_query");
  });

  test("membership follows a merge to the surviving person, and erasure takes it away", async () => {
    const t = new Date(AS_OF).toISOString();
    const batch = [
      { type: "track", event: "x", userId: "merge-user", timestamp: t, messageId: "mu1" },
      { type: "track", event: "x", userId: "merge-user", timestamp: t, messageId: "mu2" },
      { type: "track", event: "x", anonymousId: "merge-device", timestamp: t, messageId: "md1" },
      { type: "track", event: "x", userId: "erase-me", timestamp: t, messageId: "em1" },
    ];
    assert.equal((await track(server.url, { batch }, { writeKey: project.writeKey })).status, 200);
    // Only the device (the side with fewer events, which the merge re-points) is listed.
    const created = await send("POST", "", { name: "Followed", kind: "static", distinctIds: ["merge-device", "erase-me"] });
    assert.equal(created.body.cohort.count, 2);
    const id = created.body.cohort.id;
    const identify = { type: "identify", userId: "merge-user", anonymousId: "merge-device", timestamp: t, messageId: "mi1" };
    assert.equal((await track(server.url, { batch: [identify] }, { writeKey: project.writeKey })).status, 200);
    assert.deepEqual(await allMemberIdSets(id), ["erase-me", "merge-device merge-user"]);
    assert.equal((await http(`${server.url}/api/projects/${project.projectId}/users/erase-me`, { method: "DELETE", headers: bearer() })).status, 200);
    assert.deepEqual(await allMemberIdSets(id), ["merge-device merge-user"]);
    assert.equal((await send("POST", `/${id}/compute`)).body.count, 1);
  });

  test("bad input is a 400 with a code and a sentence, never a 500", async () => {
    const cases: [unknown, string][] = [
      [{ name: "x", kind: "dynamic", match: { all: [{ type: "performed", event: "x", withinDays: -1 }] } }, "invalid_cohort"],
      [{ name: "", kind: "static" }, "invalid_cohort"],
      [{ name: "x", kind: "dynamic", match: { all: [{ type: "cohort", cohortId: "nope" }] } }, "unknown_cohort"],
      [{ name: "x", kind: "dynamic", match: { all: [{ type: "property", property: "age", op: "gt", value: "old" }] } }, "invalid_cohort"],
      ["{not json", "invalid_json"],
      [{ name: "x", kind: "static", csv: 'a,"b' }, "invalid_csv"],
    ];
    for (const [body, code] of cases) {
      const answer = await send("POST", "", body);
      assert.equal(answer.status, 400, answer.text);
      assert.equal(answer.body.error.code, code, answer.text);
      assert.ok(answer.body.error.message.length > 5);
    }
    const some = (await send("GET", "")).body.cohorts[0].id;
    assert.equal((await send("POST", `/${some}/compute`, { asOf: "2999-01-01T00:00:00Z" })).body.error.code, "invalid_as_of");
    assert.equal((await send("GET", `/${some}/members?cursor=%%%`)).status, 400);
    assert.equal((await send("GET", "/no-such-cohort")).status, 404);
  });

  test("permissions: viewers read only, strangers see nothing, secret keys and members manage", async () => {
    const viewer = await createUser(server);
    const stranger = await createUser(server);
    await createProject(server, stranger.email, "Elsewhere");
    await withSql(server, async (db) => {
      const [p] = await db.rows<{ organizationId: string }>(`SELECT "organizationId" FROM "Project" WHERE id = ?`, [project.projectId]);
      const [u] = await db.rows<{ id: string }>(`SELECT id FROM "User" WHERE email = ?`, [viewer.email]);
      await db.run(`INSERT INTO "Membership" (id, "userId", "organizationId", role) VALUES (?, ?, ?, 'viewer')`, [`m-${u.id}`, u.id, p.organizationId]);
    });
    const viewerCookie = { Cookie: await signIn(server.url, viewer.email, viewer.password) };
    const strangerCookie = { Cookie: await signIn(server.url, stranger.email, stranger.password) };
    const body = { name: "Mine", kind: "static", distinctIds: [] };

    assert.equal((await send("GET", "", undefined, viewerCookie)).status, 200);
    const refused = await send("POST", "", body, viewerCookie);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, "forbidden");
    assert.equal((await send("GET", "", undefined, strangerCookie)).status, 404);
    assert.equal((await send("POST", "", body, strangerCookie)).status, 404);
    assert.equal((await send("GET", "", undefined, {})).status, 401);

    const byOwner = await send("POST", "", body, { Cookie: ownerCookie });
    assert.equal(byOwner.status, 201, byOwner.text);
    assert.equal((await send("DELETE", `/${byOwner.body.cohort.id}`, undefined, viewerCookie)).status, 403);
    assert.equal((await send("DELETE", `/${byOwner.body.cohort.id}`)).status, 200, "a secret key manages cohorts");
    assert.equal((await send("GET", `/${byOwner.body.cohort.id}`)).status, 404);
  });
});
