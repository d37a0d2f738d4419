// Experiments (API.md 6) through the HTTP API on a real server: generated
// traffic (three exposure sources, repeated exposures, persons in two
// variants, events before exposure and after the end, stitched identities)
// read back through the results route and compared figure by figure with the
// brute-force reference (tests/reference/experiments.ts); assignment; CRUD,
// bad input and who may do what. clickhouseExperiments.test.ts runs the tests
// that read results again with the server's events copied to ClickHouse (one
// node beside SQLite, two shards beside PostgreSQL), each answer read there.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { assignVariant } from "../../lib/experiments/assignment";
import { createProject, createUser, http, signIn, track, type Account, type HttpAnswer, type ProjectKeys } from "../support/api";
import { clickHouseEnvOf, migrateNodes, startClickHouseNodes, type ClickHouseNodes } from "../support/clickhouse";
import { databaseKind, startServer, type TestServer } from "../support/server";
import { withSql } from "../support/sql";
import { experimentReference, experimentTraffic, replay, type RefExperiment, type World } from "../reference";

const DAY = 86_400_000;
/** The project's time zone, +05:30 all year: day ends that are not UTC midnights test the over-time series' days. */
const TIMEZONE = "Asia/Kolkata";
const TIMEZONE_OFFSET_MINUTES = 330;
const FROM = Date.parse("2026-06-01T00:00:00.000Z");
const TO = FROM + 5 * DAY;

const EXPERIMENT: RefExperiment = {
  key: "new-checkout",
  variants: [
    { key: "control", weight: 2 },
    { key: "one-page", weight: 1 },
    { key: "express", weight: 1 },
  ],
  exposure: { event: "$experiment_exposure", experimentProperty: "experiment", variantProperty: "variant" },
  metrics: [
    { kind: "conversion", event: "purchase", windowSeconds: 86_400 },
    { kind: "conversion", event: "purchase" },
    { kind: "mean", event: "purchase", property: "revenue" },
    { kind: "count", event: "$pageview" },
  ],
  from: FROM,
  to: TO,
};

function close(actual: unknown, expected: number, what: string): void {
  assert.equal(typeof actual, "number", `${what}: ${actual}`);
  const tolerance = 1e-9 * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs((actual as number) - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);
}

/** Set by clickhouseExperiments.test.ts (through tests/support/reportsOnClickHouse.ts). */
const ON_CLICKHOUSE = process.env.CRUMBTRAIL_REPORTS_ON_CLICKHOUSE === "1";
const CLICKHOUSE_SHARDS = databaseKind() === "postgres" ? 2 : 1;
/** Tests that read no results run once, in experiments.test.ts. */
const PRISMA_ONLY = ON_CLICKHOUSE && "reads no results: run by experiments.test.ts";

