#!/usr/bin/env node
// The ingestion pipeline without HTTP and without Next.js: the same messages as
// bench/ingest.mjs go through lib/ingest (validate, normalize, enrich) and the
// process's group-commit writer (lib/store + lib/identity) in one process, so the
// cost of those two parts can be measured and compared between versions of the
// code, on a fresh SQLite database. CPU time is reported next to wall time:
// on a shared machine it is the steadier figure. See bench/README.md.
//
//   node bench/writer.mjs [--events 300000] [--request 100] [--concurrent 10] [--rounds 3]
//                         [--identify-share 0] [--events-per-visitor 20] [--active-visitors 5000] [--keep]
//                         [--sql-stats]   time every statement by its text (SQLite: prepare, run/all/get;
//                                         PostgreSQL: from sending to its answer)
//                         [--pg-url URL]  PostgreSQL instead: an empty database (the
//                                         CPU figures are then this process's alone)
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { tsImport } from "tsx/esm/api";
import { messageGenerator } from "./messages.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(ROOT, "package.json"));

const { values: opt } = parseArgs({
  options: {
    events: { type: "string", default: "300000" },
    request: { type: "string", default: "100" },
    concurrent: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
    "identify-share": { type: "string", default: "0" },
    "events-per-visitor": { type: "string", default: "20" },
    "active-visitors": { type: "string", default: "5000" },
    keep: { type: "boolean", default: false },
    "sql-stats": { type: "boolean", default: false },
    "pg-url": { type: "string" },
  },
  strict: true,
});
const EVENTS = Number(opt.events);
const REQUEST = Number(opt.request);
const CONCURRENT = Number(opt.concurrent);
const ROUNDS = Number(opt.rounds);

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "crumbtrail-writer-"));
const dbFile = path.join(workDir, "bench.db");
const pgUrl = opt["pg-url"];
process.env.DATABASE_URL = pgUrl ?? `file:${dbFile}`;
process.env.DATA_DIR = path.join(workDir, "state");
process.chdir(ROOT);

