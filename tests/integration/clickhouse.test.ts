// ClickHouse, first layer (API.md section 9, docs/clickhouse.md): clickhouse:migrate
// and clickhouse:backfill against Debian's ClickHouse 18.16, on one node and on a
// two-shard cluster started by scripts/clickhouse-cluster.mjs. Reports do not read
// ClickHouse yet; this checks that what is copied is complete, exact and never doubled.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { createAccountWithProject, track, uniqueId, type ProjectFixture } from "../support/api";
import { databaseKind, ROOT, serverEnv, startServer, type CliResult, type TestServer } from "../support/server";
import { withSql } from "../support/sql";
import { ClickHouseClient, ClickHouseError } from "../../lib/store/clickhouse/client";
import { literal } from "../../lib/store/clickhouse/literal";
import { migrateClickHouse } from "../../lib/store/clickhouse/migrate";
import { clickHouseStatus } from "../../lib/store/clickhouse/status";
import { ch, startClickHouseNodes, type ClickHouseNodes } from "../support/clickhouse";

const count = async (url: string, statement: string) => Number((await ch<{ n: string }>(url, statement))[0].n);

/**
 * The CLI with ClickHouse's settings in its environment. `killWhen`: SIGKILL it
 * as soon as its stdout so far matches (a crash in the middle of its work).
 */
function cli(server: TestServer, args: string[], env: Record<string, string>, killWhen?: RegExp): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin", "crumbtrail.mjs"), ...args], {
      cwd: ROOT,
      env: serverEnv(server, env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (killWhen?.test(stdout)) child.kill("SIGKILL");
    });
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`crumbtrail ${args.join(" ")} did not finish within 90 s\n${stdout}${stderr}`));
    }, 90_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function assertOneLineFailure(result: CliResult, pattern: RegExp): void {
  assert.notEqual(result.code, 0, `expected a failure: ${result.stdout}`);
  const lines = result.stderr.split("\n").filter((line) => line.trim() !== "");
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${result.stderr}`);
  assert.match(lines[0], pattern);
}

// Property values that quoting or a JSON round trip would get wrong. (A NUL is
// replaced at ingestion, so it is checked through the client below instead.)
const TRICKY = {
  quote: `it's "quoted"`,
  backslash: "C:\\path\\to\\file \\' \\n",
  unicode: "Zürich 😀 東京 \u2028",
  newline: "line 1\nline 2\ttabbed",
  price: 19.99,
  big: 9007199254740991,
  negative: -0.5,
  flag: false,
  nothing: null,
  list: [1, "two", { three: 3 }],
  nested: { deep: { key: "value'" } },
};

