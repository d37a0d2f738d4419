#!/usr/bin/env node
// How fast can SQLite itself store events on this machine, with no HTTP, no
// validation, no identity and no catalog? A bare loop of one prepared INSERT
// per row, in transactions of --group rows, into the real `events` table (the
// schema comes from `crumbtrail migrate`) with the server's pragmas. Rows are
// built before the clock starts from the same messages as ingest.mjs, so their
// sizes are the real ones. The figure is the ceiling for every ingestion
// target: a path that also parses, validates and resolves identities can only
// be slower. See bench/README.md.
//
//   node bench/sqlite-ceiling.mjs [--rows 300000] [--group 5000] [--prefill 0] [--runs 3]
//                                 [--only "random ids,random ids, hashed key"]
//
// Variants, each on a fresh database:
//   product          the events table as migrated (five B-trees)
//   random ids       the same with random UUID messageIds (what analytics.js sends)
//                    instead of the benchmark's ordered ones
//   unique key only  without the three report indexes: what they cost
//   random ids, hashed key
//                    random UUIDs, the (project_id, message_id) unique index
//                    replaced by a plain index on a 64-bit hash of the id
//                    (what a collision-safe hashed dedupe would keep: the
//                    writer compares the text of the few rows a hash finds)
// --prefill N stores N rows first (untimed), so the B-trees are as deep as in a
// bigger project.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { messageGenerator } from "./messages.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const Database = createRequire(import.meta.url)("better-sqlite3");

const { values: opt } = parseArgs({
  options: {
    rows: { type: "string", default: "300000" },
    group: { type: "string", default: "5000" },
    prefill: { type: "string", default: "0" },
    runs: { type: "string", default: "3" },
    only: { type: "string" },
  },
});
const ROWS = Number(opt.rows);
const GROUP = Number(opt.group);
const PREFILL = Number(opt.prefill);
const RUNS = Number(opt.runs);

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "crumbtrail-ceiling-"));
process.on("exit", () => fs.rmSync(workDir, { recursive: true, force: true }));

