import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import Database from "better-sqlite3";
import { readConfig } from "../../lib/config";
import { migrate } from "../../lib/db/migrate";
import { ApiError } from "../../lib/http/errors";
import { normalizeMessage } from "../../lib/ingest/normalize";
import { checkMessage } from "../../lib/ingest/validate";
import type { WriteRequest } from "../../lib/store/eventStore";
import { ThreadedGroupStore } from "../../lib/store/writerThread";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crumbtrail-writer-thread-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function freshDatabase(name: string): Promise<string> {
  const file = path.join(dir, `${name}.db`);
  await migrate(readConfig({ DATABASE_URL: `file:${file}`, DATA_DIR: dir }));
  return file;
}

function track(messageId: string, distinctId: string, properties: Record<string, unknown> = {}): WriteRequest["messages"][number] {
  const checked = checkMessage({ type: "track", event: "Signed Up", anonymousId: distinctId, messageId, properties }, 0, false);
  if (!checked.ok) throw new Error(checked.error.message);
  return normalizeMessage(checked.message, Date.now(), { context: null, sentAt: null, requestIp: null, requestUserAgent: null });
}

describe("ThreadedGroupStore (the SQLite writer thread)", () => {
  test("commits groups on its own connection and answers each request", async () => {
    const file = await freshDatabase("commits");
    const store = new ThreadedGroupStore(file);
    try {
      const outcomes = await store.writeGroup([
        { projectId: "p1", messages: [track("m1", "anon-1"), track("m2", "anon-1")] },
        { projectId: "p1", messages: [track("m2", "anon-1"), track("m3", "anon-2", JSON.parse('{"__proto__": {"polluted": true}, "plan": "pro"}'))] },
      ]);
      assert.deepEqual(outcomes, [
        { accepted: 2, duplicates: 0, refused: [] },
        { accepted: 2, duplicates: 1, refused: [] },
      ]);
      // A retried group stores nothing twice.
      assert.deepEqual(await store.writeGroup([{ projectId: "p1", messages: [track("m1", "anon-1")] }]), [{ accepted: 1, duplicates: 1, refused: [] }]);
    } finally {
      await store.close();
    }
    const db = new Database(file, { readonly: true });
    const rows = db.prepare("SELECT message_id, properties FROM events ORDER BY message_id").all() as { message_id: string; properties: string }[];
    db.close();
    assert.deepEqual(rows.map((r) => r.message_id), ["m1", "m2", "m3"]);
    // Own "__proto__" keys cross the thread as data, never as a prototype.
    assert.deepEqual(JSON.parse(rows[2].properties), JSON.parse('{"__proto__": {"polluted": true}, "plan": "pro"}'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test("a thread that dies fails its pending groups with a retryable 503, and the next write starts a new one", async () => {
    const file = await freshDatabase("crash");
    // A stand-in thread that exits on its first group, then behaves.
    const entry = path.join(dir, "dies-once.mjs");
    const marker = path.join(dir, "died");
    fs.writeFileSync(
      entry,
      `import fs from "node:fs";
       import { parentPort } from "node:worker_threads";
       parentPort.postMessage({ ready: true });
       parentPort.on("message", ({ id, requestsJson }) => {
         if (!fs.existsSync(${JSON.stringify(marker)})) { fs.writeFileSync(${JSON.stringify(marker)}, ""); process.exit(3); }
         parentPort.postMessage({ id, outcomes: JSON.parse(requestsJson).map((r) => ({ accepted: r.messages.length, duplicates: 0, refused: [] })) });
       });`,
    );
    const store = new ThreadedGroupStore(file, entry);
    try {
      await assert.rejects(store.writeGroup([{ projectId: "p1", messages: [track("m1", "a")] }]), (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.status, 503);
        assert.equal(error.headers["Retry-After"], "1");
        return true;
      });
      assert.deepEqual(await store.writeGroup([{ projectId: "p1", messages: [track("m1", "a")] }]), [{ accepted: 1, duplicates: 0, refused: [] }]);
    } finally {
      await store.close();
    }
  });

  test("a thread that cannot open the database answers 503, not a crash", async () => {
    const store = new ThreadedGroupStore(path.join(dir, "no-such-folder", "missing.db"));
    try {
      await assert.rejects(store.writeGroup([{ projectId: "p1", messages: [track("m1", "a")] }]), (error: unknown) => error instanceof ApiError && error.status === 503);
    } finally {
      await store.close();
    }
  });

  test("a commit that waits out another connection's write lock answers a retryable 503", async () => {
    const file = await freshDatabase("busy");
    const store = new ThreadedGroupStore(file, undefined, 200);
    const holder = new Database(file, { timeout: 1000 });
    try {
      await store.start();
      holder.exec("BEGIN IMMEDIATE");
      await assert.rejects(store.writeGroup([{ projectId: "p1", messages: [track("m1", "a")] }]), (error: unknown) => {
        assert.ok(error instanceof ApiError, String(error));
        assert.equal(error.status, 503);
        assert.equal(error.code, "database_busy");
        return true;
      });
      holder.exec("ROLLBACK");
      // Once the lock is gone the same group goes through.
      assert.deepEqual(await store.writeGroup([{ projectId: "p1", messages: [track("m1", "a")] }]), [{ accepted: 1, duplicates: 0, refused: [] }]);
    } finally {
      if (holder.inTransaction) holder.exec("ROLLBACK");
      holder.close();
      await store.close();
    }
  });
});
