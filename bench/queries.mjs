#!/usr/bin/env node
// Report latency over a big project: loads N events of the demo shop (the
// seed:demo generator, through the real import path, writeRawMessages) into a
// fresh database, then times every report kind through lib/query directly
// (median of --runs after a warm-up) and, with --http, a few through the real
// server to include HTTP and Next.js. Prints a table with the targets of issue 6.
// See bench/README.md.
//
//   node bench/queries.mjs [--events 1000000] [--runs 5] [--pg] [--db FILE] [--keep]
//                          [--pg-url URL [--meta FILE]]
//                          [--only funnel5,trends] [--http] [--json FILE] [--cohorts]
//   node bench/queries.mjs --shapes all|base,deep,... [--events 200000] [--runs 3]
//                          [--databases sqlite,postgres,clickhouse,clickhouse-2] [--data DIR] [--pg-url URL]
//                          [--clickhouse-url URL] [--only funnel,...]
//
// --cohorts adds issue 20's cases: computing a cohort of three behavioural
// conditions (cohortCompute), and the 30-day trends report filtered to it
// (trendsCohort, to compare with trends). --only cohortCompute,trendsCohort,trends
// picks them too.
// --db FILE (SQLite) loads into FILE the first time and reuses it afterwards
// (the project and the clock are kept in FILE.json), so a 10M database is
// loaded once. Without --db the database lives in a temp folder, removed at the
// end unless --keep.
// --pg-url URL does the same on an existing PostgreSQL database (e.g. from
// `node scripts/pg-cluster.mjs start`): loaded the first time, reused after;
// the project and the clock are kept in --meta FILE (default: a file in the OS
// temp folder named after the URL's port and database).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DAY = 86_400_000;

const { values: opt } = parseArgs({
  options: {
    events: { type: "string" }, // 1,000,000 for the demo shop; 200,000 with --shapes
    runs: { type: "string" }, // 5 for the demo shop; 3 with --shapes
    pg: { type: "boolean", default: false },
    db: { type: "string" },
    keep: { type: "boolean", default: false },
    only: { type: "string" },
    http: { type: "boolean", default: false },
    json: { type: "string" },
    days: { type: "string", default: "90" },
    analyze: { type: "boolean", default: false },
    "pg-url": { type: "string" },
    "clickhouse-url": { type: "string" },
    meta: { type: "string" },
    shapes: { type: "string" },
    databases: { type: "string" },
    data: { type: "string" },
    cohorts: { type: "boolean", default: false },
  },
  strict: true,
});
// --shapes base,deep,... (or all): issue 18's data shapes on both databases
// instead of the demo shop (bench/shapes-bench.mjs).
if (opt.shapes) {
  const { runShapes } = await import("./shapes-bench.mjs");
  await runShapes(opt);
  process.exit(0);
}
const EVENTS = Number(opt.events ?? "1000000");
const RUNS = Number(opt.runs ?? "5");
const log = (...args) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...args);

// ---------------------------------------------------------------- database and project

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "crumbtrail-queries-"));
let pgCluster = null;
let databaseUrl;
let metaFile = null;
if (opt["pg-url"]) {
  opt.pg = true;
  databaseUrl = opt["pg-url"];
  const u = new URL(databaseUrl);
  metaFile = path.resolve(opt.meta ?? path.join(os.tmpdir(), `crumbtrail-bench-pg-${u.port || 5432}-${u.pathname.slice(1) || "postgres"}.json`));
} else if (opt.pg) {
  const { startCluster } = await import(path.join(ROOT, "scripts", "pg-cluster.mjs"));
  pgCluster = await startCluster();
  databaseUrl = pgCluster.url;
} else {
  const file = path.resolve(opt.db ?? path.join(workDir, "bench.db"));
  databaseUrl = `file:${file}`;
  metaFile = `${file}.json`;
}
const env = { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: path.join(workDir, "state"), NEXT_TELEMETRY_DISABLED: "1" };
delete env.NODE_OPTIONS;
Object.assign(process.env, { DATABASE_URL: env.DATABASE_URL, DATA_DIR: env.DATA_DIR });
process.chdir(ROOT);