/** A database file with the product's schema, migrated once and copied for every run. */
function migratedTemplate() {
  const file = path.join(workDir, "template.db");
  const env = { ...process.env, DATABASE_URL: `file:${file}`, DATA_DIR: workDir };
  const result = spawnSync(process.execPath, [path.join(ROOT, "bin", "crumbtrail.mjs"), "migrate"], { cwd: ROOT, env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`crumbtrail migrate failed: ${result.stderr || result.stdout}`);
  return file;
}

const COLUMNS = [
  "project_id", "event", "ts", "received_at", "distinct_id", "person_id", "message_id", "properties", "context",
  "url", "path", "referrer", "referring_domain", "utm_source", "utm_medium", "utm_campaign", "browser", "os", "device_type", "country", "library_name",
];

/** Rows shaped as lib/store writes them (ip dropped, page and UTM lifted), from the benchmark's messages. */
function buildRows(count, randomIds) {
  const { message } = messageGenerator({});
  const projectId = "cmceilingproject000000000";
  const base = Date.now() - count;
  const rows = new Array(count);
  for (let i = 0; i < count; i++) {
    const m = JSON.parse(message("ceiling", Math.floor(i / 100), i % 100, new Date(base + i).toISOString()));
    const { ip: _ip, ...context } = m.context;
    const url = new URL(m.context.page.url);
    const visitor = Number(m.anonymousId.slice("anon-".length));
    rows[i] = [
      projectId, m.event, base + i, base + i, m.userId ?? m.anonymousId, visitor + 1,
      randomIds ? crypto.randomUUID() : m.messageId,
      JSON.stringify(m.properties), JSON.stringify(context),
      m.context.page.url, m.context.page.path, m.context.page.referrer || null,
      m.context.page.referrer ? new URL(m.context.page.referrer).hostname : null,
      url.searchParams.get("utm_source"), url.searchParams.get("utm_medium"), url.searchParams.get("utm_campaign"),
      "Chrome", "Windows", "desktop", "DE", "analytics.js",
    ];
  }
  return rows;
}

function open(file) {
  const db = new Database(file);
  // The pragmas of lib/db/sqlite.ts (openSqlite).
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("cache_size = -65536");
  db.pragma("wal_autocheckpoint = 10000");
  return db;
}

/** The first 8 bytes of the id's SHA-1, as SQLite's signed 64-bit integer. */
const messageHash = (id) => crypto.createHash("sha1").update(id).digest().readBigInt64LE(0);
const MESSAGE_ID = COLUMNS.indexOf("message_id");

function insertAll(db, rows, hashed) {
  const insert = hashed
    ? db.prepare(`INSERT INTO events (${COLUMNS.join(", ")}, message_hash) VALUES (${COLUMNS.map(() => "?").join(", ")}, ?)`)
    : db.prepare(
        `INSERT INTO events (${COLUMNS.join(", ")}) VALUES (${COLUMNS.map(() => "?").join(", ")}) ON CONFLICT (project_id, message_id) DO NOTHING`,
      );
  for (let g = 0; g < rows.length; g += GROUP) {
    db.exec("BEGIN IMMEDIATE");
    const end = Math.min(rows.length, g + GROUP);
    // The hash is computed inside the clock: it is part of the cost.
    for (let i = g; i < end; i++) (hashed ? insert.run(...rows[i], messageHash(rows[i][MESSAGE_ID])) : insert.run(rows[i]));
    db.exec("COMMIT");
  }
}

function timeVariant(template, rows, prefillRows, dropReportIndexes, hashed) {
  const file = path.join(workDir, "run.db");
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  fs.copyFileSync(template, file);
  const db = open(file);
  if (dropReportIndexes) {
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'").pluck().all();
    for (const name of indexes) db.exec(`DROP INDEX "${name}"`);
  }
  if (hashed) {
    const unique = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql LIKE 'CREATE UNIQUE%'").pluck().all();
    for (const name of unique) db.exec(`DROP INDEX "${name}"`);
    db.exec("ALTER TABLE events ADD COLUMN message_hash INTEGER");
    db.exec("CREATE INDEX events_message_hash ON events (project_id, message_hash)");
  }
  if (prefillRows.length) insertAll(db, prefillRows, hashed);
  db.pragma("wal_checkpoint(TRUNCATE)");
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  insertAll(db, rows, hashed);
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  db.close();
  return { rowsPerSecond: (rows.length / wallMs) * 1000, cpuUsPerRow: ((used.user + used.system) / rows.length) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

const template = migratedTemplate();
console.error(`[ceiling] building ${fmt(ROWS + PREFILL)} rows`);
const ordered = buildRows(ROWS + PREFILL, false);
const random = buildRows(ROWS + PREFILL, true);
const variants = [
  ["product", ordered, false],
  ["random ids", random, false],
  ["unique key only", ordered, true],
  ["random ids, hashed key", random, false, true],
];
const chosen = opt.only ? new Set(opt.only.split(/,(?! )/)) : null;
const results = [];
for (const [name, all, drop, hashed = false] of variants) {
  if (chosen && !chosen.has(name)) continue;
  const runs = [];
  for (let r = 0; r < RUNS; r++) {
    runs.push(timeVariant(template, all.slice(PREFILL), all.slice(0, PREFILL), drop, hashed));
    console.error(`[ceiling] ${name}, run ${r + 1}: ${fmt(runs.at(-1).rowsPerSecond)} rows/s`);
  }
  results.push({ name, rowsPerSecond: median(runs.map((x) => x.rowsPerSecond)), cpuUsPerRow: median(runs.map((x) => x.cpuUsPerRow)), runs });
}

const load = os.loadavg()[0].toFixed(1);
console.log(`SQLite insert ceiling, ${new Date().toISOString()}, ${os.cpus().length} CPUs ${os.cpus()[0].model.trim()}, Node ${process.version}, load ${load}`);
console.log(`${fmt(ROWS)} rows in transactions of ${fmt(GROUP)}${PREFILL ? `, after ${fmt(PREFILL)} rows already stored` : ""}; median of ${RUNS}`);
console.log("");
console.log("| variant | rows/s | CPU µs/row | runs |");
console.log("|---|---:|---:|---|");
for (const r of results) {
  console.log(`| ${r.name} | ${fmt(r.rowsPerSecond)} | ${fmt(r.cpuUsPerRow, 1)} | ${r.runs.map((x) => fmt(x.rowsPerSecond)).join(" / ")} |`);
}
