// Prisma's SQLite transactions take the write lock when they begin
// (lib/db/sqlitePrismaAdapter.ts): a transaction that reads, while another
// connection commits, and then writes, must wait its turn, not fail with
// "database is locked".
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import { ImmediateSqliteAdapter } from "../../lib/db/sqlitePrismaAdapter";

const raw = (sql: string) => ({ sql, args: [], argTypes: [] });

test("a transaction that reads, then writes after another connection tried to commit, succeeds", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crumbtrail-adapter-"));
  const file = path.join(dir, "db.sqlite");
  const other = new Database(file, { timeout: 50 });
  other.pragma("journal_mode = WAL");
  other.exec("CREATE TABLE t (n INTEGER)");
  const adapter = await new ImmediateSqliteAdapter(file, 2_000).connect();
  try {
    const tx = await adapter.startTransaction();
    await tx.queryRaw(raw("SELECT count(*) FROM t"));
    // Another connection writes in the middle. With a deferred BEGIN it would
    // commit, and the transaction's write below would fail at once; with
    // BEGIN IMMEDIATE the transaction holds the write lock, so this one waits
    // (here, past its short timeout) instead.
    assert.throws(() => other.prepare("INSERT INTO t VALUES (1)").run(), /database is locked/);
    await tx.executeRaw(raw("INSERT INTO t VALUES (2)"));
    await tx.executeRaw(raw("COMMIT"));
    await tx.commit();
    assert.deepEqual(other.prepare("SELECT n FROM t").all(), [{ n: 2 }]);
  } finally {
    await adapter.dispose();
    other.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
