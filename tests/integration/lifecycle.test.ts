// Stopping under a supervisor (issue 16): the server is started the ways
// supervisors start it (`node bin/crumbtrail.mjs start`, `npm start`) and
// stopped the ways they stop it (SIGTERM, SIGINT, its npm launcher killed, the
// log pipe closed before or during the stop). Each time: every process is gone
// within 10 s, every event answered 200 is stored, and nothing spins.
import assert from "node:assert/strict";
import fs from "node:fs";
import { after, describe, test } from "node:test";
import { createAccountWithProject, track, uniqueId, type ProjectFixture } from "../support/api";
import { withSql } from "../support/sql";
import { databaseKind, isAlive, startServer, type TestServer } from "../support/server";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const STOP_WITHIN_MS = 10_000;

/** CPU seconds (user + system) a process has used so far (Linux /proc; ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The process that serves: the node process running `crumbtrail.mjs start` (under npm, a grandchild). */
function servingPid(server: TestServer): number {
  const pid = server.pids.find((p) => {
    try {
      return /crumbtrail\.mjs\0start/.test(fs.readFileSync(`/proc/${p}/cmdline`, "utf8"));
    } catch {
      return false;
    }
  });
  assert.ok(pid, `no crumbtrail.mjs start process among ${server.pids.join(", ")}`);
  return pid;
}

/** Resolves with how long it took every process of the server to go, or null past the limit. */
async function goneWithin(pids: number[], ms: number): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (!pids.some(isAlive)) return Date.now() - started;
    await sleep(50);
  }
  return null;
}

/** Sends batches from several lanes until the server stops answering; the message ids it answered 200. */
function ingestUntilStopped(server: TestServer, project: ProjectFixture): { acknowledged: Set<string>; done: Promise<void> } {
  const acknowledged = new Set<string>();
  const lane = async (n: number) => {
    for (let round = 0; ; round++) {
      const batch = Array.from({ length: 20 }, (_, i) => ({
        event: "Lifecycle Test",
        anonymousId: `lane-${n}-${i % 4}`,
        messageId: uniqueId(`m${n}-${round}-${i}`),
      }));
      try {
        const answer = await track(server.url, { batch }, { writeKey: project.writeKey });
        if (answer.status === 200) for (const m of batch) acknowledged.add(m.messageId);
        // 503 while stopping: not acknowledged, so the client retries elsewhere; keep going.
      } catch {
        return; // the connection was refused or cut: the server is gone
      }
    }
  };
  return { acknowledged, done: Promise.all([0, 1, 2, 3].map(lane)).then(() => undefined) };
}

async function storedMessageIds(server: TestServer, projectId: string): Promise<Set<string>> {
  const rows = await withSql(server, (sql) => sql.rows<{ message_id: string }>("SELECT message_id FROM events WHERE project_id = ?", [projectId]));
  return new Set(rows.map((row) => row.message_id));
}

async function assertAllStored(server: TestServer, projectId: string, acknowledged: Set<string>): Promise<void> {
  assert.ok(acknowledged.size > 0, "the load got no answer at all before the stop: nothing was proved");
  const stored = await storedMessageIds(server, projectId);
  const lost = [...acknowledged].filter((id) => !stored.has(id));
  assert.deepEqual(lost.slice(0, 5), [], `${lost.length} of ${acknowledged.size} acknowledged messages were not stored`);
}

/** Loads the server, lets `stopIt` stop it, and checks the stop: gone in time, nothing acknowledged lost. */
async function stopUnderLoad(server: TestServer, stopIt: () => void): Promise<void> {
  const project = await createAccountWithProject(server, "Lifecycle");
  const load = ingestUntilStopped(server, project);
  while (load.acknowledged.size < 200) await sleep(20);
  const pids = [...server.pids];
  stopIt();
  const tookMs = await goneWithin(pids, STOP_WITHIN_MS);
  assert.notEqual(tookMs, null, `still running ${STOP_WITHIN_MS / 1000} s after the stop: ${pids.filter(isAlive).join(", ")}\n${server.output().slice(-2000)}`);
  await load.done;
  await assertAllStored(server, project.projectId, load.acknowledged);
}

describe(`stopping under a supervisor (${databaseKind()})`, () => {
  const servers: TestServer[] = [];
  const start = async (label: string, via: "node" | "npm" = "node") => {
    const server = await startServer({ label, via });
    servers.push(server);
    return server;
  };
  after(async () => {
    for (const server of servers) await server.stop();
  });

  test("SIGTERM under load: gone within 10 s, every acknowledged event stored", async () => {
    const server = await start("sigterm");
    await stopUnderLoad(server, () => process.kill(servingPid(server), "SIGTERM"));
    assert.match(server.output(), /Stopped\./);
  });

  test("SIGINT (Ctrl-C) under load: the same", async () => {
    const server = await start("sigint");
    await stopUnderLoad(server, () => process.kill(servingPid(server), "SIGINT"));
  });

  test("npm start, SIGTERM to npm alone (npm's shell does not pass it on): the server stops by itself", async () => {
    const server = await start("npm-sigterm", "npm");
    await stopUnderLoad(server, () => process.kill(server.pid, "SIGTERM"));
    assert.match(server.output(), /npm \(pid \d+\), which started this server, is gone/);
  });

  test("npm start, npm killed outright: the server stops by itself", async () => {
    const server = await start("npm-sigkill", "npm");
    await stopUnderLoad(server, () => process.kill(server.pid, "SIGKILL"));
  });

  test("log pipe closed while serving: a request that makes the server log costs no CPU, and it still serves and stops", async () => {
    const server = await start("pipe-closed");
    const pid = servingPid(server);
    server.closeOutput();
    // A stranger can make Next.js log an error at will: a server action that does not exist.
    for (let i = 0; i < 3; i++) {
      await fetch(`${server.url}/signin`, { method: "POST", headers: { "Next-Action": "0".repeat(42), "Content-Type": "text/plain" }, body: "[]" }).catch(() => null);
    }
    await sleep(500);
    // A spin burns the whole of both windows; the work of a server settling
    // after its requests (collecting garbage, a timer's first run) is done by the second.
    const windows: number[] = [];
    for (let i = 0; i < 2; i++) {
      const before = cpuSeconds(pid);
      await sleep(2_000);
      windows.push(cpuSeconds(pid) - before);
    }
    const spent = Math.min(...windows);
    assert.ok(spent < 0.5, `the server used ${windows.map((w) => w.toFixed(2)).join(" and ")} s of CPU in two 2 s windows of idling after its log pipe closed`);
    assert.equal((await fetch(`${server.url}/api/health`)).status, 200);
    process.kill(pid, "SIGTERM");
    assert.notEqual(await goneWithin(server.pids, STOP_WITHIN_MS), null, "still running after SIGTERM with its log pipe closed");
  });

  test("log pipe closed at the moment of the stop, with npm killed: gone within 10 s, nothing lost", async () => {
    const server = await start("pipe-closing", "npm");
    await stopUnderLoad(server, () => {
      process.kill(server.pid, "SIGKILL");
      server.closeOutput();
    });
  });
});
