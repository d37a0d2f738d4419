// Nothing acknowledged is ever lost (API.md 2.3): under concurrent load the
// server is killed with SIGKILL, restarted on the same database, and every
// message that was answered 200 must be there, exactly once.
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { createAccountWithProject, ndjsonEvents, track, uniqueId } from "../support/api";
import { databaseKind, startServer, type TestServer } from "../support/server";

const WRITERS = 16;
const BATCH = 20;
const LOAD_MS = 2500;

describe(`crash safety (${databaseKind()})`, () => {
  const servers: TestServer[] = [];
  after(async () => {
    for (const server of servers) await server.stop();
  });

  test("kill -9 under load loses no acknowledged event", async (t) => {
    const first = await startServer({ label: "crash" });
    servers.push(first);
    const project = await createAccountWithProject(first, "Crash");
    const acknowledged = new Set<string>();
    let inFlightFailures = 0;
    let killed = false;

    async function writer(lane: number): Promise<void> {
      for (let round = 0; !killed; round++) {
        const batch = Array.from({ length: BATCH }, (_, i) => ({
          event: "Crash Test",
          anonymousId: `lane-${lane}-${i % 5}`,
          messageId: `${lane}-${round}-${i}-${uniqueId("m")}`,
          properties: { lane, round, i },
        }));
        try {
          const answer = await track(first.url, { batch }, { writeKey: project.writeKey });
          if (answer.status === 200) for (const m of batch) acknowledged.add(m.messageId);
        } catch {
          // The connection died with the server: unacknowledged, may or may not be stored.
          inFlightFailures += 1;
        }
      }
    }

    const lanes = Array.from({ length: WRITERS }, (_, lane) => writer(lane));
    // Load for a while, and at least until enough has been acknowledged to prove something.
    const started = Date.now();
    while (Date.now() - started < LOAD_MS || (acknowledged.size < BATCH * WRITERS * 2 && Date.now() - started < 60_000)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // SIGKILL every process of this server at once: no shutdown hooks, no flushing.
    await first.kill();
    killed = true;
    await Promise.all(lanes);
    assert.ok(acknowledged.size >= BATCH * WRITERS, `the load acknowledged only ${acknowledged.size} messages: too little to prove anything`);

    const second = await startServer({ label: "crash-restart", database: first });
    servers.push(second);
    const { status, events } = await ndjsonEvents(second.url, project.projectId, { secretKey: project.secretKey });
    assert.equal(status, 200);
    const stored = new Map<string, number>();
    for (const e of events) stored.set(e.messageId, (stored.get(e.messageId) ?? 0) + 1);
    const lost = [...acknowledged].filter((id) => !stored.has(id));
    assert.deepEqual(lost.slice(0, 5), [], `${lost.length} of ${acknowledged.size} acknowledged messages were lost`);
    const doubled = [...stored].filter(([, n]) => n > 1);
    assert.deepEqual(doubled.slice(0, 5), [], "a message was stored twice");
    t.diagnostic(`acknowledged ${acknowledged.size}, stored ${stored.size}, failed in flight ${inFlightFailures}`);
  });
});
