// A ClickHouse that takes the connection and never answers (overloaded, or a
// per-person report too big for a small server) must cost a report time, not its
// answer: ClickHouse gets half of the report's limit, then the Prisma database,
// which holds every event too, answers with the rest (lib/query/report.ts).
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { createAccountWithProject, http as request, track } from "../support/api";
import { databaseKind, runCli, startServer, type TestServer } from "../support/server";
import { withSql } from "../support/sql";

describe(`a ClickHouse that never answers (${databaseKind()})`, () => {
  const held: http.ServerResponse[] = [];
  let silent: http.Server;
  let server: TestServer;
  let env: Record<string, string>;

  before(async () => {
    // Reads every request and answers none of them while the test runs.
    silent = http.createServer((req, res) => {
      req.resume();
      held.push(res);
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    env = { CLICKHOUSE_URL: `http://default@127.0.0.1:${(silent.address() as AddressInfo).port}/crumbtrail`, REPORT_TIMEOUT_SECONDS: "4" };
    server = await startServer({ label: "clickhouse-silent", env });
  });

  after(async () => {
    await server?.stop();
    for (const res of held) res.destroy();
    await new Promise((resolve) => silent?.close(resolve));
  });

  test("a report waits half of its limit for ClickHouse, then the database answers it", async () => {
    const { owner } = await createAccountWithProject(server, "Owner");
    // Born with CLICKHOUSE_URL set, and without events: ClickHouse holds all of them, the outbox is empty.
    const created = await runCli(server, ["project:create", "--owner", owner.email, "--name", "Silent", "--json"], { env });
    assert.equal(created.code, 0, created.stderr);
    const project = JSON.parse(created.stdout.trim().split("\n").at(-1)!) as { projectId: string; secretKey: string };

    const started = Date.now();
    const answer = await request(`${server.url}/api/projects/${project.projectId}/query`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${project.secretKey}` },
      body: JSON.stringify({ kind: "trends", from: "2026-11-01T00:00:00Z", to: "2026-11-08T00:00:00Z", interval: "day", series: [{ event: "Opened" }] }),
    });
    const took = Date.now() - started;
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.store, undefined, "answered by the database");
    assert.deepEqual((answer.body.series as { total: number }[]).map((line) => line.total), [0]);
    assert.ok(took >= 1_900, `ClickHouse had its share of the limit first (the report took ${took} ms)`);
    assert.ok(held.length > 0, "the report asked ClickHouse");
    assert.match(server.output(), /a report read the database instead of ClickHouse, which failed: no answer within 2 s/);
  });

  test("events are still acknowledged and stored; they wait in the outbox", async () => {
    const project = await createAccountWithProject(server, "Sender");
    const sent = await track(server.url, { type: "track", event: "Opened", anonymousId: "a-1", messageId: "silent-1" }, { writeKey: project.writeKey });
    assert.equal(sent.status, 200, sent.text);
    const [stored, waiting] = await withSql(server, async (sql) => [
      Number((await sql.rows<{ n: number }>("SELECT count(*) AS n FROM events WHERE project_id = ?", [project.projectId]))[0].n),
      Number((await sql.rows<{ n: number }>("SELECT count(*) AS n FROM clickhouse_outbox"))[0].n),
    ]);
    assert.deepEqual({ stored, waiting }, { stored: 1, waiting: 1 });
  });
});