describe(`experiments API${ON_CLICKHOUSE ? ` (ClickHouse, ${CLICKHOUSE_SHARDS === 1 ? "one node" : "two shards"})` : ""}`, () => {
  let server: TestServer;
  let nodes: ClickHouseNodes | undefined;
  let owner: Account;
  let project: ProjectKeys;
  let world: World;
  let ownerCookie: string;

  const url = (path = "") => `${server.url}/api/projects/${project.projectId}/experiments${path}`;
  const bearer = () => ({ Authorization: `Bearer ${project.secretKey}` });
  const asOwner = () => ({ Cookie: ownerCookie });
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = asOwner()): Promise<HttpAnswer> =>
    http(url(path), { method, headers: { "Content-Type": "application/json", ...headers }, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
  /** An experiment's results, answered by ClickHouse when the suite runs there. */
  const results = async (id: string, headers: Record<string, string> = asOwner()): Promise<HttpAnswer> => {
    const answer = await send("GET", `/${id}/results`, undefined, headers);
    if (ON_CLICKHOUSE) assert.equal(answer.body?.store, "clickhouse", `results answered by ${answer.body?.store ?? "the database"}: ${answer.text.slice(0, 300)}`);
    else assert.equal(answer.body?.store, undefined);
    return answer;
  };

  const definition = (overrides: Record<string, unknown> = {}) => ({
    key: EXPERIMENT.key,
    name: "One-page checkout",
    hypothesis: "Fewer steps, more purchases.",
    variants: EXPERIMENT.variants,
    exposure: { event: "$experiment_exposure" },
    metrics: EXPERIMENT.metrics,
    start: new Date(FROM).toISOString(),
    end: new Date(TO).toISOString(),
    status: "stopped",
    ...overrides,
  });

  before(async () => {
    let env: Record<string, string> = {};
    if (ON_CLICKHOUSE) {
      nodes = await startClickHouseNodes(CLICKHOUSE_SHARDS);
      // One node reads with a tiny budget, so its map of merged persons is joined rather than
      // carried inline (lib/query/clickhouse/source.ts): both ways are held to the reference.
      env = clickHouseEnvOf(nodes, nodes.cluster ? {} : { CLICKHOUSE_REPORT_MEMORY_MB: "0.05" });
    }
    server = await startServer({ label: ON_CLICKHOUSE ? "experiments-clickhouse" : "experiments", env });
    if (nodes) await migrateNodes(server, nodes, env);
    owner = await createUser(server);
    project = await createProject(server, owner.email, "Experiments", env);
    ownerCookie = await signIn(server.url, owner.email, owner.password);
    await withSql(server, (db) => db.run(`UPDATE "Project" SET timezone = ? WHERE id = ?`, [TIMEZONE, project.projectId]));
    const traffic = experimentTraffic({ seed: 21, persons: 240, experiment: EXPERIMENT, prefix: "exp" });
    for (const batch of traffic.requests) {
      const answer = await track(server.url, { batch }, { writeKey: project.writeKey });
      assert.equal(answer.status, 200, answer.text);
    }
    world = replay(traffic.requests);
  });

  after(async () => {
    await server?.stop();
    await nodes?.stop();
  });

  test("results equal the brute-force reference, figure by figure", async () => {
    const created = await send("POST", "", definition());
    assert.equal(created.status, 201, created.text);
    const answer = await results(created.body.experiment.id, bearer());
    assert.equal(answer.status, 200, answer.text);
    const expected = experimentReference(world, EXPERIMENT, TIMEZONE_OFFSET_MINUTES);

    // The data must make the comparison worth something.
    assert.ok(expected.multipleVariants >= 5, `multipleVariants ${expected.multipleVariants}`);
    assert.ok(Object.values(expected.exposures).every((n) => n >= 30), JSON.stringify(expected.exposures));

    assert.deepEqual(answer.body.exposures, expected.exposures);
    assert.equal(answer.body.multipleVariants, expected.multipleVariants);
    // Three variants: χ² on 2 degrees of freedom, P(χ² > x) = e^(−x/2).
    close(answer.body.srm.pValue, Math.exp(-expected.srmChiSquare / 2), "srm pValue");
    assert.equal(answer.body.srm.warning, Math.exp(-expected.srmChiSquare / 2) < 0.001);

    assert.equal(answer.body.metrics.length, EXPERIMENT.metrics.length);
    answer.body.metrics.forEach((result: { metric: unknown; variants: Record<string, unknown>[] }, m: number) => {
      assert.deepEqual(result.metric, EXPERIMENT.metrics[m]);
      const reference = expected.metrics[m].variants;
      result.variants.forEach((variant, v) => {
        const ref = reference[v];
        const where = `metric ${m} variant ${ref.key}`;
        assert.equal(variant.key, ref.key, where);
        assert.equal(variant.exposures, ref.exposures, where);
        close(variant.mean, ref.mean, `${where} mean`);
        close(variant.variance, ref.variance, `${where} variance`);
        assert.equal(typeof variant.enoughData, "boolean");
        if (v === 0) {
          for (const field of ["lift", "relativeLift", "se", "pValue", "confidenceInterval", "chanceToBeatControl"]) {
            assert.ok(!(field in variant), `${where}: the control has no ${field}`);
          }
          return;
        }
        close(variant.lift, ref.lift!, `${where} lift`);
        close(variant.se, ref.se!, `${where} se`);
        if (reference[0].mean !== 0) close(variant.relativeLift, ref.lift! / Math.abs(reference[0].mean), `${where} relativeLift`);
        const [lo, hi] = variant.confidenceInterval as [number, number];
        close((lo + hi) / 2, ref.lift!, `${where} interval centre`);
        assert.ok(hi - lo > 3.9 * ref.se! && hi - lo < 4.1 * ref.se!, `${where}: the 95% interval is about ±1.97 se`);
        assert.ok((variant.pValue as number) > 0 && (variant.pValue as number) <= 1, where);
        assert.equal((variant.chanceToBeatControl as number) > 0.5, ref.lift! > 0, where);
      });
    });
    // Over time: each day's cumulative figures equal the reference recomputed from scratch at that day's end.
    assert.equal(answer.body.overTimeInterval, "day");
    answer.body.metrics.forEach((result: { overTime: { day: string; variants: Record<string, { exposures: number; mean: number | null }> }[] }, m: number) => {
      const reference = expected.metrics[m].overTime;
      assert.deepEqual(result.overTime.map((p) => p.day), reference.map((p) => p.day), `metric ${m} days`);
      result.overTime.forEach((point, d) => {
        for (const [key, ref] of Object.entries(reference[d].variants)) {
          const where = `metric ${m} ${point.day} ${key}`;
          assert.equal(point.variants[key].exposures, ref.exposures, where);
          if (ref.mean === null) assert.equal(point.variants[key].mean, null, where);
          else close(point.variants[key].mean, ref.mean, `${where} mean`);
        }
      });
      // The last day's end is the experiment's end: the figures the table shows.
      const last = result.overTime[result.overTime.length - 1];
      for (const variant of expected.metrics[m].variants) close(last.variants[variant.key].mean, variant.mean, `metric ${m} ${variant.key} last point`);
    });
    // The series must move: some metric's value differs between the first and the last day.
    assert.ok(expected.metrics.some((metric) => metric.overTime[0].variants.control.mean !== metric.overTime[metric.overTime.length - 1].variants.control.mean));

    // The conversion metrics must not all be empty.
    assert.ok(expected.metrics[0].variants.some((v) => v.mean > 0 && v.mean < 1), "some conversions, not all");

    // Daily first exposures add up to the exposures.
    const daily = answer.body.daily as { day: string; exposures: Record<string, number> }[];
    for (const key of Object.keys(expected.exposures)) {
      assert.equal(daily.reduce((sum, d) => sum + d.exposures[key], 0), expected.exposures[key], `daily ${key}`);
    }
  });

  test("PostHog's boolean flag answers: test and control for a control/test experiment, ignored by others", async () => {
    const at = (i: number) => new Date(FROM + DAY + i * 60_000).toISOString();
    const flag = (key: string, anonymousId: string, answer: unknown, i: number) => ({
      type: "track",
      event: "$feature_flag_called",
      anonymousId,
      properties: { $feature_flag: key, $feature_flag_response: answer },
      timestamp: at(i),
      messageId: `bool-${key}-${anonymousId}-${i}`,
    });
    const batch = [
      flag("bool-flag", "b1", true, 1),
      flag("bool-flag", "b2", false, 2),
      flag("bool-flag", "b3", "test", 3),
      flag("bool-flag", "b4", true, 4),
      flag("bool-flag", "b4", "control", 5), // true was test: now in two variants
      flag("bool-flag", "b5", "true", 6), // a string "true" is no variant
      flag("bool-three", "b6", true, 7),
      flag("bool-three", "b7", false, 8),
    ];
    assert.equal((await track(server.url, { batch }, { writeKey: project.writeKey })).status, 200);
    const twoWay = await send("POST", "", definition({ key: "bool-flag", variants: [{ key: "test", weight: 1 }, { key: "control", weight: 1 }], metrics: [{ kind: "count", event: "purchase" }] }));
    assert.equal(twoWay.status, 201, twoWay.text);
    const answer = await results(twoWay.body.experiment.id);
    assert.deepEqual(answer.body.exposures, { test: 2, control: 1 });
    assert.equal(answer.body.multipleVariants, 1);

    const threeWay = await send("POST", "", definition({ key: "bool-three", metrics: [{ kind: "count", event: "purchase" }] }));
    const ignored = await results(threeWay.body.experiment.id);
    assert.deepEqual(ignored.body.exposures, { control: 0, "one-page": 0, express: 0 });
    assert.equal(ignored.body.multipleVariants, 0);
  });

  test("a merge after the fact: an anonymous exposure and the user's purchase become one person's conversion", async () => {
    const at = (i: number) => new Date(FROM + 2 * DAY + i * 60_000).toISOString();
    // Exposed on one device, buying as a signed-in user on another: two persons so far.
    const before = [
      { type: "track", event: "$experiment_exposure", anonymousId: "merge-anon", properties: { experiment: "merge-check", variant: "control" }, timestamp: at(1), messageId: "merge-1" },
      { type: "track", event: "purchase", userId: "merge-user", properties: { revenue: 10 }, timestamp: at(2), messageId: "merge-2" },
    ];
    assert.equal((await track(server.url, { batch: before }, { writeKey: project.writeKey })).status, 200);
    const created = await send("POST", "", definition({ key: "merge-check", variants: [{ key: "control", weight: 1 }, { key: "test", weight: 1 }], metrics: [{ kind: "conversion", event: "purchase" }] }));
    assert.equal(created.status, 201, created.text);
    const apart = await results(created.body.experiment.id);
    assert.deepEqual(apart.body.exposures, { control: 1, test: 0 });
    assert.equal(apart.body.metrics[0].variants[0].mean, 0, "the exposed person bought nothing yet");
    // On ClickHouse both events are stored by now under their write-time persons; the merge must reach them.
    const identify = { type: "identify", anonymousId: "merge-anon", userId: "merge-user", traits: {}, timestamp: at(3), messageId: "merge-3" };
    assert.equal((await track(server.url, { batch: [identify] }, { writeKey: project.writeKey })).status, 200);
    const merged = await results(created.body.experiment.id);
    assert.deepEqual(merged.body.exposures, { control: 1, test: 0 });
    assert.equal(merged.body.metrics[0].variants[0].mean, 1, "the merged person exposed, then bought");
  });

  test("an open end reads up to now; another key has no exposures", async () => {
    const open = await send("POST", "", definition({ key: "open-ended", end: null, metrics: [{ kind: "count", event: "purchase" }] }));
    assert.equal(open.status, 201, open.text);
    const answer = await results(open.body.experiment.id);
    assert.equal(answer.status, 200, answer.text);
    // Another key: no exposures of its own.
    assert.deepEqual(answer.body.exposures, { control: 0, "one-page": 0, express: 0 });
    assert.equal(answer.body.srm.warning, false);
    assert.equal(answer.body.metrics[0].variants[0].enoughData, false);
    assert.ok(Date.parse(answer.body.to) > TO, "an open end reads up to now");
  });

  test("GET /api/experiments answers the live experiments' variants, with CORS", { skip: PRISMA_ONLY }, async () => {
    const running = await send("POST", "", definition({ key: "live-one", start: new Date(Date.now() - DAY).toISOString(), end: null, status: "running" }));
    assert.equal(running.status, 201, running.text);
    await send("POST", "", definition({ key: "live-draft", start: new Date(Date.now() - DAY).toISOString(), end: null, status: "draft" }));
    await send("POST", "", definition({ key: "live-ended", start: new Date(Date.now() - 2 * DAY).toISOString(), end: new Date(Date.now() - DAY).toISOString(), status: "running" }));
    await send("POST", "", definition({ key: "live-later", start: new Date(Date.now() + DAY).toISOString(), end: null, status: "running" }));

    const ask = (query: string) => http(`${server.url}/api/experiments?${query}`, { headers: { Origin: "https://shop.example" } });
    const answer = await ask(`writeKey=${encodeURIComponent(project.writeKey)}&distinctId=visitor-7`);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.headers.get("access-control-allow-origin"), "*");
    assert.deepEqual(answer.body, { experiments: { "live-one": assignVariant({ key: "live-one", variants: EXPERIMENT.variants }, "visitor-7") } });
    const again = await ask(`writeKey=${encodeURIComponent(project.writeKey)}&distinctId=visitor-7`);
    assert.deepEqual(again.body, answer.body, "the same id gets the same variant");

    assert.equal((await ask(`writeKey=nope&distinctId=x`)).status, 401);
    const missing = await ask(`writeKey=${encodeURIComponent(project.writeKey)}`);
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.code, "invalid_request");
    const preflight = await http(`${server.url}/api/experiments`, { method: "OPTIONS", headers: { Origin: "https://shop.example" } });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get("access-control-allow-methods") ?? "", /GET/);

    // PostHog's flags route answers the same variants (API.md 2.5), for posthog-js's JSON and base64 bodies.
    const expectedVariant = answer.body.experiments["live-one"];
    const flags = await http(`${server.url}/posthog/flags/?v=2`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token: project.writeKey, distinct_id: "visitor-7" }),
    });
    assert.equal(flags.status, 200, flags.text);
    assert.deepEqual(flags.body.featureFlags, { "live-one": expectedVariant });
    assert.equal(flags.body.flags["live-one"].variant, expectedVariant);
    assert.equal(flags.body.flags["live-one"].enabled, true);
    const decide = await http(`${server.url}/posthog/decide/?v=3&compression=base64`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `data=${encodeURIComponent(Buffer.from(JSON.stringify({ api_key: project.writeKey, distinct_id: "visitor-7" })).toString("base64"))}`,
    });
    assert.deepEqual(decide.body.featureFlags, { "live-one": expectedVariant });
    const stranger = await http(`${server.url}/posthog/flags/?v=2`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token: "unknown", distinct_id: "x" }) });
    assert.deepEqual(stranger.body.featureFlags, {}, "an unknown token gets no flags");

    // The running experiments are cached per project; a change through the API applies at once, to both routes.
    const stopped = await send("PATCH", `/${running.body.experiment.id}`, { status: "stopped" });
    assert.equal(stopped.status, 200, stopped.text);
    assert.deepEqual((await ask(`writeKey=${encodeURIComponent(project.writeKey)}&distinctId=visitor-7`)).body, { experiments: {} }, "stopped: gone at once");
    const flagsAfter = await http(`${server.url}/posthog/flags/?v=2`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token: project.writeKey, distinct_id: "visitor-7" }),
    });
    assert.deepEqual(flagsAfter.body.featureFlags, {}, "the flags route reads the same cache");
    const restarted = await send("PATCH", `/${running.body.experiment.id}`, { status: "running" });
    assert.equal(restarted.status, 200, restarted.text);
    assert.deepEqual((await ask(`writeKey=${encodeURIComponent(project.writeKey)}&distinctId=visitor-7`)).body, answer.body, "running again: back at once");
    assert.equal((await send("DELETE", `/${running.body.experiment.id}`)).status, 200);
    assert.deepEqual((await ask(`writeKey=${encodeURIComponent(project.writeKey)}&distinctId=visitor-7`)).body, { experiments: {} }, "deleted: gone at once");
  });

  test("CRUD: create, read, change, delete; bad input answers 4xx JSON", { skip: PRISMA_ONLY }, async () => {
    const created = await send("POST", "", definition({ key: "crud", status: undefined, start: undefined, end: undefined }));
    assert.equal(created.status, 201, created.text);
    const experiment = created.body.experiment;
    assert.equal(experiment.status, "draft", "draft by default");
    assert.equal(experiment.end, null);
    assert.deepEqual(experiment.exposure, { event: "$experiment_exposure", experimentProperty: "experiment", variantProperty: "variant" });

    const duplicate = await send("POST", "", definition({ key: "crud" }));
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.body.error.code, "experiment_key_taken");

    const changed = await send("PATCH", `/${experiment.id}`, { status: "running", hypothesis: "Shorter is better." });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.body.experiment.status, "running");
    assert.equal(changed.body.experiment.hypothesis, "Shorter is better.");
    assert.equal((await send("GET", `/${experiment.id}`, undefined, bearer())).body.experiment.status, "running");
    const listed = await send("GET", "", undefined, bearer());
    assert.ok(listed.body.experiments.some((e: { id: string }) => e.id === experiment.id));

    const bad: [unknown, string][] = [
      [definition({ variants: [{ key: "only", weight: 1 }] }), "variants"],
      [definition({ variants: [{ key: "a", weight: 1 }, { key: "a", weight: 1 }] }), "variants"],
      [definition({ variants: [{ key: "a", weight: 0 }, { key: "b", weight: 1 }] }), "variants.0.weight"],
      [definition({ metrics: [{ kind: "median", event: "x" }] }), "metrics.0.kind"],
      [definition({ metrics: [{ kind: "mean", event: "x" }] }), "metrics.0.property"],
      [definition({ key: "bad key!" }), "key"],
      [definition({ status: "paused" }), "status"],
      [definition({ start: "yesterday" }), "start"],
      [definition({ key: "ends-early", end: new Date(FROM - DAY).toISOString() }), "end"],
      [{ ...definition(), extra: 1 }, ""],
      ["not json", ""],
    ];
    for (const [body, field] of bad) {
      const answer = await send("POST", "", body);
      assert.equal(answer.status, 400, `${JSON.stringify(body)}: ${answer.text}`);
      assert.ok(answer.body.error.code && answer.body.error.message, answer.text);
      if (field) assert.ok(answer.body.error.message.startsWith(field), `${field}: ${answer.body.error.message}`);
    }
    assert.equal((await send("PATCH", `/${experiment.id}`, { end: new Date(Date.parse(experiment.start) - 1).toISOString() })).status, 400);

    assert.equal((await send("DELETE", `/${experiment.id}`)).status, 200);
    assert.equal((await send("GET", `/${experiment.id}`)).status, 404);
    assert.equal((await send("GET", `/${experiment.id}/results`)).status, 404);
  });

  test("sample size: the formula of API.md 6, bad input refused", { skip: PRISMA_ONLY }, async () => {
    const answer = await send("GET", "/sample-size?baseline=0.5&mde=0.2", undefined, bearer());
    assert.equal(answer.status, 200, answer.text);
    // (1.959964 + 0.841621)² · (0.25 + 0.24) / 0.1² = 384.6 → 385 (z from the normal table).
    assert.equal(answer.body.perVariant, 385);
    for (const query of ["baseline=0&mde=0.1", "baseline=0.1", "baseline=x&mde=0.1", "baseline=0.9&mde=0.5"]) {
      const refused = await send("GET", `/sample-size?${query}`, undefined, bearer());
      assert.equal(refused.status, 400, `${query}: ${refused.text}`);
    }
  });

  test("permissions: viewers and secret keys read only, strangers see nothing", { skip: PRISMA_ONLY }, async () => {
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
    const body = definition({ key: "perm" });

    assert.equal((await send("GET", "", undefined, viewerCookie)).status, 200);
    assert.equal((await send("POST", "", body, viewerCookie)).status, 403);
    // A secret key manages experiments like a member (API.md 1).
    const byKey = await send("POST", "", { ...body, key: "perm-by-key" }, bearer());
    assert.equal(byKey.status, 201, byKey.text);
    assert.equal((await send("DELETE", `/${byKey.body.experiment.id}`, undefined, bearer())).status, 200);
    assert.equal((await send("GET", "", undefined, strangerCookie)).status, 404);
    assert.equal((await send("GET", "", undefined, {})).status, 401);
    const mine = await send("POST", "", body);
    assert.equal(mine.status, 201);
    assert.equal((await send("DELETE", `/${mine.body.experiment.id}`, undefined, viewerCookie)).status, 403);
    assert.equal((await send("GET", `/${mine.body.experiment.id}/results`, undefined, strangerCookie)).status, 404);
  });
});