function cli(args) {
  const result = spawnSync(process.execPath, [path.join(ROOT, "bin", "crumbtrail.mjs"), ...args], { cwd: ROOT, env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`crumbtrail ${args[0]} failed: ${(result.stderr || result.stdout).trim()}`);
  return result.stdout;
}

let meta = metaFile && fs.existsSync(metaFile) ? JSON.parse(fs.readFileSync(metaFile, "utf8")) : null;
// A database kept from an earlier run gets this checkout's migrations (new indexes) first.
if (meta) {
  const started = Date.now();
  cli(["migrate"]);
  log(`migrate in ${Date.now() - started} ms`);
}
if (!meta) {
  cli(["user:create", "--email", "bench@example.com", "--password", "bench-password-1"]);
  const created = JSON.parse(cli(["project:create", "--owner", "bench@example.com", "--name", "Bench", "--timezone", "UTC", "--json"]).trim().split("\n").pop());
  // A fixed clock: the story ends at the start of today (UTC), the same on every run.
  meta = { ...created, now: Math.floor(Date.now() / DAY) * DAY, loaded: 0 };
}
const save = () => metaFile && fs.writeFileSync(metaFile, JSON.stringify(meta, null, 2));
const lib = (file) => tsImport(path.join(ROOT, file), import.meta.url);

// ---------------------------------------------------------------- loading

async function load() {
  const { writeRawMessages } = await lib("lib/cli/import.ts");
  const { demoMessages } = await lib("lib/cli/seedDemo.ts");
  const days = Number(opt.days);
  // Track, page and identify messages count alike: each is one stored event.
  let produced = 0;
  let visitors = 0;
  const items = (function* () {
    for (const message of demoMessages({ users: Number.MAX_SAFE_INTEGER, days, seed: "bench-queries", now: meta.now - 1 }, (n) => (visitors = n))) {
      if (produced >= EVENTS) return;
      yield { line: ++produced, message };
    }
  })();
  const started = Date.now();
  let last = started;
  const summary = await writeRawMessages(meta.projectId, items, {
    onProgress: (read) => {
      if (Date.now() - last < 10_000) return;
      last = Date.now();
      const rate = read / ((last - started) / 1000);
      log(`loaded ${read.toLocaleString("en-US")} of ${EVENTS.toLocaleString("en-US")} (${Math.round(rate).toLocaleString("en-US")}/s, ${visitors.toLocaleString("en-US")} visitors)`);
    },
  });
  meta = { ...meta, loaded: produced, visitors, loadSeconds: summary.seconds, imported: summary.imported, bots: summary.bots, days };
  save();
  log(`loaded: ${summary.imported.toLocaleString("en-US")} stored, ${summary.bots} bots, in ${summary.seconds.toFixed(0)} s`);
}

if ((meta.loaded ?? 0) < EVENTS) {
  if (meta.loaded) throw new Error(`${metaFile} holds ${meta.loaded} messages, fewer than --events ${EVENTS}: use another ${opt["pg-url"] ? "database" : "--db"}`);
  log(`loading ${EVENTS.toLocaleString("en-US")} messages into ${opt.pg ? "PostgreSQL" : databaseUrl}`);
  await load();
}
// PostgreSQL: what autovacuum does soon after a bulk load, done now so the
// figures are the steady state: statistics, and the visibility map without
// which an index-only scan still visits every row's heap page.
if (opt.pg) {
  const { connections } = await lib("lib/db/index.ts");
  const { sql } = await import("kysely");
  const started = Date.now();
  await sql`VACUUM (ANALYZE)`.execute(connections().db);
  log(`VACUUM (ANALYZE) in ${Date.now() - started} ms`);
}
// SQLite: planner statistics only when asked: the product does not run ANALYZE,
// so by default the reports are timed with the plans it gets.
if (opt.analyze && !opt.pg) {
  const { connections } = await lib("lib/db/index.ts");
  const { sql } = await import("kysely");
  const started = Date.now();
  await sql`ANALYZE`.execute(connections().db);
  log(`ANALYZE in ${Date.now() - started} ms`);
}

// ---------------------------------------------------------------- the reports

// lib/db first: tsx fails on lib/query/index.ts as the first import (its
// named-export scan of model.ts, seen as CommonJS, reads a namespaced path).
const { connections } = await lib("lib/db/index.ts");
const { reportContext, runReport, overview, overviewTables } = await lib("lib/query/index.ts");
const users = await lib("lib/query/users.ts");
const { catalog } = await lib("lib/query/properties.ts");
const ctx = reportContext({ id: meta.projectId, timezone: "UTC" });
const to = meta.now;
const iso = (ms) => new Date(ms).toISOString();
const last30 = { from: iso(to - 30 * DAY), to: iso(to) };
const FIVE = ["$pageview", "Product Viewed", "Added to Cart", "Checkout Started", "Order Completed"];

// A person with many events, for the profile.
const busy = await connections()
  .db.selectFrom("persons")
  .select("id")
  .where("project_id", "=", meta.projectId)
  .orderBy("event_count", "desc")
  .limit(1)
  .executeTakeFirstOrThrow();
const busyDistinct = (await connections().db.selectFrom("person_distinct_ids").select("distinct_id").where("person_id", "=", busy.id).executeTakeFirstOrThrow()).distinct_id;

/** name, target ms at 1M and 10M (null: none), the report. */
const REPORTS = [
  ["funnel3", "3-step funnel, 30 days", [300, 2000], () => runReport(ctx, { kind: "funnel", ...last30, steps: ["Product Viewed", "Added to Cart", "Order Completed"].map((event) => ({ event })), windowSeconds: 86400 })],
  ["funnel5", "5-step funnel, 30 days", [300, 2000], () => runReport(ctx, { kind: "funnel", ...last30, steps: FIVE.map((event) => ({ event })), windowSeconds: 86400 })],
  ["funnel5b", "4-step funnel from Product Viewed, breakdown by category", [null, null], () => runReport(ctx, { kind: "funnel", ...last30, steps: FIVE.slice(1).map((event) => ({ event })), windowSeconds: 86400, breakdown: { property: "category" } })],
  ["trends", "trends: $pageview total, 30 days by day", [150, 1000], () => runReport(ctx, { kind: "trends", ...last30, interval: "day", series: [{ event: "$pageview" }] })],
  ["trendsUU", "trends: unique users, 30 days", [150, 1000], () => runReport(ctx, { kind: "trends", ...last30, interval: "day", series: [{ event: "$pageview", math: "unique_users" }] })],
  ["trendsBD", "trends: Product Viewed by category, 30 days", [150, 1000], () => runReport(ctx, { kind: "trends", ...last30, interval: "day", series: [{ event: "Product Viewed" }], breakdown: { property: "category" } })],
  ["trendsCountry", "trends: Product Viewed by $country (a built-in's column), 30 days", [null, null], () => runReport(ctx, { kind: "trends", ...last30, interval: "day", series: [{ event: "Product Viewed" }], breakdown: { property: "$country" } })],
  ["funnelCountry", "4-step funnel from Product Viewed, breakdown by $country", [null, null], () => runReport(ctx, { kind: "funnel", ...last30, steps: FIVE.slice(1).map((event) => ({ event })), windowSeconds: 86400, breakdown: { property: "$country" } })],
  ["retention", "retention: daily, 14 periods, 30 days", [500, null], () => runReport(ctx, { kind: "retention", ...last30, startEvent: "$pageview", returnEvent: "$pageview", interval: "day", periods: 14 })],
  ["paths", "paths from $pageview, 5 steps, 30 days", [null, null], () => runReport(ctx, { kind: "paths", ...last30, startEvent: "$pageview", steps: 5 })],
  ["usersList", "users list, first page", [100, null], () => users.listUsers(ctx, users.usersQuerySchema.parse({}))],
  ["usersSearch", "users list, search", [100, null], () => users.listUsers(ctx, users.usersQuerySchema.parse({ search: "olivia" }))],
  ["profile", "user profile (busiest person)", [100, null], () => users.userProfile(ctx, busyDistinct)],
  ["overview", "overview, 30 days", [null, null], () => overview(ctx, { from: to - 30 * DAY, to, interval: "day" })],
  ["overviewTables", "overview's six top tables and active users, 30 days", [null, null], () => overviewTables(ctx, to - 30 * DAY, to)],
  ["catalog", "properties catalog", [null, null], () => catalog(ctx)],
];
const only = opt.only ? new Set(opt.only.split(",")) : null;

// Issue 20: a cohort of three behavioural conditions, computed at the data's
// clock; then the trends report with and without it as a filter.
if (opt.cohorts || only?.has("cohortCompute") || only?.has("trendsCohort")) {
  const cohorts = await lib("lib/cohorts/index.ts");
  const match = {
    all: [
      { type: "performed", event: "Product Viewed", count: { op: "gte", value: 3 }, withinDays: 30 },
      { type: "performed", event: "Added to Cart", withinDays: 14 },
      { type: "performed", event: "Order Completed", withinDays: 30, negate: true },
    ],
  };
  const cohort = await cohorts.createCohort(meta.projectId, null, cohorts.createCohortSchema.parse({ kind: "dynamic", name: `bench ${Date.now()}`, match }));
  REPORTS.push(
    ["cohortCompute", "cohort: three behavioural conditions, computed", [1000, null], () => cohorts.computeCohort(meta.projectId, cohort.id, Math.min(to, Date.now()))],
    ["trendsCohort", "trends: $pageview total, 30 days by day, in that cohort", [null, null], () => runReport(ctx, { kind: "trends", ...last30, interval: "day", series: [{ event: "$pageview" }], where: [{ cohort: cohort.id }] })],
  );
}

/** This process's peak RSS (VmHWM) in MB: the loading above counts too, so it is read before the reports as well. */
const peakRssMb = () => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) / 1024;
const rssMb = () => process.memoryUsage().rss / 2 ** 20;
const rssBefore = rssMb();
let rssDuring = rssBefore;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const stored = Number((await connections().db.selectFrom("events").select((eb) => eb.fn.countAll().as("n")).where("project_id", "=", meta.projectId).executeTakeFirstOrThrow()).n);
const persons = Number((await connections().db.selectFrom("persons").select((eb) => eb.fn.countAll().as("n")).where("project_id", "=", meta.projectId).executeTakeFirstOrThrow()).n);
log(`${stored.toLocaleString("en-US")} events, ${persons.toLocaleString("en-US")} persons`);
const scale = stored >= 5_000_000 ? 1 : 0;

