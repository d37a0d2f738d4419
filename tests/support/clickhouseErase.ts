// The suite of tests/integration/clickhouseErase*.test.ts: erase and retention
// purge reach ClickHouse's copies (docs/clickhouse.md, "Erase and retention
// purge"). After a backfill, DELETE .../users/{id} and `crumbtrail purge` delete
// the rows in ClickHouse too (ALTER ... DELETE mutations, waited for), on one node,
// on a two-shard cluster without ZooKeeper, reached through CLICKHOUSE_SHARD_URLS,
// and on two shards with ZooKeeper, where migrate and the deletes run ON CLUSTER.
// Against Debian's ClickHouse 18.16 via scripts/clickhouse-cluster.mjs (and
// Debian's ZooKeeper 3.8 via scripts/zookeeper.mjs).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createAccountWithProject, createProject, http, track, uniqueId, type HttpAnswer, type ProjectFixture } from "./api";
import { databaseKind, runCli, startServer, type CliResult, type TestServer } from "./server";
import { withSql } from "./sql";
import { literal } from "../../lib/store/clickhouse/literal";
import { ch, startClickHouseNodes, type ClickHouseNodes } from "./clickhouse";
import { startZooKeeper } from "../../scripts/zookeeper.mjs";

const DAY = 86_400_000;

/** The CLI with ClickHouse's settings in its environment. */
function cli(server: TestServer, args: string[], env: Record<string, string>): Promise<CliResult> {
  return runCli(server, args, { env, timeoutMs: 120_000 });
}

function ok(answer: HttpAnswer, status = 200): void {
  assert.equal(answer.status, status, `expected HTTP ${status}, got ${answer.status}: ${answer.text.slice(0, 500)}`);
}

function erase(server: TestServer, project: ProjectFixture, distinctId: string): Promise<HttpAnswer> {
  return http(`${server.url}/api/projects/${project.projectId}/users/${encodeURIComponent(distinctId)}`, {
    method: "DELETE",
    headers: { Authorization: `Bearer ${project.secretKey}` },
  });
}

/**
 * The suite on one node or on two shards, those with ZooKeeper when `onCluster`
 * (one file each: together they would pass the per-file time limit).
 */
