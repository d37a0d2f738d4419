import assert from "node:assert/strict";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { ConfigError, readConfig as readConfigFrom } from "../../lib/config";

/** readConfig over exactly these variables (Next's types make NODE_ENV required in ProcessEnv). */
const readConfig = (env: Record<string, string>) => readConfigFrom(env as unknown as NodeJS.ProcessEnv);

describe("readConfig", () => {
  test("with nothing set: SQLite under ./data on port 3000", () => {
    const cfg = readConfig({});
    assert.equal(cfg.databaseUrl, "file:./data/crumbtrail.db");
    assert.equal(cfg.databaseKind, "sqlite");
    assert.equal(cfg.sqlitePath, path.resolve("data/crumbtrail.db"));
    assert.equal(cfg.dataDir, path.resolve("data"));
    assert.equal(cfg.port, 3000);
    assert.equal(cfg.authSecret, undefined);
    assert.equal(cfg.github, null);
    assert.equal(cfg.google, null);
  });

  test("empty variables count as unset", () => {
    const cfg = readConfig({ DATABASE_URL: "", PORT: "", DATA_DIR: "", AUTH_SECRET: "" });
    assert.equal(cfg.databaseKind, "sqlite");
    assert.equal(cfg.port, 3000);
  });

  test("SQLite paths are made absolute", () => {
    const cfg = readConfig({ DATABASE_URL: "file:/var/lib/crumbtrail/x.db", DATA_DIR: "/srv/ct" });
    assert.equal(cfg.sqlitePath, "/var/lib/crumbtrail/x.db");
    assert.equal(cfg.dataDir, "/srv/ct");
    assert.equal(readConfig({ DATABASE_URL: "file:rel/x.db" }).sqlitePath, path.resolve("rel/x.db"));
  });

  test("postgres:// and postgresql:// URLs select PostgreSQL", () => {
    for (const url of ["postgres://u:p@db:5432/ct", "postgresql://u@localhost/ct"]) {
      const cfg = readConfig({ DATABASE_URL: url });
      assert.equal(cfg.databaseKind, "postgres");
      assert.equal(cfg.databaseUrl, url);
      assert.equal(cfg.sqlitePath, null);
    }
  });

  test("any other database URL is a ConfigError naming the variable", () => {
    for (const url of ["mysql://x/y", "./data/x.db", "sqlite:x.db"]) {
      assert.throws(() => readConfig({ DATABASE_URL: url }), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /^DATABASE_URL/);
        return true;
      });
    }
  });

  test("REPORT_THREADS is 1 or 2 (2 by default on 2 CPUs or more); REPORT_SPLIT_MIN_PERSONS at least 2", () => {
    assert.equal(readConfig({}).reportThreads, Math.min(2, os.availableParallelism()));
    assert.equal(readConfig({ REPORT_THREADS: "1" }).reportThreads, 1);
    assert.equal(readConfig({}).reportSplitMinPersons, 5000);
    assert.equal(readConfig({ REPORT_SPLIT_MIN_PERSONS: "2" }).reportSplitMinPersons, 2);
    for (const [name, value] of [["REPORT_THREADS", "3"], ["REPORT_THREADS", "0"], ["REPORT_THREADS", "two"], ["REPORT_SPLIT_MIN_PERSONS", "1"]]) {
      assert.throws(() => readConfig({ [name]: value }), (error: unknown) => error instanceof ConfigError && error.message.startsWith(name), `${name}=${value}`);
    }
  });

  test("PORT is a number from 1 to 65535", () => {
    assert.equal(readConfig({ PORT: "8080" }).port, 8080);
    for (const port of ["abc", "0", "65536", "80.5", "-1"]) {
      assert.throws(() => readConfig({ PORT: port }), (error: unknown) => error instanceof ConfigError && /^PORT/.test(error.message), port);
    }
  });

  test("AUTH_SECRET must be at least 16 characters", () => {
    assert.throws(() => readConfig({ AUTH_SECRET: "short" }), ConfigError);
    assert.equal(readConfig({ AUTH_SECRET: "0123456789abcdef" }).authSecret, "0123456789abcdef");
  });

  test("OAuth providers need both their id and secret", () => {
    assert.equal(readConfig({ GITHUB_ID: "id" }).github, null);
    assert.deepEqual(readConfig({ GITHUB_ID: "id", GITHUB_SECRET: "s" }).github, { clientId: "id", clientSecret: "s" });
    assert.equal(readConfig({ GOOGLE_CLIENT_SECRET: "s" }).google, null);
    assert.deepEqual(readConfig({ GOOGLE_CLIENT_ID: "g", GOOGLE_CLIENT_SECRET: "s" }).google, { clientId: "g", clientSecret: "s" });
  });

  test("mail: SMTP_URL and MAIL_FROM together, checked, or neither", () => {
    assert.equal(readConfig({}).smtp, null);
    assert.deepEqual(readConfig({ SMTP_URL: "smtp://u:p@mail.example.com:587", MAIL_FROM: "Crumbtrail <ct@example.com>" }).smtp, {
      url: "smtp://u:p@mail.example.com:587",
      from: "Crumbtrail <ct@example.com>",
    });
    assert.equal(readConfig({ SMTP_URL: "smtps://mail.example.com", MAIL_FROM: "ct@example.com" }).smtp?.from, "ct@example.com");
    assert.throws(() => readConfig({ SMTP_URL: "smtp://mail.example.com" }), /MAIL_FROM: set it too/);
    assert.throws(() => readConfig({ MAIL_FROM: "ct@example.com" }), /SMTP_URL: set it too/);
    assert.throws(() => readConfig({ SMTP_URL: "http://mail.example.com", MAIL_FROM: "ct@example.com" }), /SMTP_URL: must look like/);
    assert.throws(() => readConfig({ SMTP_URL: "smtp://mail.example.com", MAIL_FROM: "not an address" }), /MAIL_FROM: must be an address/);
    // The password in SMTP_URL never shows up in an error.
    assert.throws(() => readConfig({ SMTP_URL: "smtp://u:hunter2@", MAIL_FROM: "x" }), (e: Error) => !e.message.includes("hunter2"));
  });
});