describe(`ClickHouse migrate and backfill (${databaseKind()})`, () => {
  let server: TestServer;
  let project: ProjectFixture;
  let other: ProjectFixture;
  let sourceCount = 0;
  let trickyMessage = "";
  const anon = uniqueId("anon");
  const user = uniqueId("user");

  before(async () => {
    server = await startServer({ label: "clickhouse" });
    // clickHouseStatus runs in this process and reads the project's flag from the
    // Prisma database (lib/config reads the environment on first use): the server's.
    Object.assign(process.env, { DATABASE_URL: server.databaseUrl, DATA_DIR: server.dataDir });
    project = await createAccountWithProject(server, "ClickHouse");
    other = await createAccountWithProject(server, "Other");
    const send = async (body: unknown, keys: ProjectFixture = project) => {
      const answer = await track(server.url, body, { writeKey: keys.writeKey });
      assert.equal(answer.status, 200, answer.text);
    };
    trickyMessage = uniqueId("tricky");
    const t0 = Date.parse("2026-11-02T10:00:00Z");
    // An anonymous visitor, then signed in: identify merges the two persons.
    await send({ type: "track", event: "Viewed pricing", anonymousId: anon, messageId: trickyMessage, timestamp: new Date(t0).toISOString(), properties: TRICKY });
    await send({ type: "track", event: "Signed up", userId: user, timestamp: new Date(t0 + 1000).toISOString(), properties: { plan: "pro" } });
    await send({ type: "identify", userId: user, anonymousId: anon, timestamp: new Date(t0 + 2000).toISOString() });
    // Forty more events of twelve people, and one retried messageId (stored once).
    const batch = Array.from({ length: 40 }, (_, i) => ({
      type: "track",
      event: i % 3 ? "Clicked" : "Paid",
      anonymousId: `visitor-${i % 12}-${anon}`,
      messageId: `${anon}-m${i}`,
      timestamp: new Date(t0 + 10_000 + i * 60_000).toISOString(),
      properties: { index: i, label: `n°${i} 'x'` },
    }));
    await send({ batch });
    await send({ batch: batch.slice(0, 3) });
    await send({ type: "track", event: "Elsewhere", anonymousId: anon, properties: {} }, other);
    sourceCount = await withSql(server, async (sql) =>
      Number((await sql.rows<{ n: number }>("SELECT count(*) AS n FROM events WHERE project_id = ?", [project.projectId]))[0].n),
    );
    assert.equal(sourceCount, 43);
  });

  after(async () => {
    await server?.stop();
  });

  test("without CLICKHOUSE_URL, or with ClickHouse down, the commands fail with one line", async () => {
    const [noUrl, noUrlBackfill, down, notUrl] = await Promise.all([
      cli(server, ["clickhouse:migrate"], { CLICKHOUSE_URL: "" }),
      cli(server, ["clickhouse:backfill", "--project", project.projectId], { CLICKHOUSE_URL: "" }),
      cli(server, ["clickhouse:migrate"], { CLICKHOUSE_URL: "http://default@127.0.0.1:1/crumbtrail" }),
      cli(server, ["clickhouse:migrate"], { CLICKHOUSE_URL: "not a url" }),
    ]);
    // Settings: nothing configured, or a server that does not answer, said in a sentence (never a thrown error, never the password).
    assert.deepEqual(await clickHouseStatus(project.projectId, {}), { configured: false });
    const unreachable = await clickHouseStatus(project.projectId, { CLICKHOUSE_URL: "http://default:s3cret@127.0.0.1:1/crumbtrail" });
    assert.ok(unreachable.configured && "error" in unreachable, JSON.stringify(unreachable));
    assert.equal(unreachable.endpoint, "http://127.0.0.1:1/crumbtrail");
    assert.doesNotMatch(JSON.stringify(unreachable), /s3cret/);
    const malformed = await clickHouseStatus(project.projectId, { CLICKHOUSE_URL: "not a url" });
    assert.ok(malformed.configured && "error" in malformed && /CLICKHOUSE_URL/.test(malformed.error), JSON.stringify(malformed));
    assertOneLineFailure(noUrl, /CLICKHOUSE_URL is not set/);
    assertOneLineFailure(noUrlBackfill, /CLICKHOUSE_URL is not set/);
    assertOneLineFailure(down, /unreachable/);
    assertOneLineFailure(notUrl, /CLICKHOUSE_URL/);
  });

  // The two-shard cluster runs beside PostgreSQL only, where a deployment that
  // shards would keep its accounts; ClickHouse's side is the same whichever
  // database the events are copied from, and each half costs CI a minute.
  for (const shards of databaseKind() === "postgres" ? ([1, 2] as const) : ([1] as const)) {
    describe(shards === 1 ? "one node" : "two shards", () => {
      let nodes: ClickHouseNodes;
      let env: Record<string, string>;

      before(async () => {
        nodes = await startClickHouseNodes(shards);
        env = { CLICKHOUSE_URL: nodes.url, ...(nodes.cluster ? { CLICKHOUSE_CLUSTER: nodes.cluster } : {}) };
      });

      after(async () => {
        await nodes?.stop();
      });

      test("migrate creates the tables, and a second run changes nothing", async () => {
        if (nodes.cluster) {
          // No ZooKeeper, so no ON CLUSTER: the second node is migrated through its own URL first.
          const second = await cli(server, ["clickhouse:migrate"], { ...env, CLICKHOUSE_URL: nodes.urls()[1] });
          assert.equal(second.code, 0, second.stderr);
          assert.match(second.stdout, /have no tables yet/);
        }
        const first = await cli(server, ["clickhouse:migrate"], env);
        assert.equal(first.code, 0, first.stderr);
        assert.match(first.stdout, /Applied 2 ClickHouse schema step/);
        assert.doesNotMatch(first.stdout, /no tables yet/);
        const again = await cli(server, ["clickhouse:migrate"], env);
        assert.equal(again.code, 0, again.stderr);
        assert.match(again.stdout, /ClickHouse is up to date/);
        assert.doesNotMatch(again.stdout, /Applying/);
        for (const url of nodes.urls()) {
          const tables = (await ch<{ name: string; engine: string }>(url, "SELECT name, engine FROM system.tables WHERE database = 'crumbtrail' ORDER BY name")).map(
            (t) => `${t.name}:${t.engine}`,
          );
          const expected = [
            "backfill_progress:ReplacingMergeTree",
            "crumbtrail_schema:MergeTree",
            "events_local:MergeTree",
            "person_distinct_ids_local:ReplacingMergeTree",
            "event_persons_local:ReplacingMergeTree",
            "event_persons_mv:MaterializedView",
          ];
          if (nodes.cluster) expected.push("events:Distributed", "person_distinct_ids:Distributed", "event_persons:Distributed");
          assert.deepEqual(tables.sort(), expected.sort());
        }
      });

      test("backfill in parts, resumed after a run stopped between insert and record, copies each event once", async () => {
        const events = nodes.cluster ? "events" : "events_local";
        const part = await cli(server, ["clickhouse:backfill", "--project", project.projectId, "--batch", "7", "--batches", "2"], env);
        assert.equal(part.code, 0, part.stderr);
        assert.match(part.stdout, /Copied 14 event\(s\).*14 of 43 are in ClickHouse\. Run it again/);
        assert.equal(await count(nodes.url, `SELECT count() AS n FROM ${events}`), 14);

        // A run killed after its insert but before recording it: the record says less than ClickHouse has.
        await ch(nodes.url, `INSERT INTO backfill_progress VALUES ('${project.projectId}', 7, ${Date.now() * 1000 + 999_999})`);
        const rest = await cli(server, ["clickhouse:backfill", "--project", project.projectId, "--batch", "7"], env);
        assert.equal(rest.code, 0, rest.stderr);
        assert.match(rest.stdout, /Copied 29 event\(s\).*\(7 already in ClickHouse or left to the server's outbox, skipped\): all 43 of 43 are in ClickHouse/);

        const done = await cli(server, ["clickhouse:backfill", "--project", project.projectId], env);
        assert.equal(done.code, 0, done.stderr);
        assert.match(done.stdout, /Copied 0 event\(s\).*all 43 of 43/);

        // What Settings shows: the copied count and the last recorded id, the endpoint without credentials.
        const status = await clickHouseStatus(project.projectId, env);
        assert.ok(status.configured && "copied" in status, JSON.stringify(status));
        assert.equal(status.copied, 43);
        assert.ok(status.lastEventId > 0);
        assert.doesNotMatch(status.endpoint, /@/);
        assert.equal(status.holdsAll, true, "a complete backfill lets reports read ClickHouse");

        const [totals] = await ch<{ n: string; ids: string; messages: string; projects: string }>(
          nodes.url,
          `SELECT count() AS n, uniqExact(event_id) AS ids, uniqExact(message_id) AS messages, uniqExact(project_id) AS projects FROM ${events}`,
        );
        assert.deepEqual(totals, { n: "43", ids: "43", messages: "43", projects: "1" });
        const source = await withSql(server, (sql) =>
          sql.rows<{ id: number; message_id: string; ts: number; person_id: number }>("SELECT id, message_id, ts, person_id FROM events WHERE project_id = ? ORDER BY id", [project.projectId]),
        );
        const copied = await ch<{ event_id: string; message_id: string; ts: string; person_id: string }>(
          nodes.url,
          `SELECT event_id, message_id, ts, person_id FROM ${events} ORDER BY event_id`,
        );
        assert.deepEqual(
          copied.map((r) => [Number(r.event_id), r.message_id, Number(r.ts), Number(r.person_id)]),
          source.map((r) => [Number(r.id), r.message_id, Number(r.ts), Number(r.person_id)]),
        );
        if (nodes.cluster) {
          // Both shards hold part of the events, and together all of them.
          const perNode = await Promise.all(nodes.urls().map((url) => count(url, "SELECT count() AS n FROM events_local")));
          assert.ok(perNode.every((n) => n > 0), `events per shard: ${perNode.join(", ")}`);
          assert.equal(perNode.reduce((a, b) => a + b, 0), 43);
        }
      });

      test("a backfill killed (SIGKILL) in the middle resumes without duplicates", async () => {
        // A database of its own, so this copy starts from nothing.
        await nodes.createDatabase("killed");
        const urls = nodes.urls("killed");
        // In-process (the command itself is checked above): each node, the entry node last.
        for (const url of [...urls.slice(1), urls[0]]) await migrateClickHouse(new ClickHouseClient(url), nodes.cluster);
        const killedEnv = { ...env, CLICKHOUSE_URL: urls[0] };
        const events = nodes.cluster ? "events" : "events_local";
        // One event a batch: the first progress line comes after the first batch, and the kill follows at once.
        const killed = await cli(server, ["clickhouse:backfill", "--project", project.projectId, "--batch", "1"], killedEnv, /events in ClickHouse/);
        assert.match(killed.stdout, /\.\.\. \d+ of 43 events in ClickHouse/);
        const before = await count(urls[0], `SELECT count() AS n FROM ${events}`);
        assert.ok(before >= 1, `the killed run copied ${before} event(s)`);
        if (killed.code === 0) console.log(`note: the backfill finished before the kill reached it (${before} events)`);
        else assert.ok(before < 43, `the killed run copied ${before} event(s)`);

        const resumed = await cli(server, ["clickhouse:backfill", "--project", project.projectId, "--batch", "5"], killedEnv);
        assert.equal(resumed.code, 0, resumed.stderr);
        assert.match(resumed.stdout, /all 43 of 43 are in ClickHouse/);
        const [totals] = await ch<{ n: string; ids: string }>(urls[0], `SELECT count() AS n, uniqExact(event_id) AS ids FROM ${events}`);
        assert.deepEqual(totals, { n: "43", ids: "43" });
      });

      test("properties read back exactly, each by indexOf on the key array", async () => {
        const events = nodes.cluster ? "events" : "events_local";
        const [row] = await ch<{ properties: string; keys: string[]; values: string[] }>(
          nodes.url,
          `SELECT properties, property_keys AS keys, property_values AS values FROM ${events} WHERE message_id = '${trickyMessage}'`,
        );
        const [stored] = await withSql(server, (sql) =>
          sql.rows<{ properties: unknown }>("SELECT properties FROM events WHERE message_id = ?", [trickyMessage]),
        );
        const source = typeof stored.properties === "string" ? JSON.parse(stored.properties) : stored.properties;
        assert.deepEqual(source, TRICKY);
        assert.deepEqual(JSON.parse(row.properties), source);
        assert.deepEqual(row.keys.slice().sort(), Object.keys(TRICKY).sort());
        for (const [key, value] of Object.entries(TRICKY)) {
          const [read] = await ch<{ v: string }>(
            nodes.url,
            `SELECT property_values[indexOf(property_keys, '${key}')] AS v FROM ${events} WHERE message_id = '${trickyMessage}'`,
          );
          assert.deepEqual(JSON.parse(read.v), value, key);
        }
        const [quoted] = await ch<{ n: string }>(
          nodes.url,
          `SELECT count() AS n FROM ${events} WHERE property_values[indexOf(property_keys, 'quote')] = '"it\\'s \\\\"quoted\\\\""'`,
        );
        assert.equal(quoted.n, "1");
      });

      test("the client writes and reads back quotes, backslashes, NUL and unicode exactly", async () => {
        const client = new ClickHouseClient(nodes.url);
        const nasty = "a'b\\c\0d\n\t😀 é \u2028 \\' \\\\";
        const [echo] = await client.query<{ s: string }>(`SELECT ${literal(nasty)} AS s`);
        assert.equal(echo.s, nasty);
        await client.exec("CREATE TABLE IF NOT EXISTS scratch (s String, a Array(String)) ENGINE = Memory");
        await client.insert("scratch", [{ s: nasty, a: [nasty, ""] }]);
        const rows = await client.query<{ s: string; a: string[] }>(`SELECT s, a FROM scratch WHERE s = ${literal(nasty)} AND has(a, ${literal(nasty)})`);
        assert.deepEqual(rows, [{ s: nasty, a: [nasty, ""] }]);
        await assert.rejects(client.query("SELECT * FROM no_such_table"), (error: unknown) => {
          assert.ok(error instanceof ClickHouseError);
          assert.equal(error.kind, "server");
          assert.equal(error.code, 60);
          assert.match(error.message, /^ClickHouse: Table crumbtrail\.no_such_table doesn't exist/);
          return true;
        });
      });

      test("distinct ids map to their current person, the merged anonymous id included", async () => {
        const table = nodes.cluster ? "person_distinct_ids" : "person_distinct_ids_local";
        const source = await withSql(server, (sql) =>
          sql.rows<{ distinct_id: string; person_id: number }>("SELECT distinct_id, person_id FROM person_distinct_ids WHERE project_id = ? ORDER BY distinct_id", [project.projectId]),
        );
        assert.equal(source.length, 14);
        const mapped = await ch<{ distinct_id: string; person: string }>(
          nodes.url,
          `SELECT distinct_id, argMax(person_id, version) AS person FROM ${table} WHERE project_id = '${project.projectId}' GROUP BY distinct_id ORDER BY distinct_id`,
        );
        assert.deepEqual(
          mapped.map((r) => [r.distinct_id, Number(r.person)]),
          source.map((r) => [r.distinct_id, Number(r.person_id)]),
        );
        const persons = new Map(mapped.map((r) => [r.distinct_id, r.person]));
        assert.equal(persons.get(anon), persons.get(user), "identify merged the anonymous id into the user's person");
        // A later merge is one newer row: every event of the distinct id follows it, back in time too.
        await ch(nodes.url, `INSERT INTO ${table} VALUES ('${project.projectId}', '${anon}', 424242, 0, ${Date.now() + 60_000})`);
        const events = nodes.cluster ? "events" : "events_local";
        const [moved] = await ch<{ n: string }>(
          nodes.url,
          `SELECT count() AS n FROM ${events} WHERE project_id = '${project.projectId}' AND distinct_id GLOBAL IN
             (SELECT distinct_id FROM ${table} WHERE project_id = '${project.projectId}' GROUP BY distinct_id HAVING argMax(person_id, version) = 424242)`,
        );
        assert.equal(moved.n, "1");
      });

      // Reports map write-time persons to current ones through event_persons (lib/query/clickhouse/source.ts).
      const pairsOf = async (table: string) =>
        (
          await ch<{ distinct_id: string; person_id: string }>(
            nodes.url,
            `SELECT DISTINCT distinct_id, person_id FROM ${table} WHERE project_id = '${project.projectId}' ORDER BY distinct_id, person_id`,
          )
        ).map((r) => `${r.distinct_id}:${r.person_id}`);

      test("event_persons holds each distinct id with every person its events were written with", async () => {
        const pairs = await pairsOf(nodes.cluster ? "event_persons" : "event_persons_local");
        assert.ok(pairs.length >= 14);
        assert.deepEqual(pairs, await pairsOf(nodes.cluster ? "events" : "events_local"));
      });

      if (shards === 1) {
        test("a ClickHouse migrated before event_persons existed gets it filled from the events it holds", async () => {
          await ch(nodes.url, "DROP TABLE event_persons_mv");
          await ch(nodes.url, "DROP TABLE event_persons_local");
          await ch(nodes.url, "ALTER TABLE crumbtrail_schema DELETE WHERE version = 2");
          for (let waited = 0; (await count(nodes.url, "SELECT count() AS n FROM crumbtrail_schema WHERE version = 2")) > 0; waited += 50) {
            assert.ok(waited < 10_000, "the schema row was deleted");
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          const upgrade = await cli(server, ["clickhouse:migrate"], env);
          assert.equal(upgrade.code, 0, upgrade.stderr);
          assert.match(upgrade.stdout, /Applied 1 ClickHouse schema step\(s\): the persons each distinct id's events were written with/);
          assert.deepEqual(await pairsOf("event_persons_local"), await pairsOf("events_local"));
        });
      }
    });
  }
});