export function clickHouseEraseSuite(shards: 1 | 2, onCluster = false): void {
  const where = shards === 1 ? "one node" : onCluster ? "two shards with ZooKeeper, ON CLUSTER" : "two shards";
  describe(`ClickHouse erase and purge, ${where} (${databaseKind()})`, () => {
    let zookeeper: { address: string; stop(): Promise<void> } | null = null;
    let nodes: ClickHouseNodes;
    /** Two shards without ZooKeeper: the deletes need CLICKHOUSE_SHARD_URLS, and say so without it. */
    const needsShardUrls = shards === 2 && !onCluster;
    let server: TestServer;
    let env: Record<string, string>;
    let project: ProjectFixture;
    let other: ProjectFixture;
    const anon = uniqueId("anon");
    const user = uniqueId("user's");
    const bystander = uniqueId("bystander");
    const failing = uniqueId("failing");
    const now = Date.now();
    const ago = (days: number) => new Date(now - days * DAY).toISOString();

    /** The events table as read from node 1: the Distributed one on a cluster. */
    const events = () => (nodes.cluster ? "events" : "events_local");
    const mapping = () => (nodes.cluster ? "person_distinct_ids" : "person_distinct_ids_local");
    const ids = (list: string[]) => `(${list.map((id) => literal(id)).join(", ")})`;

    /** Rows of the project and distinct ids, summed over every node's local table (nothing hides behind a Distributed table). */
    async function localCount(table: "events_local" | "person_distinct_ids_local", projectId: string, distinctIds: string[]): Promise<number> {
      let n = 0;
      for (const url of nodes.urls()) {
        const [row] = await ch<{ n: string }>(url, `SELECT count() AS n FROM ${table} WHERE project_id = ${literal(projectId)} AND distinct_id IN ${ids(distinctIds)}`);
        n += Number(row.n);
      }
      return n;
    }

    /** Every event row of both projects but the excluded ids of `project`, as (project, event id). */
    async function otherRows(excluded: string[]): Promise<string[]> {
      const where = excluded.length ? `NOT (project_id = ${literal(project.projectId)} AND distinct_id IN ${ids(excluded)})` : "1";
      const rows = await ch<{ p: string; id: string }>(nodes.url, `SELECT project_id AS p, event_id AS id FROM ${events()} WHERE ${where} ORDER BY p, id`);
      return rows.map((r) => `${r.p}/${r.id}`);
    }

    before(async () => {
      if (onCluster) zookeeper = await startZooKeeper();
      nodes = await startClickHouseNodes(shards, zookeeper?.address ?? null);
      env = {
        CLICKHOUSE_URL: nodes.url,
        ...(nodes.cluster ? { CLICKHOUSE_CLUSTER: nodes.cluster } : {}),
        ...(needsShardUrls ? { CLICKHOUSE_SHARD_URLS: nodes.urls().join(", ") } : {}),
      };
      server = await startServer({ label: `ch-erase-${shards}`, env });
      project = await createAccountWithProject(server, "Erased");
      // A second project of the same owner (one CLI run less than a new account).
      other = { owner: project.owner, ...(await createProject(server, project.owner.email, "Untouched")) };
      const send = async (keys: ProjectFixture, batch: unknown[]) => ok(await track(server.url, { batch }, { writeKey: keys.writeKey }));
      // An anonymous visitor who signs in (identify merges the two persons), a bystander, and one whose ClickHouse erase will fail.
      await send(project, [
        { type: "track", event: "Viewed", anonymousId: anon, timestamp: ago(100) },
        { type: "track", event: "Viewed", anonymousId: anon, timestamp: ago(2) },
        { type: "track", event: "Signed up", userId: user, timestamp: ago(1) },
        { type: "identify", userId: user, anonymousId: anon, timestamp: ago(1) },
        { type: "track", event: "Viewed", anonymousId: bystander, timestamp: ago(100) },
        { type: "track", event: "Viewed", anonymousId: bystander, timestamp: ago(50) },
        { type: "track", event: "Viewed", anonymousId: bystander, timestamp: ago(1) },
        { type: "track", event: "Viewed", userId: failing, timestamp: ago(3) },
        { type: "track", event: "Paid", userId: failing, timestamp: ago(2) },
      ]);
      // The same distinct ids in another project are other people.
      await send(other, [
        { type: "track", event: "Viewed", userId: user, timestamp: ago(100) },
        { type: "track", event: "Viewed", anonymousId: anon, timestamp: ago(1) },
        { type: "track", event: "Viewed", userId: failing, timestamp: ago(1) },
      ]);
      // One migrate run: on the cluster, CLICKHOUSE_SHARD_URLS lets it do every node.
      const migrated = await cli(server, ["clickhouse:migrate"], env);
      assert.equal(migrated.code, 0, migrated.stderr);
      assert.doesNotMatch(migrated.stdout, /no tables yet/);
      if (onCluster) assert.match(migrated.stdout, /\(cluster crumbtrail_two_shards, ON CLUSTER\)/);
      for (const keys of [project, other]) {
        const copied = await cli(server, ["clickhouse:backfill", "--project", keys.projectId], env);
        assert.equal(copied.code, 0, copied.stderr);
        assert.match(copied.stdout, /are in ClickHouse/);
      }
      // The server copies what it stored while ClickHouse had no tables (its outbox,
      // retried every 5 s), and the backfill leaves those to it: wait for the outbox.
      const deadline = Date.now() + 30_000;
      const waiting = () => withSql(server, async (sql) => Number((await sql.rows<{ n: number }>("SELECT count(*) AS n FROM clickhouse_outbox"))[0].n));
      while ((await waiting()) > 0) {
        assert.ok(Date.now() < deadline, "the server's outbox drains within 30 s");
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    });

    after(async () => {
      await server?.stop();
      await nodes?.stop();
      await zookeeper?.stop();
    });

    test("erasing a person deletes their events under every distinct id and their distinct-id rows in ClickHouse, nothing else", async () => {
      // The identify call is stored as an event too: count what the Prisma database holds of the person.
      const [{ n }] = await withSql(server, (sql) =>
        sql.rows<{ n: number }>("SELECT count(*) AS n FROM events WHERE project_id = ? AND distinct_id IN (?, ?)", [project.projectId, anon, user]),
      );
      const personEvents = Number(n);
      assert.ok(personEvents >= 3);
      assert.equal(await localCount("events_local", project.projectId, [anon, user]), personEvents);
      assert.ok((await localCount("person_distinct_ids_local", project.projectId, [anon, user])) >= 2);
      if (nodes.cluster) {
        const perNode = await Promise.all(nodes.urls().map(async (url) => Number((await ch<{ n: string }>(url, "SELECT count() AS n FROM events_local"))[0].n)));
        assert.ok(perNode.every((n) => n > 0), `both shards hold events: ${perNode.join(", ")}`);
      }
      const untouched = await otherRows([anon, user]);
      const otherMapping = await localCount("person_distinct_ids_local", other.projectId, [anon, user, failing]);

      const erased = await erase(server, project, user);
      ok(erased);
      assert.deepEqual(erased.body, { deletedEvents: personEvents, clickhouse: { status: "done" } });

      assert.equal(await localCount("events_local", project.projectId, [anon, user]), 0, "the person's events, anonymous and identified, are gone from every node");
      assert.equal(await localCount("person_distinct_ids_local", project.projectId, [anon, user]), 0, "their distinct-id rows are gone");
      const [mapped] = await ch<{ n: string }>(nodes.url, `SELECT count() AS n FROM ${mapping()} WHERE project_id = ${literal(project.projectId)} AND distinct_id IN ${ids([anon, user])}`);
      assert.equal(mapped.n, "0");
      assert.deepEqual(await otherRows([anon, user]), untouched, "other persons' and other projects' events are all still there");
      assert.equal(await localCount("person_distinct_ids_local", other.projectId, [anon, user, failing]), otherMapping);
      assert.equal(await localCount("events_local", other.projectId, [anon, user]), 2);

      // Nothing of them is left anywhere: "not found", as without ClickHouse.
      ok(await erase(server, project, anon), 404);
    });

    test("an erase whose ClickHouse half fails says so in JSON, and the same request repeated finishes it", async () => {
      // ClickHouse unreachable; two shards without ZooKeeper: no CLICKHOUSE_SHARD_URLS, refused in one sentence.
      const brokenEnv: Record<string, string> = needsShardUrls
        ? { CLICKHOUSE_URL: env.CLICKHOUSE_URL, CLICKHOUSE_CLUSTER: nodes.cluster! }
        : { ...env, CLICKHOUSE_URL: "http://default@127.0.0.1:1/crumbtrail" };
      const broken = await startServer({ label: `ch-erase-broken-${shards}`, database: server, env: brokenEnv });
      let failed: HttpAnswer;
      try {
        failed = await erase(broken, project, failing);
      } finally {
        await broken.stop();
      }
      ok(failed);
      assert.equal(failed.body.deletedEvents, 2, "the Prisma database's erase happened");
      assert.equal(failed.body.clickhouse.status, "failed");
      assert.match(failed.body.clickhouse.message, needsShardUrls ? /CLICKHOUSE_SHARD_URLS is not set/ : /unreachable/);
      assert.match(failed.body.clickhouse.message, /Repeat the same request to retry/);
      assert.equal(await localCount("events_local", project.projectId, [failing]), 2, "ClickHouse still holds them");

      // The person is gone from the Prisma database; ClickHouse's copy of the mapping still names the ids.
      const retried = await erase(server, project, failing);
      ok(retried);
      assert.deepEqual(retried.body, { deletedEvents: 0, clickhouse: { status: "done" } });
      assert.equal(await localCount("events_local", project.projectId, [failing]), 0);
      assert.equal(await localCount("person_distinct_ids_local", project.projectId, [failing]), 0);
      assert.equal(await localCount("events_local", other.projectId, [failing]), 1, "the other project's person of the same id is untouched");
      ok(await erase(server, project, failing), 404);
    });

    test("retention purge deletes only the older rows in ClickHouse, and a later run finishes what a failed one left", async () => {
      await withSql(server, (sql) => sql.run(`UPDATE "Project" SET "retentionDays" = ? WHERE "id" = ?`, [30, project.projectId]));
      const otherBefore = await otherRows([]).then((rows) => rows.filter((r) => r.startsWith(`${other.projectId}/`)));
      if (needsShardUrls) {
        // Without CLICKHOUSE_SHARD_URLS the Prisma database is purged, ClickHouse's half refused in one sentence.
        const refused = await cli(server, ["purge", "--project", project.projectId], { CLICKHOUSE_URL: nodes.url, CLICKHOUSE_CLUSTER: nodes.cluster! });
        assert.equal(refused.code, 0, refused.stderr);
        assert.match(refused.stdout, /deleted 2 event\(s\).*; ClickHouse failed: CLICKHOUSE_CLUSTER is set .* CLICKHOUSE_SHARD_URLS is not set.* The next purge tries again\./);
        const [left] = await ch<{ n: string }>(nodes.url, `SELECT count() AS n FROM events WHERE project_id = ${literal(project.projectId)}`);
        assert.equal(left.n, "3", "ClickHouse still holds the old rows");
      }
      const run = await cli(server, ["purge", "--project", project.projectId], env);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`deleted ${needsShardUrls ? 0 : 2} event\\(s\\) before .*; in ClickHouse too`));

      const cutoff = now - 30 * DAY;
      const kept = await ch<{ id: string; ts: string }>(nodes.url, `SELECT event_id AS id, ts FROM ${events()} WHERE project_id = ${literal(project.projectId)} ORDER BY id`);
      const source = await withSql(server, (sql) => sql.rows<{ id: number }>("SELECT id FROM events WHERE project_id = ? ORDER BY id", [project.projectId]));
      assert.equal(kept.length, 1, "the bystander's recent event");
      assert.ok(kept.every((r) => Number(r.ts) >= cutoff - DAY));
      assert.deepEqual(kept.map((r) => Number(r.id)), source.map((r) => Number(r.id)), "ClickHouse holds what the Prisma database kept");
      const otherAfter = await otherRows([]).then((rows) => rows.filter((r) => r.startsWith(`${other.projectId}/`)));
      assert.deepEqual(otherAfter, otherBefore, "a project without retention keeps its old events in ClickHouse");
      assert.equal(otherAfter.length, 3);
    });

    test("deleting a project deletes its rows in ClickHouse on every node, and no other project's", async () => {
      // What deleting a project runs once its row is gone (lib/projects deleteProject), here in this process.
      Object.assign(process.env, { DATABASE_URL: server.databaseUrl, DATA_DIR: server.dataDir, ...env });
      const { deleteProjectEvents } = await import("../../lib/store/projectData");
      const { closeConnections } = await import("../../lib/db");
      const rowsOf = async (table: "events_local" | "person_distinct_ids_local", projectId: string) => {
        let n = 0;
        for (const url of nodes.urls()) n += Number((await ch<{ n: string }>(url, `SELECT count() AS n FROM ${table} WHERE project_id = ${literal(projectId)}`))[0].n);
        return n;
      };
      try {
        assert.equal(await rowsOf("events_local", other.projectId), 3);
        assert.ok((await rowsOf("person_distinct_ids_local", other.projectId)) > 0);
        const kept = await rowsOf("events_local", project.projectId);
        assert.ok(kept > 0);
        await deleteProjectEvents(other.projectId);
        assert.equal(await rowsOf("events_local", other.projectId), 0);
        assert.equal(await rowsOf("person_distinct_ids_local", other.projectId), 0);
        assert.equal(await rowsOf("events_local", project.projectId), kept, "the other project keeps its rows");
      } finally {
        await closeConnections();
      }
    });
  });
}
