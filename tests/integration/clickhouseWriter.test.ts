// ClickHouse, the writer's side (docs/clickhouse.md, "How events reach ClickHouse"):
// with CLICKHOUSE_URL the server copies every committed group to ClickHouse
// through the outbox. Checked here: each event arrives exactly once (retried
// messageIds, an interrupted copy, a restart after kill -9), identity merges
// reach the distinct-id table, and a ClickHouse without tables holds nothing up:
// events are acknowledged, wait in the outbox, and arrive once it can take them.
// And which store reports read: ClickHouse while it holds every event of the
// project, the database after an import without it, ClickHouse again after a backfill.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { createAccountWithProject, http, signIn, track, uniqueId, type ProjectFixture } from "../support/api";
import { databaseKind, runCli, startServer, type TestDatabase, type TestServer } from "../support/server";
import { withSql } from "../support/sql";
import { ch, startClickHouseNodes, type ClickHouseNodes } from "../support/clickhouse";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function outboxRows(server: TestServer): Promise<number> {
  return withSql(server, async (sql) => Number((await sql.rows<{ n: number }>("SELECT count(*) AS n FROM clickhouse_outbox"))[0].n));
}

/** Waits until the outbox is empty (the shipper retries every 5 s). */
async function outboxDrained(server: TestServer, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await outboxRows(server)) > 0) {
    if (Date.now() > deadline) assert.fail(`the outbox still holds ${await outboxRows(server)} row(s) after ${timeoutMs / 1000} s:\n${server.output().slice(-2000)}`);
    await sleep(200);
  }
}

/** The project's events in the Prisma database: id, message id and person. */
async function sourceEvents(server: TestServer, projectId: string): Promise<{ id: string; message_id: string; person_id: string }[]> {
  return withSql(server, async (sql) =>
    (await sql.rows<{ id: number; message_id: string; person_id: number }>("SELECT id, message_id, person_id FROM events WHERE project_id = ? ORDER BY id", [projectId])).map(
      (r) => ({ id: String(r.id), message_id: r.message_id, person_id: String(r.person_id) }),
    ),
  );
}