function cli(args) {
  const result = spawnSync(process.execPath, [path.join(ROOT, "bin", "crumbtrail.mjs"), ...args], { cwd: ROOT, env: process.env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`crumbtrail ${args[0]} failed: ${(result.stderr || result.stdout).trim()}`);
  return result.stdout;
}
cli(["user:create", "--email", "bench@example.com", "--password", "bench-password-1"]);
const { projectId } = JSON.parse(cli(["project:create", "--owner", "bench@example.com", "--name", "Bench", "--json"]).trim().split("\n").pop());

/** --sql-stats: wall time in better-sqlite3 per statement shape (prepare included). */
const sqlStats = new Map();
const shape = (sql) => sql.replace(/\s+/g, " ").replace(/(\(\?(, \?)*\))(, \(\?(, \?)*\))+/g, "$1, ...").replace(/\(\?(, \?)+\)/g, "(?, ...)").slice(0, 110);
const record = (sql, ns) => {
  const key = shape(sql);
  const entry = sqlStats.get(key) ?? { calls: 0, ns: 0 };
  entry.calls += 1;
  entry.ns += ns;
  sqlStats.set(key, entry);
};
if (opt["sql-stats"] && pgUrl) {
  // The statements go one at a time on the writer's connection: from sending
  // one to its answer is the database's time plus a round trip.
  const { Client } = require("pg");
  const query = Client.prototype.query;
  Client.prototype.query = function (config, ...rest) {
    const text = typeof config === "string" ? config : config?.text;
    const t = process.hrtime.bigint();
    const result = query.call(this, config, ...rest);
    if (text && result && typeof result.then === "function") {
      result.then(() => record(text.replace(/\$\d+/g, "?"), Number(process.hrtime.bigint() - t)), () => {});
    }
    return result;
  };
} else if (opt["sql-stats"]) {
  const Database = require("better-sqlite3");
  const probe = new Database(":memory:");
  const Statement = probe.prepare("select 1").constructor;
  probe.close();
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (sql) {
    const t = process.hrtime.bigint();
    try {
      return prepare.call(this, sql);
    } finally {
      record(`prepare: ${sql}`, Number(process.hrtime.bigint() - t));
    }
  };
  const exec = Database.prototype.exec;
  Database.prototype.exec = function (sql) {
    const t = process.hrtime.bigint();
    try {
      return exec.call(this, sql);
    } finally {
      record(sql, Number(process.hrtime.bigint() - t));
    }
  };
  for (const method of ["run", "all", "get"]) {
    const original = Statement.prototype[method];
    Statement.prototype[method] = function (...args) {
      const t = process.hrtime.bigint();
      try {
        return original.apply(this, args);
      } finally {
        record(this.source, Number(process.hrtime.bigint() - t));
      }
    };
  }
}

const load = (file) => tsImport(pathToFileURL(path.join(ROOT, file)).href, import.meta.url);
const { splitBody, checkMessage } = await load("lib/ingest/validate.ts");
const { normalizeMessage } = await load("lib/ingest/normalize.ts");
const { enrich } = await load("lib/ingest/enrich.ts");
const { eventWriter } = await load("lib/store/index.ts");
const { closeConnections } = await load("lib/db/index.ts");

const generator = messageGenerator({
  activeVisitors: Number(opt["active-visitors"]),
  eventsPerVisitor: Number(opt["events-per-visitor"]),
  identifyShare: Number(opt["identify-share"]),
});

/** This process's main thread: ns on a CPU and ns waiting for one (schedstat). */
const sched = () => {
  const [run, wait] = fs.readFileSync(`/proc/${process.pid}/task/${process.pid}/schedstat`, "utf8").split(" ").map(Number);
  return { run, wait };
};

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** What lib/ingest does to a request body before the writer (ingest() minus HTTP). */
function prepare(body) {
  const receivedAt = Date.now();
  const split = splitBody(JSON.parse(body));
  const messages = [];
  split.raw.forEach((raw, index) => {
    const checked = checkMessage(raw, index, split.isList);
    if (!checked.ok) throw new Error(checked.error.message);
    const message = normalizeMessage(checked.message, receivedAt, { context: split.envelopeContext, sentAt: split.envelopeSentAt });
    if (!enrich(message).bot) messages.push(message);
  });
  return messages;
}

const writer = eventWriter();
const results = [];
for (let round = 1; round <= ROUNDS; round++) {
  const prefix = `w${round}-${crypto.randomBytes(3).toString("hex")}`;
  const bodies = [];
  for (let r = 0; r < EVENTS / REQUEST; r++) bodies.push(generator.batchBody(prefix, r, REQUEST));

  let prepWall = 0, prepCpu = 0, writeWall = 0, writeCpu = 0, writeRun = 0, writeWait = 0, stored = 0;
  for (let r = 0; r < bodies.length; r += CONCURRENT) {
    let t = performance.now(), c = cpuNow();
    const requests = bodies.slice(r, r + CONCURRENT).map(prepare);
    prepWall += performance.now() - t;
    prepCpu += cpuNow() - c;
    t = performance.now();
    c = cpuNow();
    const s0 = sched();
    // As many requests as arrive together in the server: one group commit.
    const outcomes = await Promise.all(requests.map((messages) => writer.write({ projectId, messages })));
    writeWall += performance.now() - t;
    writeCpu += cpuNow() - c;
    const s1 = sched();
    writeRun += (s1.run - s0.run) / 1e9;
    writeWait += (s1.wait - s0.wait) / 1e9;
    for (const o of outcomes) stored += o.accepted - o.duplicates;
  }
  const n = bodies.length * REQUEST;
  results.push({ round, n, stored, prepWall: prepWall / 1000, prepCpu, writeWall: writeWall / 1000, writeCpu, writeRun, writeWait });
  process.stderr.write(
    `[writer] round ${round}: ${n} events; prepare ${Math.round(n / (prepWall / 1000))} events/s (${((prepCpu * 1e6) / n).toFixed(1)} us CPU each), ` +
      `write ${Math.round(n / (writeWall / 1000))} events/s (${((writeCpu * 1e6) / n).toFixed(1)} us CPU each; of its wall time the main thread ran ${Math.round((100 * writeRun) / (writeWall / 1000))}%, ` +
      `waited for a CPU ${Math.round((100 * writeWait) / (writeWall / 1000))}%, was blocked (I/O) ${Math.round(100 - (100 * (writeRun + writeWait)) / (writeWall / 1000))}%), stored ${stored}\n`,
  );
}
await closeConnections();

/** One number from a statement, on whichever database was written. */
async function openChecks() {
  if (pgUrl) {
    const { Client } = require("pg");
    const client = new Client({ connectionString: pgUrl });
    await client.connect();
    return {
      scalar: async (text) => Number(Object.values((await client.query(text)).rows[0])[0]),
      hasColumn: async (table, column) =>
        Number((await client.query("SELECT count(*) FROM information_schema.columns WHERE table_name = $1 AND column_name = $2", [table, column])).rows[0].count) > 0,
      hasTable: async (table) => Number((await client.query("SELECT count(*) FROM information_schema.tables WHERE table_name = $1", [table])).rows[0].count) > 0,
      isDistinct: "IS DISTINCT FROM",
      close: () => client.end(),
    };
  }
  const Database = require("better-sqlite3");
  const db = new Database(dbFile, { readonly: true });
  return {
    scalar: async (text) => db.prepare(text).pluck().get(),
    hasColumn: async (table, column) => db.prepare("SELECT count(*) FROM pragma_table_info(?) WHERE name = ?").pluck().get(table, column) > 0,
    hasTable: async (table) => db.prepare("SELECT count(*) FROM sqlite_master WHERE name = ?").pluck().get(table) > 0,
    isDistinct: "IS NOT",
    close: async () => db.close(),
  };
}
const checks = await openChecks();
const count = await checks.scalar("SELECT count(*) FROM events");
const persons = await checks.scalar("SELECT count(*) FROM persons");
// Where persons keep their own event count and first/last seen, they must agree with the events.
const hasActivity = await checks.hasColumn("persons", "event_count");
const activityMismatches = hasActivity
  ? await checks.scalar(
      `SELECT count(*) FROM persons p LEFT JOIN (SELECT person_id, count(*) AS n, min(ts) AS f, max(ts) AS l FROM events GROUP BY person_id) e ON e.person_id = p.id
       WHERE p.event_count != coalesce(e.n, 0) OR p.first_seen ${checks.isDistinct} e.f OR p.last_seen ${checks.isDistinct} e.l`,
    )
  : 0;
const orphans = await checks.scalar("SELECT count(*) FROM events e LEFT JOIN persons p ON p.id = e.person_id WHERE p.id IS NULL");
// Where the activity slots exist, they must be exactly the events' (event, 15-minute slot, person).
const hasSlots = await checks.hasTable("activity_slots");
const eventSlots = "SELECT DISTINCT project_id, event, ts - ((ts % 900000) + 900000) % 900000, person_id FROM events";
const slotRows = "SELECT project_id, event, slot, person_id FROM activity_slots";
const slotMismatches = hasSlots
  ? await checks.scalar(`SELECT (SELECT count(*) FROM (${eventSlots} EXCEPT ${slotRows}) a) + (SELECT count(*) FROM (${slotRows} EXCEPT ${eventSlots}) b)`)
  : 0;
await checks.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = (f) => median(results.map(f));
const cpu = fs.readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.*)$/m)?.[1] ?? "?";
const total = results.reduce((a, r) => a + r.n, 0);
console.log(`Crumbtrail writer benchmark (no HTTP, ${pgUrl ? "PostgreSQL" : "SQLite"}), ${new Date().toISOString()}, ${os.availableParallelism()} CPUs ${cpu}, Node ${process.version}, load ${os.loadavg()[0].toFixed(1)}`);
console.log(`${ROUNDS} round(s) of ${EVENTS} events, ${REQUEST} per request, ${CONCURRENT} requests per group commit; medians:`);
console.log(`  prepare (parse, validate, normalize, enrich): ${Math.round(m((r) => r.n / r.prepWall))} events/s wall, ${m((r) => (r.prepCpu * 1e6) / r.n).toFixed(1)} us CPU per event`);
console.log(`  write (identity, events, catalog, commit):    ${Math.round(m((r) => r.n / r.writeWall))} events/s wall, ${m((r) => (r.writeCpu * 1e6) / r.n).toFixed(1)} us CPU per event`);
console.log(`  write, main thread: ${Math.round(m((r) => (100 * r.writeRun) / r.writeWall))}% running, ${Math.round(m((r) => (100 * r.writeWait) / r.writeWall))}% waiting for a CPU, ${Math.round(m((r) => 100 - (100 * (r.writeRun + r.writeWait)) / r.writeWall))}% blocked (I/O)`);
console.log(`  both:                                         ${Math.round(m((r) => r.n / (r.prepWall + r.writeWall)))} events/s wall, ${m((r) => ((r.prepCpu + r.writeCpu) * 1e6) / r.n).toFixed(1)} us CPU per event`);
const ok = count === total && results.every((r) => r.stored === r.n) && orphans === 0 && activityMismatches === 0 && slotMismatches === 0;
console.log(
  `  storage: ${count} events stored of ${total} written, ${persons} persons, ${orphans} events without a person` +
    `${hasActivity ? `, ${activityMismatches} persons whose event_count/first_seen/last_seen disagree with their events` : ""}` +
    `${hasSlots ? `, ${slotMismatches} activity slots missing or left over` : ""} -> ${ok ? "OK" : "FAIL"}`,
);
if (!ok) process.exitCode = 1;
if (sqlStats.size) {
  const total = results.reduce((a, r) => a + r.n, 0);
  const rows = [...sqlStats].sort((a, b) => b[1].ns - a[1].ns).slice(0, 25);
  console.log(`\n${pgUrl ? "PostgreSQL" : "SQLite"} time by statement (all rounds; us per event = total time / ${total} events):`);
  for (const [sql, { calls, ns }] of rows) console.log(`${(ns / 1e3 / total).toFixed(2).padStart(7)} us/event ${String(calls).padStart(8)} calls  ${sql}`);
}
if (!opt.keep) fs.rmSync(workDir, { recursive: true, force: true });
else console.log(`  kept ${workDir}`);