const results = [];
for (const [key, label, targets, run] of REPORTS) {
  if (only && !only.has(key)) continue;
  const times = [];
  const cpus = [];
  let shape = "";
  for (let i = 0; i <= RUNS; i++) {
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    const result = await run();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const used = process.cpuUsage(cpu);
    rssDuring = Math.max(rssDuring, rssMb());
    if (i > 0) {
      // the first run warms the page cache
      times.push(ms);
      cpus.push((used.user + used.system) / 1000);
    } else shape = describe(key, result);
  }
  const target = targets[scale];
  const m = median(times);
  // CPU time of this process: on SQLite all of a report's work (better-sqlite3 runs
  // in this thread), so it shows the cost without the other work on a shared
  // machine; on PostgreSQL the server's share is not in it.
  const cpu = median(cpus);
  results.push({ key, label, median: m, min: Math.min(...times), max: Math.max(...times), cpu, target, shape });
  log(`${key}: ${m.toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(" / ")}), CPU ${cpu.toFixed(0)} ms, ${shape}`);
}

function describe(key, result) {
  if (key === "cohortCompute") return `${result.count} members`;
  if (key.startsWith("funnel")) return `users ${result.steps.map((s) => s.users).join(" > ")}`;
  if (key.startsWith("trends")) return `${result.series.length} series, total ${result.series.reduce((a, s) => a + s.total, 0)}`;
  if (key === "retention") return `${result.cohorts.length} cohorts, ${result.cohorts.reduce((a, c) => a + c.users, 0)} persons`;
  if (key === "paths") return `${result.nodes.length} nodes`;
  if (key.startsWith("users")) return `${result.users.length} users`;
  if (key === "profile") return `${result?.events.length} events`;
  if (key === "overview") return `${result.totals.events} events`;
  if (key === "overviewTables") return `top page ${result.tops.path[0]?.value}, ${result.active.mau} monthly active`;
  return "";
}