/** A reader of the Storage card's text on a project's Settings page, signed in as `owner`. */
async function storageCardOf(server: TestServer, owner: { email: string; password: string }, projectId: string): Promise<() => Promise<string>> {
  const cookie = await signIn(server.url, owner.email, owner.password);
  return async () => {
    const page = await fetch(`${server.url}/projects/${projectId}/settings`, { headers: { Cookie: cookie } });
    assert.equal(page.status, 200);
    const text = (await page.text())
      .replace(/<!-- -->/g, "")
      .replace(/<[^>]+>/g, " ")
      .replace(/&#x27;/g, "'")
      .replace(/&amp;/g, "&")
      .replace(/\s+/g, " ");
    return text.slice(text.indexOf("Storage Where"), text.indexOf("Storage Where") + 1500);
  };
}

async function migrate(db: TestDatabase, nodes: ClickHouseNodes, database: string, env: Record<string, string>): Promise<void> {
  // Without ZooKeeper there is no ON CLUSTER: each node is migrated through its own URL, the first last.
  for (const url of nodes.urls(database).reverse()) {
    const run = await runCli(db, ["clickhouse:migrate"], { env: { ...env, CLICKHOUSE_URL: url } });
    assert.equal(run.code, 0, run.stderr);
  }
}

for (const shards of databaseKind() === "postgres" ? ([1, 2] as const) : ([1] as const)) {
  describe(`ClickHouse writer (${databaseKind()}, ${shards === 1 ? "one node" : "two shards"})`, () => {
    let nodes: ClickHouseNodes;
    let server: TestServer;
    let project: ProjectFixture;
    let env: Record<string, string>;
    let events = "events_local";
    let distinctIds = "person_distinct_ids_local";
    const anon = uniqueId("anon");
    const user = uniqueId("user");
    const t0 = Date.parse("2026-11-02T10:00:00Z");

    const send = async (body: unknown) => {
      const answer = await track(server.url, body, { writeKey: project.writeKey });
      assert.equal(answer.status, 200, answer.text);
    };

    before(async () => {
      nodes = await startClickHouseNodes(shards);
      if (nodes.cluster) {
        events = "events";
        distinctIds = "person_distinct_ids";
      }
      env = { CLICKHOUSE_URL: nodes.url, ...(nodes.cluster ? { CLICKHOUSE_CLUSTER: nodes.cluster } : {}) };
      server = await startServer({ label: `clickhouse-writer-${shards}`, env });
      await migrate(server, nodes, "crumbtrail", env);
      project = await createAccountWithProject(server, "Copied");
    });

    after(async () => {
      await server?.stop();
      await nodes?.stop();
    });

    test("every acknowledged event arrives once, retries included, and merges reach the distinct-id table", async () => {
      await send({ type: "track", event: "Viewed pricing", anonymousId: anon, messageId: `${anon}-1`, timestamp: new Date(t0).toISOString(), properties: { plan: "pro", "it's": "quoted \"x\"" } });
      const batch = Array.from({ length: 30 }, (_, i) => ({
        type: "track",
        event: i % 2 ? "Clicked" : "Paid",
        anonymousId: `visitor-${i % 7}-${anon}`,
        messageId: `${anon}-b${i}`,
        timestamp: new Date(t0 + 60_000 * (i + 1)).toISOString(),
        properties: { index: i },
      }));
      await send({ batch });
      // A retried batch and a retried single message: acknowledged, never stored or copied twice.
      await send({ batch: batch.slice(0, 10) });
      await send({ type: "track", event: "Viewed pricing", anonymousId: anon, messageId: `${anon}-1`, timestamp: new Date(t0).toISOString() });
      // Signing in: the anonymous visitor and the user become one person.
      await send({ type: "identify", userId: user, anonymousId: anon, messageId: `${anon}-identify`, timestamp: new Date(t0 + 3_600_000).toISOString() });
      await send({ type: "track", event: "Signed up", userId: user, messageId: `${anon}-signed`, timestamp: new Date(t0 + 3_700_000).toISOString() });
      await outboxDrained(server);

      const source = await sourceEvents(server, project.projectId);
      assert.equal(source.length, 33);
      const copied = await ch<{ id: string; message_id: string }>(
        nodes.url,
        `SELECT toString(event_id) AS id, message_id FROM ${events} WHERE project_id = '${project.projectId}' ORDER BY event_id`,
      );
      assert.deepEqual(
        copied.map((r) => [r.id, r.message_id]),
        source.map((r) => [r.id, r.message_id]),
      );
      // The quoted property survives the trip exactly.
      const [quoted] = await ch<{ v: string }>(nodes.url, `SELECT property_values[indexOf(property_keys, 'it''s')] AS v FROM ${events} WHERE message_id = '${anon}-1'`);
      assert.equal(quoted.v, JSON.stringify('quoted "x"'));

      // Identity: the anonymous id now maps to the user's person, as in the Prisma database.
      const mapping = await ch<{ distinct_id: string; person: string }>(
        nodes.url,
        `SELECT distinct_id, toString(argMax(person_id, version)) AS person FROM ${distinctIds} WHERE project_id = '${project.projectId}' AND distinct_id IN ('${anon}', '${user}') GROUP BY distinct_id ORDER BY distinct_id`,
      );
      const persons = await withSql(server, (sql) =>
        sql.rows<{ distinct_id: string; person_id: number }>("SELECT distinct_id, person_id FROM person_distinct_ids WHERE project_id = ? AND distinct_id IN (?, ?)", [
          project.projectId,
          anon,
          user,
        ]),
      );
      assert.equal(mapping.length, 2);
      assert.equal(new Set(persons.map((p) => p.person_id)).size, 1, "Prisma merged the two ids");
      for (const row of mapping) assert.equal(row.person, String(persons[0].person_id), `${row.distinct_id} maps to the merged person`);
    });

    test("a copy interrupted between its insert and its outbox delete is not copied twice", async () => {
      // The state a crash there leaves: ClickHouse holds the rows, the outbox still lists them.
      const source = await sourceEvents(server, project.projectId);
      const ids = source.slice(0, 5).map((r) => Number(r.id));
      await withSql(server, (sql) =>
        sql.run("INSERT INTO clickhouse_outbox (project_id, event_ids, distinct_ids, created_at, attempts) VALUES (?, ?, ?, ?, 1)", [
          project.projectId,
          JSON.stringify(ids.map((id) => [id, id])),
          JSON.stringify([anon]),
          Date.now(),
        ]),
      );
      await send({ type: "track", event: "Clicked", userId: user, messageId: `${anon}-after`, timestamp: new Date(t0 + 3_800_000).toISOString() });
      await outboxDrained(server);
      const [totals] = await ch<{ n: string; ids: string }>(nodes.url, `SELECT count() AS n, uniqExact(event_id) AS ids FROM ${events} WHERE project_id = '${project.projectId}'`);
      assert.deepEqual(totals, { n: "34", ids: "34" });
    });

    test("reports read ClickHouse while it holds every event of the project, the database otherwise", async () => {
      // Born with CLICKHOUSE_URL: ClickHouse holds all of its events from the start.
      const created = await runCli(server, ["project:create", "--owner", project.owner.email, "--name", "Read there", "--json"], { env });
      assert.equal(created.code, 0, created.stderr);
      const born = JSON.parse(created.stdout.trim().split("\n").at(-1)!) as { projectId: string; writeKey: string; secretKey: string };
      const opened = (i: number, who: string) => ({ type: "track", event: "Opened", anonymousId: who, messageId: `opened-${who}-${i}`, timestamp: new Date(t0 + i * 60_000).toISOString(), properties: { n: i } });
      const answer = await track(server.url, { batch: Array.from({ length: 20 }, (_, i) => opened(i, `reader-${i % 4}`)) }, { writeKey: born.writeKey });
      assert.equal(answer.status, 200, answer.text);
      const report = async (where: unknown[] = [], breakdown?: unknown) => {
        const result = await http(`${server.url}/api/projects/${born.projectId}/query`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${born.secretKey}` },
          body: JSON.stringify({
            kind: "trends",
            from: new Date(t0 - 86_400_000).toISOString(),
            to: new Date(t0 + 86_400_000).toISOString(),
            interval: "day",
            where,
            series: [{ event: "Opened" }, { event: "Opened", math: "unique_users" }],
            ...(breakdown ? { breakdown } : {}),
          }),
        });
        assert.equal(result.status, 200, result.text);
        return { store: result.body.store as string | undefined, totals: (result.body.series as { total: number }[]).map((line) => line.total) };
      };
      // Acknowledged a moment ago: the report waits for the copy (read-your-writes), then reads ClickHouse.
      assert.deepEqual(await report(), { store: "clickhouse", totals: [20, 4] });
      assert.deepEqual(await report([{ property: "n", op: "gte", value: 10 }]), { store: "clickhouse", totals: [10, 4] });
      // A person's properties live in the Prisma database: a filter on them reaches ClickHouse
      // as the matching persons' distinct ids, and a breakdown by one is the database's.
      assert.deepEqual(await report([{ property: "plan", scope: "user", op: "is_not_set" }]), { store: "clickhouse", totals: [20, 4] });
      assert.deepEqual(await report([], { property: "plan", scope: "user" }), { store: undefined, totals: [20, 4] });

      // Two visitors sign in as one user after their events were copied: the copies keep the
      // persons they were written with, and ClickHouse still counts one person from then on.
      const signIn = (who: string) => ({ type: "identify", userId: "reader-user", anonymousId: who, messageId: `sign-in-${who}`, timestamp: new Date(t0 + 3_600_000).toISOString() });
      for (const who of ["reader-0", "reader-1"]) assert.equal((await track(server.url, signIn(who), { writeKey: born.writeKey })).status, 200);
      assert.deepEqual(await report(), { store: "clickhouse", totals: [20, 3] });

      // Events imported without CLICKHOUSE_URL never reach ClickHouse: the database answers, with them.
      const file = path.join(server.dataDir, `import-${born.projectId}.ndjson`);
      fs.writeFileSync(file, Array.from({ length: 5 }, (_, i) => JSON.stringify(opened(100 + i, "imported"))).join("\n") + "\n");
      const imported = await runCli(server, ["import", "--project", born.projectId, "--file", file]);
      assert.equal(imported.code, 0, imported.stderr);
      assert.deepEqual(await report(), { store: undefined, totals: [25, 4] });
      const storageCard = await storageCardOf(server, project.owner, born.projectId);
      assert.match(await storageCard(), /(SQLite|PostgreSQL) answers every report: ClickHouse does not hold all of this project's events/);

      // A backfill copies what is missing, and ClickHouse answers again.
      const backfill = await runCli(server, ["clickhouse:backfill", "--project", born.projectId], { env });
      assert.equal(backfill.code, 0, backfill.stderr);
      assert.match(backfill.stdout + backfill.stderr, /Its reports read ClickHouse from now on\./);
      assert.deepEqual(await report(), { store: "clickhouse", totals: [25, 4] });
      assert.match(await storageCard(), /Reports ClickHouse answers this project's reports\./);
    });

    test("a ClickHouse without tables holds nothing up; after kill -9 and a restart the events arrive once", async () => {
      // A second database of the same servers, without tables yet: every copy fails.
      const database = `pending_${shards}`;
      await nodes.createDatabase(database);
      const pendingEnv = { ...env, CLICKHOUSE_URL: nodes.urls(database)[0] };
      const pending = await startServer({ label: `clickhouse-pending-${shards}`, env: pendingEnv });
      let restarted: TestServer | null = null;
      try {
        const fixture = await createAccountWithProject(pending, "Pending");
        const answer = await track(
          pending.url,
          { batch: Array.from({ length: 12 }, (_, i) => ({ type: "track", event: "Waited", anonymousId: `p-${i % 3}`, messageId: `pending-${i}`, timestamp: new Date(t0 + i).toISOString() })) },
          { writeKey: fixture.writeKey },
        );
        assert.equal(answer.status, 200, answer.text);
        assert.ok((await outboxRows(pending)) > 0, "the group waits in the outbox");

        // Settings says what waits and why.
        const storageCard = await storageCardOf(pending, fixture.owner, fixture.projectId);
        // The first copy fails a moment after the group commits.
        let card = await storageCard();
        for (let i = 0; i < 50 && !/The last copy failed/.test(card); i++) {
          await sleep(200);
          card = await storageCard();
        }
        assert.match(card, /1 committed group of events waits to be copied \(the oldest stored/);
        assert.match(card, /The last copy failed and is retried every few seconds: ClickHouse: Table pending_\d\.events(_local)? doesn.+t exist/);

        await pending.kill();
        await migrate(pending, nodes, database, pendingEnv);
        restarted = await startServer({ label: `clickhouse-pending-${shards}`, database: pending, env: pendingEnv });
        await outboxDrained(restarted);
        const table = nodes.cluster ? "events" : "events_local";
        const [totals] = await ch<{ n: string; ids: string }>(nodes.urls(database)[0], `SELECT count() AS n, uniqExact(event_id) AS ids FROM ${table} WHERE project_id = '${fixture.projectId}'`);
        assert.deepEqual(totals, { n: "12", ids: "12" });
      } finally {
        await restarted?.stop();
        await pending.stop().catch(() => {});
      }
    });

    test("SIGTERM while events are being copied: the server stops within 10 s, and after a restart every acknowledged event is in ClickHouse once", async () => {
      const stopping = await startServer({ label: `clickhouse-sigterm-${shards}`, env });
      let restarted: TestServer | null = null;
      try {
        const fixture = await createAccountWithProject(stopping, "Stopped while copying");
        const acknowledged = new Set<string>();
        const lane = async (n: number) => {
          for (let round = 0; ; round++) {
            const batch = Array.from({ length: 20 }, (_, i) => ({ type: "track", event: "Copied", anonymousId: `s-${n}-${i % 4}`, messageId: `sigterm-${n}-${round}-${i}` }));
            try {
              const answer = await track(stopping.url, { batch }, { writeKey: fixture.writeKey });
              if (answer.status === 200) for (const m of batch) acknowledged.add(m.messageId);
            } catch {
              return; // the server is gone
            }
          }
        };
        const lanes = Promise.all([0, 1, 2].map(lane));
        // Past a pace of the shipper (one pass a second at most), so that passes run under the load.
        await sleep(1_500);
        while (acknowledged.size < 600) await sleep(20);
        const started = Date.now();
        await stopping.stop(); // SIGTERM; the harness kills what is left after 10 s
        const tookMs = Date.now() - started;
        await lanes;
        assert.ok(tookMs < 9_500, `the server took ${tookMs} ms to stop (killed at 10 s?):\n${stopping.output().slice(-2000)}`);
        assert.match(stopping.output(), /Stopped\./);

        restarted = await startServer({ label: `clickhouse-sigterm-${shards}`, database: stopping, env });
        await outboxDrained(restarted);
        const copied = await ch<{ message_id: string; n: string }>(nodes.url, `SELECT message_id, count() AS n FROM ${events} WHERE project_id = '${fixture.projectId}' GROUP BY message_id`);
        const times = new Map(copied.map((row) => [row.message_id, Number(row.n)]));
        const missing = [...acknowledged].filter((id) => !times.has(id));
        assert.deepEqual(missing.slice(0, 5), [], `${missing.length} of ${acknowledged.size} acknowledged events are not in ClickHouse`);
        assert.deepEqual(copied.filter((row) => row.n !== "1").slice(0, 5), [], "an event copied twice");
      } finally {
        await restarted?.stop();
        await stopping.stop().catch(() => {});
      }
    });
  });
}
