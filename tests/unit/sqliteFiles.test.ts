// The SQLite database holds every event, account and password hash: its files
// are the owner's only (0600), as the auth secret is.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { openSqlite, SQLITE_FILE_MODE } from "../../lib/db/sqlite";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crumbtrail-sqlite-mode-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe("SQLite file permissions", () => {
  test("a new database and its -wal and -shm files are created 0600 under a 022 umask", () => {
    const previous = process.umask(0o022);
    try {
      const file = path.join(dir, "new.db");
      const sqlite = openSqlite(file);
      sqlite.exec("CREATE TABLE t (x); INSERT INTO t VALUES (1);");
      for (const one of [file, `${file}-wal`, `${file}-shm`]) {
        assert.ok(fs.existsSync(one), `${one} exists`);
        assert.equal(modeOf(one).toString(8), SQLITE_FILE_MODE.toString(8), one);
      }
      sqlite.close();
    } finally {
      process.umask(previous);
    }
  });

  test("files an older version left 0644 are tightened when opened", () => {
    const file = path.join(dir, "old.db");
    const first = openSqlite(file);
    first.exec("CREATE TABLE t (x); INSERT INTO t VALUES (1);");
    for (const one of [file, `${file}-wal`, `${file}-shm`]) fs.chmodSync(one, 0o644);
    const second = openSqlite(file);
    for (const one of [file, `${file}-wal`, `${file}-shm`]) assert.equal(modeOf(one).toString(8), "600", one);
    second.close();
    first.close();
  });
});