// ---------------------------------------------------------------- through the server

const httpResults = [];
let serverMemory = null;
if (opt.http) await viaHttp();

async function viaHttp() {
  const net = await import("node:net");
  const port = await new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
  log(`starting the server on 127.0.0.1:${port} (builds the dashboard first if the sources changed)`);
  const server = spawn(process.execPath, [path.join(ROOT, "bin", "crumbtrail.mjs"), "start"], {
    cwd: ROOT,
    env: { ...env, PORT: String(port), HOSTNAME: "127.0.0.1" },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  let serverLog = "";
  server.stderr.on("data", (c) => (serverLog = (serverLog + c).slice(-5000)));
  const base = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 600_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`server exited: ${serverLog.trim().split("\n").pop()}`);
      const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error("server did not start in 10 minutes");
      await new Promise((r) => setTimeout(r, 500));
    }
    const headers = { Authorization: `Bearer ${meta.secretKey}`, "Content-Type": "application/json" };
    const queries = [
      ["funnel5", { kind: "funnel", ...last30, steps: FIVE.map((event) => ({ event })), windowSeconds: 86400 }],
      ["trendsBD", { kind: "trends", ...last30, interval: "day", series: [{ event: "Product Viewed" }], breakdown: { property: "category" } }],
      ["retention", { kind: "retention", ...last30, startEvent: "$pageview", returnEvent: "$pageview", interval: "day", periods: 14 }],
    ];
    for (const [key, body] of queries) {
      const times = [];
      for (let i = 0; i <= RUNS; i++) {
        const started = process.hrtime.bigint();
        const response = await fetch(`${base}/api/projects/${meta.projectId}/query`, { method: "POST", headers, body: JSON.stringify(body) });
        await response.text();
        if (!response.ok) throw new Error(`${key}: HTTP ${response.status}`);
        if (i > 0) times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      httpResults.push({ key, median: median(times) });
      log(`http ${key}: ${median(times).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(" / ")})`);
    }
    const users = [
      ["usersList", `/api/projects/${meta.projectId}/users`],
      ["profile", `/api/projects/${meta.projectId}/users/${encodeURIComponent(busyDistinct)}`],
    ];
    for (const [key, url] of users) {
      const times = [];
      for (let i = 0; i <= RUNS; i++) {
        const started = process.hrtime.bigint();
        const response = await fetch(`${base}${url}`, { headers });
        await response.text();
        if (!response.ok) throw new Error(`${key}: HTTP ${response.status}`);
        if (i > 0) times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      httpResults.push({ key, median: median(times) });
      log(`http ${key}: ${median(times).toFixed(0)} ms`);
    }
    serverMemory = serverRss(server.pid);
  } finally {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      // gone already
    }
  }
}

/** VmRSS/VmHWM in MB of the server's process tree, the largest one (`crumbtrail start` serves in its own process). */
function serverRss(rootPid) {
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) {
    try {
      const children = fs.readFileSync(`/proc/${tree[i]}/task/${tree[i]}/children`, "utf8").trim();
      if (children) tree.push(...children.split(/\s+/).map(Number));
    } catch {
      // exited
    }
  }
  let best = null;
  for (const pid of tree) {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
      const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
      const entry = { pid, rssMb: kb("VmRSS") / 1024, hwmMb: kb("VmHWM") / 1024 };
      if (!best || entry.hwmMb > best.hwmMb) best = entry;
    } catch {
      // exited
    }
  }
  return best;
}

// ---------------------------------------------------------------- the table

const cpu = fs.readFileSync("/proc/cpuinfo", "utf8").match(/model name\s*:\s*(.*)/)?.[1] ?? os.cpus()[0]?.model;
console.log(`\n${opt.pg ? "PostgreSQL" : "SQLite"}, ${stored.toLocaleString("en-US")} events, ${persons.toLocaleString("en-US")} persons; ${os.availableParallelism()} CPUs (${cpu}); load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}; ${new Date().toISOString()}`);
console.log(`median of ${RUNS} runs after a warm-up run, ms\n`);
console.log(`| report | median | min–max | CPU ms${opt.pg ? " (client only)" : ""} | target | | result |`);
console.log("|---|---:|---:|---:|---:|---|---|");
for (const r of results) {
  const verdict = r.target === null ? "" : r.median <= r.target ? "PASS" : "MISS";
  console.log(`| ${r.label} | **${r.median.toFixed(0)}** | ${r.min.toFixed(0)}–${r.max.toFixed(0)} | ${r.cpu.toFixed(0)} | ${r.target ?? ""} | ${verdict} | ${r.shape} |`);
}
for (const r of httpResults) console.log(`| HTTP: ${r.key} | **${r.median.toFixed(0)}** | | | | | |`);
console.log(`\nbench process RSS: ${rssBefore.toFixed(0)} MB before the reports, up to ${rssDuring.toFixed(0)} MB after one; peak of the whole process (loading included) ${peakRssMb().toFixed(0)} MB`);
if (serverMemory) console.log(`server (pid ${serverMemory.pid}) RSS ${serverMemory.rssMb.toFixed(0)} MB, peak ${serverMemory.hwmMb.toFixed(0)} MB (target ≤ 400)`);
if (opt.json) fs.writeFileSync(opt.json, JSON.stringify({ kind: opt.pg ? "postgres" : "sqlite", stored, persons, results, httpResults, serverMemory, rssBeforeMb: rssBefore, rssDuringMb: rssDuring, at: new Date().toISOString(), load: os.loadavg() }, null, 2));

const { closeConnections } = await lib("lib/db/index.ts");
await closeConnections();
if (pgCluster) await pgCluster.stop();
if (!opt.keep && !opt.db && !opt["pg-url"]) fs.rmSync(workDir, { recursive: true, force: true });
else log(`kept ${opt.db ?? opt["pg-url"] ?? workDir}`);
