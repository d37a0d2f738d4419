#!/usr/bin/env node
// Ingestion benchmark (run by hand, not part of `npm test`): starts the real
// server on a fresh database, loads it with autocannon over 127.0.0.1 and
// checks afterwards that every acknowledged event was stored. See bench/README.md.
//
//   node bench/ingest.mjs [--runs 3] [--duration 10] [--connections 50] [--batch 100]
//                         [--pg | --databases sqlite,postgres] [--cpu-prof DIR] [--only batched,single,baseline,import]
//                         [--identify-share 0] [--events-per-visitor 20] [--active-visitors 5000]
//                         [--import-lines 200000] [--keep] [--json FILE]
//                         [--plan 50 [--plan-rules 10]]  (a tracking plan of that many events, each with
//                         that many property rules, covering the benchmark's events: ingestion checks every message)
//   --only also takes posthog, mixpanel, amplitude: the same batches in each vendor's wire
//   format through its route (API.md 2.5), compared with the batched /api/track phase.
//   --twins: beside each vendor phase, its twin: the same events through /api/track
//   carrying the properties the vendor's route keeps, so both store the same rows.
//   --uuid-ids: messageIds are random-looking UUIDs, as SDKs send them (the default ids
//   are ordered, kind to the dedupe index); storage is then checked id by id.
//   --into URL --meta FILE: no fresh database: add the events to the project that
//   `bench:queries --shapes ... --data DIR` loaded and kept (its notes file FILE, the
//   database URL: file:DIR/<shape>_<events>.db or the shape's PostgreSQL database), to
//   measure ingestion into a project that already holds 1M or 10M events.
//   --clickhouse: with a ClickHouse node (Debian's clickhouse-server, started for the run)
//   and CLICKHOUSE_URL set, so every committed group is also copied there (the outbox,
//   docs/clickhouse.md); after the load, how long ClickHouse took to catch up, and a check
//   that it holds every stored event exactly once.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { messageGenerator } from "./messages.mjs";
import { benchPlan } from "./plan.mjs";
import { VENDOR_ROUTES, vendorBatchBodies } from "./vendorBodies.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(ROOT, "package.json"));
const autocannon = require("autocannon");

const { values: opt } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    duration: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    connections: { type: "string", default: "50" },
    batch: { type: "string", default: "100" },
    "active-visitors": { type: "string", default: "5000" },
    "events-per-visitor": { type: "string", default: "20" },
    "identify-share": { type: "string", default: "0" },
    "import-lines": { type: "string", default: "200000" },
    plan: { type: "string", default: "0" },
    "plan-rules": { type: "string", default: "10" },
    only: { type: "string", default: "batched,single,baseline,import" },
    pg: { type: "boolean", default: false },
    databases: { type: "string" },
    "cpu-prof": { type: "string" },
    keep: { type: "boolean", default: false },
    twins: { type: "boolean", default: false },
    "uuid-ids": { type: "boolean", default: false },
    into: { type: "string" },
    meta: { type: "string" },
    clickhouse: { type: "boolean", default: false },
    json: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
  strict: true,
});
if (opt.help) {
  const lines = fs.readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n").slice(1);
  process.stdout.write(lines.slice(0, lines.findIndex((line) => !line.startsWith("//"))).join("\n") + "\n");
  process.exit(0);
}

const RUNS = Number(opt.runs);
const DURATION = Number(opt.duration);
const WARMUP = Number(opt.warmup);
const CONNECTIONS = Number(opt.connections);
const BATCH = Number(opt.batch);
const ACTIVE = Number(opt["active-visitors"]);
const EVENTS_PER_VISITOR = Number(opt["events-per-visitor"]);
const IDENTIFY_SHARE = Number(opt["identify-share"]);
const IMPORT_LINES = Number(opt["import-lines"]);
const PLAN_EVENTS = Number(opt.plan);
const PLAN_RULES = Number(opt["plan-rules"]);
const PHASES = new Set(opt.only.split(",").map((s) => s.trim()));
const HOST = "127.0.0.1";

const log = (line) => process.stderr.write(`[bench] ${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- processes

/** The server died under us (something else killed it, or it crashed). */
class ServerGone extends Error {}

/** Every process we started, as process-group leaders to signal at the end. */
const groups = new Set();
let pgCluster = null;
let clickHouseNodes = null;
let workDir = null;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function readProc(pid, file) {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return null;
  }
}

/** Descendants of a pid (by walking /proc), with their command lines. */
function descendants(rootPid) {
  const children = new Map();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(entry, "stat");
    if (!stat) continue;
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(entry));
  }
  const out = [];
  const walk = (pid) => {
    for (const child of children.get(pid) ?? []) {
      out.push({ pid: child, cmd: (readProc(child, "cmdline") ?? "").replace(/\0/g, " ").trim(), comm: (readProc(child, "comm") ?? "").trim() });
      walk(child);
    }
  };
  walk(rootPid);
  return out;
}

/** VmRSS and VmHWM (peak) of a process, in MB. */
function memoryOf(pid) {
  const status = readProc(pid, "status") ?? "";
  const kb = (name) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, "m"))?.[1] ?? NaN);
  return { rssMb: kb("VmRSS") / 1024, hwmMb: kb("VmHWM") / 1024 };
}

/** CPU seconds (user + system) a process has used so far. */
function cpuSecondsOf(pid) {
  const stat = readProc(pid, "stat");
  if (!stat) return NaN;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
/** The main thread's time on a CPU and waiting for one (ns), from schedstat. */
function schedOf(pid) {
  const [run, wait] = (readProc(pid, `task/${pid}/schedstat`) ?? "").split(" ").map(Number);
  return { run, wait };
}
const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function alive(pid) {
  const stat = readProc(pid, "stat");
  return Boolean(stat) && stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
}

async function stopServer(server) {
  if (!server) return;
  // `crumbtrail start` serves in its own process (lib/server): SIGTERM to its group, then make sure.
  const pid = server.launcher.pid;
  killGroup(pid, "SIGTERM");
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && alive(pid)) await sleep(100);
  if (killGroup(pid, 0)) killGroup(pid, "SIGKILL");
  groups.delete(pid);
}

async function cleanup() {
  for (const pid of groups) killGroup(pid, "SIGKILL");
  groups.clear();
  if (pgCluster) await pgCluster.stop().catch(() => {});
  if (workDir && !opt.keep) fs.rmSync(workDir, { recursive: true, force: true });
}
process.on("SIGINT", () => cleanup().finally(() => process.exit(130)));
process.on("SIGTERM", () => cleanup().finally(() => process.exit(143)));

function cli(env, args) {
  const result = spawnSync(process.execPath, [path.join(ROOT, "bin", "crumbtrail.mjs"), ...args], { cwd: ROOT, env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`crumbtrail ${args[0]} failed: ${(result.stderr || result.stdout).trim()}`);
  return result.stdout;
}

async function startServer(env, port) {
  const serverEnv = { ...env, PORT: String(port) };
  let argv = [path.join(ROOT, "bin", "crumbtrail.mjs"), "start"];
  // Node refuses --cpu-prof in NODE_OPTIONS, but `crumbtrail start` serves in
  // its own process, so the flag goes on its command line.
  if (opt["cpu-prof"]) {
    const dir = path.resolve(opt["cpu-prof"]);
    fs.mkdirSync(dir, { recursive: true });
    argv = ["--cpu-prof", `--cpu-prof-dir=${dir}`, ...argv];
  }
  const out = fs.openSync(path.join(workDir, "server.log"), "a");
  const launcher = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: serverEnv,
    detached: true,
    stdio: ["ignore", out, out],
  });
  groups.add(launcher.pid);
  const server = { launcher, port, serverPid: null };
  const deadline = Date.now() + 300_000; // a first start may build the dashboard
  for (;;) {
    if (launcher.exitCode !== null) throw new Error(`the server exited (${launcher.exitCode}); see ${path.join(workDir, "server.log")}`);
    if (Date.now() > deadline) throw new Error("the server did not become healthy in 5 minutes");
    try {
      const res = await fetch(`http://${HOST}:${port}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  server.serverPid = launcher.pid;
  server.serverCmd = (readProc(launcher.pid, "comm") ?? "").trim() || "node";
  return server;
}

// ---------------------------------------------------------------- messages

const UUID_IDS = opt["uuid-ids"];
const { message, batchBody, messageIdOf } = messageGenerator({ activeVisitors: ACTIVE, eventsPerVisitor: EVENTS_PER_VISITOR, identifyShare: IDENTIFY_SHARE, uuidIds: UUID_IDS });
if (opt.into && !opt.meta) throw new Error("--into URL needs --meta FILE (the notes bench:queries --data wrote beside the database)");

// ---------------------------------------------------------------- load

/**
 * Runs autocannon for `duration` seconds. Every request gets a fresh body with
 * unique messageIds; the answer's `accepted` is recorded per request so that
 * storage can be checked afterwards, request by request.
 */
async function load({ name, port, duration, connections, writeKey, body, perRequest = 1, expectStatus, headerKey = true, badKey = false, serverPid, route = "/api/track", acceptedOf = (text) => JSON.parse(text).accepted, extraHeaders = {} }) {
  const prefix = `${name}-${crypto.randomBytes(3).toString("hex")}`;
  let nextRequest = 0;
  const acked = new Map(); // request -> accepted
  const statuses = {};
  const headers = { "content-type": "application/json", ...extraHeaders };
  if (headerKey) headers.authorization = `Basic ${Buffer.from(`${badKey ? "wk_not_a_key" : writeKey}:`).toString("base64")}`;
  const instance = autocannon({
    url: `http://${HOST}:${port}`,
    connections,
    duration,
    timeout: 30,
    requests: [
      {
        method: "POST",
        path: route,
        headers,
        setupRequest(req, context) {
          const id = nextRequest++;
          context.id = id;
          return { ...req, body: body(prefix, id) };
        },
        onResponse(status, resBody, context) {
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status === 200) {
            try {
              acked.set(context.id, acceptedOf(resBody));
            } catch {
              // counted as a non-JSON 200 below
            }
          }
        },
      },
    ],
  });
  const cpuBefore = cpuSecondsOf(serverPid);
  const schedBefore = schedOf(serverPid);
  const clientBefore = process.cpuUsage();
  const result = await new Promise((resolve, reject) => {
    instance.on("done", resolve);
    instance.on("error", reject);
  });
  const serverCpuS = cpuSecondsOf(serverPid) - cpuBefore;
  const sched = schedOf(serverPid);
  // Of the run's wall time, the server's main thread was: running, ready but waiting
  // for a CPU (other processes had them), or neither (idle or blocked in I/O).
  const mainRunShare = (sched.run - schedBefore.run) / 1e9 / result.duration;
  const mainWaitShare = (sched.wait - schedBefore.wait) / 1e9 / result.duration;
  const client = process.cpuUsage(clientBefore);
  const clientCpuS = (client.user + client.system) / 1e6;
  const loadAvg = os.loadavg()[0];
  const expected = statuses[expectStatus] ?? 0;
  return {
    name,
    prefix,
    perRequest,
    sent: nextRequest,
    acked,
    statuses,
    okRequests: expected,
    rps: expected / result.duration,
    durationS: result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    loadAvg,
    serverCpuS,
    clientCpuS,
    mainRunShare,
    mainWaitShare,
    /** Answered requests per second of server CPU: less sensitive to other work on a shared machine. */
    perCpuS: expected / serverCpuS,
  };
}

// ---------------------------------------------------------------- storage checks

/** Persons whose own event count or first/last seen disagree with their events. */
const ACTIVITY_MISMATCHES = `
  SELECT count(*) FROM persons p
  LEFT JOIN (SELECT person_id, count(*) AS n, min(ts) AS f, max(ts) AS l FROM events WHERE project_id = $1 GROUP BY person_id) e ON e.person_id = p.id
  WHERE p.project_id = $1 AND (p.event_count <> coalesce(e.n, 0) OR p.first_seen IS DISTINCT FROM e.f OR p.last_seen IS DISTINCT FROM e.l)`;

async function openStore(databaseUrl) {
  if (databaseUrl.startsWith("file:")) {
    const Database = require("better-sqlite3");
    const db = new Database(databaseUrl.slice(5), { readonly: true, timeout: 30_000 });
    return {
      async messageIds(projectId, prefix) {
        const stmt = db.prepare("SELECT message_id FROM events WHERE project_id = ? AND message_id >= ? AND message_id < ?").pluck();
        return stmt.all(projectId, `${prefix}.`, `${prefix}/`);
      },
      async count(projectId) {
        return db.prepare("SELECT count(*) FROM events WHERE project_id = ?").pluck().get(projectId);
      },
      async storedAmong(projectId, ids) {
        return db.prepare(`SELECT message_id FROM events WHERE project_id = ? AND message_id IN (${ids.map(() => "?").join(",")})`).pluck().all(projectId, ...ids);
      },
      async orphans(projectId) {
        return db
          .prepare("SELECT count(*) FROM events e LEFT JOIN persons p ON p.id = e.person_id WHERE e.project_id = ? AND p.id IS NULL")
          .pluck()
          .get(projectId);
      },
      async activityMismatches(projectId) {
        if (!db.prepare("SELECT count(*) FROM pragma_table_info('persons') WHERE name = 'event_count'").pluck().get()) return null;
        return db.prepare(ACTIVITY_MISMATCHES.replace(/\$1/g, "?")).pluck().get(projectId, projectId);
      },
      async sizes(projectId) {
        const one = (sql) => db.prepare(sql).pluck().get(projectId);
        return {
          persons: one("SELECT count(*) FROM persons WHERE project_id = ?"),
          distinctIds: one("SELECT count(*) FROM person_distinct_ids WHERE project_id = ?"),
        };
      },
      async close() {
        db.close();
      },
    };
  }
  const pg = require("pg");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const one = async (sql, params) => Number(Object.values((await client.query(sql, params)).rows[0])[0]);
  return {
    async messageIds(projectId, prefix) {
      const { rows } = await client.query({
        text: "SELECT message_id FROM events WHERE project_id = $1 AND message_id >= $2 AND message_id < $3",
        values: [projectId, `${prefix}.`, `${prefix}/`],
        rowMode: "array",
      });
      return rows.map((r) => r[0]);
    },
    count: (projectId) => one("SELECT count(*) FROM events WHERE project_id = $1", [projectId]),
    async storedAmong(projectId, ids) {
      const { rows } = await client.query({ text: "SELECT message_id FROM events WHERE project_id = $1 AND message_id = ANY($2::text[])", values: [projectId, ids], rowMode: "array" });
      return rows.map((r) => r[0]);
    },
    orphans: (projectId) =>
      one("SELECT count(*) FROM events e LEFT JOIN persons p ON p.id = e.person_id WHERE e.project_id = $1 AND p.id IS NULL", [projectId]),
    async activityMismatches(projectId) {
      const has = await one("SELECT count(*) FROM information_schema.columns WHERE table_name = 'persons' AND column_name = 'event_count'", []);
      return has ? one(ACTIVITY_MISMATCHES, [projectId]) : null;
    },
    async sizes(projectId) {
      return {
        persons: await one("SELECT count(*) FROM persons WHERE project_id = $1", [projectId]),
        distinctIds: await one("SELECT count(*) FROM person_distinct_ids WHERE project_id = $1", [projectId]),
      };
    },
    close: () => client.end(),
  };
}

/**
 * Every acknowledged request must have all its messages stored. Requests still in
 * flight when autocannon stopped may be stored without an answer: that is not loss.
 */
async function verify(store, projectId, run) {
  const stored = UUID_IDS ? await storedByRequest(store, projectId, run) : await storedByPrefix(store, projectId, run);
  let ackedEvents = 0;
  let lost = 0;
  let lostRequests = 0;
  for (const [request, accepted] of run.acked) {
    ackedEvents += accepted;
    const have = stored.get(request) ?? 0;
    if (have < accepted) {
      lost += accepted - have;
      lostRequests += 1;
    }
  }
  let storedEvents = 0;
  let unacknowledgedStored = 0;
  for (const [request, n] of stored) {
    storedEvents += n;
    if (!run.acked.has(request)) unacknowledgedStored += n;
  }
  return { ackedEvents, storedEvents, lost, lostRequests, unacknowledgedStored };
}

/** How many of each request's messages are stored: their ordered ids (`<prefix>.<request>.<i>`) in one range. */
async function storedByPrefix(store, projectId, run) {
  const stored = new Map();
  for (const id of await store.messageIds(projectId, run.prefix)) {
    const request = Number(id.split(".")[1]);
    stored.set(request, (stored.get(request) ?? 0) + 1);
  }
  return stored;
}

/**
 * With --uuid-ids: how many of each request's messages are stored. `sizes[r]`
 * is request r's message count; their ids are looked up 500 at a time.
 */
async function storedByIds(store, projectId, prefix, sizes) {
  const requestOf = new Map();
  const stored = new Map();
  const lookUp = async () => {
    for (const id of await store.storedAmong(projectId, [...requestOf.keys()])) {
      const request = requestOf.get(id);
      stored.set(request, (stored.get(request) ?? 0) + 1);
    }
    requestOf.clear();
  };
  for (const [request, size] of sizes.entries()) {
    for (let i = 0; i < size; i++) requestOf.set(messageIdOf(prefix, request, i), request);
    if (requestOf.size >= 500) await lookUp();
  }
  if (requestOf.size) await lookUp();
  return stored;
}

const storedByRequest = (store, projectId, run) => storedByIds(store, projectId, run.prefix, Array(run.sent).fill(run.perRequest));

/** How many of the import's lines are stored (the import numbers them request = line / BATCH). */
async function storedImportLines(store, projectId, prefix) {
  if (!UUID_IDS) return (await store.messageIds(projectId, prefix)).length;
  const sizes = Array.from({ length: Math.ceil(IMPORT_LINES / BATCH) }, (_, request) => Math.min(BATCH, IMPORT_LINES - request * BATCH));
  let stored = 0;
  for (const n of (await storedByIds(store, projectId, prefix, sizes)).values()) stored += n;
  return stored;
}

// ---------------------------------------------------------------- import

function importAvailable(env) {
  const help = spawnSync(process.execPath, [path.join(ROOT, "bin", "crumbtrail.mjs"), "--help"], { cwd: ROOT, env, encoding: "utf8" });
  return /^\s+import\b/m.test(`${help.stdout}${help.stderr}`);
}

async function runImport(env, projectId, store) {
  const file = path.join(workDir, "import.ndjson");
  const prefix = `import-${crypto.randomBytes(3).toString("hex")}`;
  const fd = fs.openSync(file, "w");
  const nowIso = new Date().toISOString();
  const chunk = [];
  for (let i = 0; i < IMPORT_LINES; i++) {
    chunk.push(message(prefix, Math.floor(i / BATCH), i % BATCH, nowIso));
    if (chunk.length === 10_000) fs.writeSync(fd, chunk.splice(0).join("\n") + "\n");
  }
  if (chunk.length) fs.writeSync(fd, chunk.join("\n") + "\n");
  fs.closeSync(fd);
  const bytes = fs.statSync(file).size;
  const before = await store.count(projectId);
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [path.join(ROOT, "bin", "crumbtrail.mjs"), "import", "--project", projectId, "--file", file], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  groups.add(child.pid);
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  let hwm = 0;
  const poll = setInterval(() => {
    for (const p of [{ pid: child.pid }, ...descendants(child.pid)]) hwm = Math.max(hwm, memoryOf(p.pid).hwmMb || 0);
  }, 100);
  const code = await new Promise((resolve) => child.on("exit", (c) => resolve(c)));
  clearInterval(poll);
  groups.delete(child.pid);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const after = await store.count(projectId);
  const storedIds = await storedImportLines(store, projectId, prefix);
  return { code, output: output.trim().split("\n").slice(-3).join(" | "), lines: IMPORT_LINES, bytes, seconds, rate: IMPORT_LINES / seconds, added: after - before, storedIds, hwmMb: hwm };
}

// ---------------------------------------------------------------- report

const median = (xs) => {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pctOf = (x) => `${Math.round(100 * x)}%`;
const fmt = (x, digits = 0) => (Number.isFinite(x) ? x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "-");

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows
    .map((r, i) => {
      const line = r.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join("  ");
      return i === 0 ? `${line}\n${widths.map((w) => "-".repeat(w)).join("  ")}` : line;
    })
    .join("\n");
}

function machine() {
  const cpu = fs.readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.*)$/m)?.[1] ?? "?";
  return { nproc: os.availableParallelism?.() ?? os.cpus().length, cpu, node: process.version, memGb: Math.round(os.totalmem() / 2 ** 30) };
}

// ---------------------------------------------------------------- main

async function benchDatabase(kind) {
  let databaseUrl;
  if (opt.into) {
    databaseUrl = opt.into;
  } else if (kind === "postgres") {
    const { startCluster } = await import(path.join(ROOT, "scripts", "pg-cluster.mjs"));
    pgCluster = await startCluster();
    databaseUrl = pgCluster.url;
  } else {
    databaseUrl = `file:${path.join(workDir, "bench.db")}`;
  }
  const env = { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: path.join(workDir, "state"), NEXT_TELEMETRY_DISABLED: "1" };
  delete env.NODE_OPTIONS;
  if (opt.clickhouse) {
    const { startClickHouse } = await import(path.join(ROOT, "scripts", "clickhouse-cluster.mjs"));
    clickHouseNodes = await startClickHouse({ shards: 1 });
    env.CLICKHOUSE_URL = clickHouseNodes.url;
    cli(env, ["clickhouse:migrate"]);
    log(`${kind}: ClickHouse at ${clickHouseNodes.url}: every committed group is copied there`);
  }

  let projectId, writeKey;
  if (opt.into) {
    ({ projectId, writeKey } = JSON.parse(fs.readFileSync(opt.meta, "utf8")));
    if (!writeKey) throw new Error(`${opt.meta} has no write key: load the shape again with this checkout's bench:queries`);
    log(`${kind}: adding to project ${projectId} of ${opt.into}`);
  } else {
    log(`${kind}: creating the user and the project`);
    cli(env, ["user:create", "--email", "bench@example.com", "--password", "bench-password-1"]);
    const created = JSON.parse(cli(env, ["project:create", "--owner", "bench@example.com", "--name", "Bench", "--json"]).trim().split("\n").pop());
    ({ projectId, writeKey } = created);
  }
  if (PLAN_EVENTS > 0) {
    const file = path.join(workDir, "plan.json");
    const plan = benchPlan(PLAN_EVENTS, PLAN_RULES);
    fs.writeFileSync(file, JSON.stringify(plan, null, 2));
    cli(env, ["plan:push", "--project", projectId, "--file", file]);
    log(`${kind}: tracking plan of ${Object.keys(plan.events).length} events x ${PLAN_RULES} rules pushed (${file})`);
  }

  const port = await freePort();
  log(`${kind}: starting the server on ${HOST}:${port} (builds the dashboard first if the sources changed)`);
  const server = await startServer(env, port);
  log(`${kind}: serving process pid ${server.serverPid} (${server.serverCmd}), memory ${fmt(memoryOf(server.serverPid).rssMb)} MB`);
  const store = await openStore(databaseUrl);
  if (opt.into) log(`${kind}: the project holds ${fmt(await store.count(projectId))} events`);
  const memory = [{ phase: "idle after start", ...memoryOf(server.serverPid) }];
  const runs = { batched: [], single: [], baseline: [], badkey: [] };
  const vendors = Object.keys(VENDOR_ROUTES).filter((vendor) => PHASES.has(vendor));
  for (const vendor of vendors) Object.assign(runs, { [vendor]: [], [`${vendor}-twin`]: [] });
  const vendorBodies = Object.fromEntries(vendors.map((vendor) => [vendor, vendorBatchBodies({ vendor, writeKey, size: BATCH, message })]));
  const twinBodies = Object.fromEntries(vendors.map((vendor) => [vendor, vendorBatchBodies({ vendor, writeKey, size: BATCH, message, twin: true })]));
  const verifications = [];

  const batched = (prefix, id) => batchBody(prefix, id, BATCH);
  const single = (prefix, id) => message(prefix, id, 0, new Date().toISOString());

  let serverGone = null;
  const checkServer = (when) => {
    if (alive(server.serverPid)) return;
    const tail = fs.readFileSync(path.join(workDir, "server.log"), "utf8").trim().split("\n").slice(-3).join(" | ");
    serverGone = `the server (pid ${server.serverPid}) died ${when} (last log lines: ${tail}); later phases were skipped`;
    throw new ServerGone(serverGone);
  };
  const phase = async (label, spec, keep) => {
    checkServer(`before phase ${spec.name}`);
    if (WARMUP > 0) {
      const w = await load({ ...spec, name: `${spec.name}-warm`, duration: WARMUP });
      if (keep) verifications.push(w);
    }
    const r = await load(spec);
    // Its acknowledged events are checked even when the server died during the run.
    if (keep) verifications.push(r);
    checkServer(`during phase ${spec.name}`);
    return r;
  };

  try {
    try {
      for (let i = 1; i <= RUNS; i++) {
        const common = { port, connections: CONNECTIONS, duration: DURATION, writeKey, serverPid: server.serverPid };
        if (PHASES.has("batched")) {
          const r = await phase("batched", { ...common, name: `b${i}`, body: batched, perRequest: BATCH, expectStatus: 200 }, true);
          r.eventsPerS = (r.okRequests * BATCH) / r.durationS;
          runs.batched.push(r);
          memory.push({ phase: `after batched run ${i}`, ...memoryOf(server.serverPid) });
          log(`${kind} run ${i} batched: ${fmt(r.rps)} req/s = ${fmt(r.eventsPerS)} events/s, p50 ${r.p50} ms, p99 ${r.p99} ms, statuses ${JSON.stringify(r.statuses)}, server CPU ${fmt(r.serverCpuS, 1)} s (${fmt(r.perCpuS * BATCH)} events per CPU-s), main thread ${pctOf(r.mainRunShare)} running, ${pctOf(r.mainWaitShare)} waiting for a CPU, ${pctOf(1 - r.mainRunShare - r.mainWaitShare)} idle or in I/O; load ${r.loadAvg.toFixed(1)}`);
        }
        for (const vendor of vendors) {
          // The key is in the body, as each vendor's SDK sends it; the browser's user agent in the header.
          const spec = {
            ...common,
            name: `${vendor}${i}`,
            body: vendorBodies[vendor],
            perRequest: BATCH,
            expectStatus: 200,
            headerKey: false,
            route: VENDOR_ROUTES[vendor].path,
            acceptedOf: (text) => VENDOR_ROUTES[vendor].accepted(text, BATCH),
            extraHeaders: { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36" },
          };
          const r = await phase(vendor, spec, true);
          r.eventsPerS = (r.okRequests * BATCH) / r.durationS;
          runs[vendor].push(r);
          log(`${kind} run ${i} ${vendor}: ${fmt(r.rps)} req/s = ${fmt(r.eventsPerS)} events/s, p50 ${r.p50} ms, p99 ${r.p99} ms, statuses ${JSON.stringify(r.statuses)}, ${fmt(r.perCpuS * BATCH)} events per server CPU-s; load ${r.loadAvg.toFixed(1)}`);
          if (opt.twins) {
            const t = await phase(`${vendor}-twin`, { ...common, name: `${vendor}twin${i}`, body: twinBodies[vendor], perRequest: BATCH, expectStatus: 200 }, true);
            t.eventsPerS = (t.okRequests * BATCH) / t.durationS;
            runs[`${vendor}-twin`].push(t);
            log(`${kind} run ${i} ${vendor} twin through /api/track: ${fmt(t.eventsPerS)} events/s, ${fmt(t.perCpuS * BATCH)} events per server CPU-s`);
          }
        }
        if (PHASES.has("single")) {
          const r = await phase("single", { ...common, name: `s${i}`, body: single, expectStatus: 200 }, true);
          runs.single.push(r);
          memory.push({ phase: `after single run ${i}`, ...memoryOf(server.serverPid) });
          log(`${kind} run ${i} single: ${fmt(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, statuses ${JSON.stringify(r.statuses)}, server CPU ${fmt(r.serverCpuS, 1)} s (${fmt(r.perCpuS)} req per CPU-s), main thread ${pctOf(r.mainRunShare)} running, ${pctOf(r.mainWaitShare)} waiting for a CPU; load ${r.loadAvg.toFixed(1)}`);
        }
        if (PHASES.has("baseline")) {
          // No write key: the body is read and parsed, then 401 before any database work.
          const r = await phase("baseline", { ...common, name: `n${i}`, body: single, expectStatus: 401, headerKey: false }, false);
          runs.baseline.push(r);
          // An unknown key in the header: 401 before the body is read (the key lookup is cached in memory).
          const k = await phase("badkey", { ...common, name: `k${i}`, body: single, expectStatus: 401, badKey: true }, false);
          runs.badkey.push(k);
          memory.push({ phase: `after baselines run ${i}`, ...memoryOf(server.serverPid) });
          log(`${kind} run ${i} baseline: no key ${fmt(r.rps)} req/s (p99 ${r.p99} ms, ${fmt(r.perCpuS)} per CPU-s), unknown key ${fmt(k.rps)} req/s (p99 ${k.p99} ms, ${fmt(k.perCpuS)} per CPU-s)`);
        }
      }
    } catch (error) {
      if (!(error instanceof ServerGone)) throw error;
      log(`${kind}: ${error.message}`);
    }

    let imported = null;
    if (PHASES.has("import")) {
      if (importAvailable(env)) {
        log(`${kind}: importing ${IMPORT_LINES} lines`);
        imported = await runImport(env, projectId, store);
        log(`${kind} import: ${fmt(imported.seconds, 1)} s, ${fmt(imported.rate)} lines/s, exit ${imported.code}, stored ${imported.storedIds}`);
      } else {
        imported = { unavailable: true };
        log(`${kind}: \`crumbtrail import\` is not available yet in this checkout: skipped`);
      }
    }

    log(`${kind}: waiting for the server to finish the requests still in flight, then checking storage`);
    for (let last = -1, now = await store.count(projectId); now !== last; last = now, now = await store.count(projectId)) await sleep(1000);
    const checks = [];
    for (const r of verifications) checks.push({ name: r.name, sent: r.sent, ...(await verify(store, projectId, r)) });
    const totals = {
      events: await store.count(projectId),
      orphans: await store.orphans(projectId),
      activityMismatches: await store.activityMismatches(projectId),
      ...(await store.sizes(projectId)),
    };
    const clickhouse = clickHouseNodes ? await clickHouseCatchUp(clickHouseNodes.url, projectId, totals.events) : null;
    memory.push({ phase: "end", ...memoryOf(server.serverPid) });
    return { kind, runs, imported, checks, totals, memory, projectId, serverGone, clickhouse };
  } finally {
    await store.close();
    await stopServer(server);
    if (pgCluster) {
      await pgCluster.stop().catch(() => {});
      pgCluster = null;
    }
    if (clickHouseNodes) {
      await clickHouseNodes.stop().catch(() => {});
      clickHouseNodes = null;
    }
  }
}

/**
 * After the load: how long until ClickHouse holds as many of the project's events
 * as the database (the shipper's lag), and whether any is there twice.
 */
async function clickHouseCatchUp(url, projectId, stored) {
  const target = new URL(url);
  const ask = async (statement) => {
    const answer = await fetch(`${target.origin}/?database=${target.pathname.slice(1)}`, { method: "POST", body: `${statement} FORMAT JSONEachRow` });
    const text = await answer.text();
    if (!answer.ok) throw new Error(`ClickHouse: ${text.trim().split("\n")[0]}`);
    return JSON.parse(text.trim().split("\n")[0]);
  };
  const count = `SELECT count() AS n, uniqExact(event_id) AS ids FROM events_local WHERE project_id = '${projectId.replace(/[^A-Za-z0-9_-]/g, "")}'`;
  const started = Date.now();
  let row = await ask(count);
  while (Number(row.n) < stored && Date.now() - started < 300_000) {
    await sleep(250);
    row = await ask(count);
  }
  const result = { stored, copied: Number(row.n), duplicates: Number(row.n) - Number(row.ids), catchUpS: (Date.now() - started) / 1000 };
  log(`ClickHouse: ${fmt(result.copied)} of ${fmt(stored)} stored events copied, ${result.duplicates} twice, ${fmt(result.catchUpS, 1)} s after the load ended`);
  return result;
}

function report(result) {
  const { kind, runs } = result;
  const out = [];
  const rows = [["phase", "metric", "median", "runs", "target", "verdict"]];
  const each = (list, f, d = 0) => list.map((r) => fmt(f(r), d)).join(" / ");
  if (runs.batched.length) {
    const eps = median(runs.batched.map((r) => r.eventsPerS));
    rows.push([`batched (${BATCH}/req, ${CONNECTIONS} conn)`, "events/s", fmt(eps), each(runs.batched, (r) => r.eventsPerS), ">= 50,000", eps >= 50_000 ? "PASS" : "MISS"]);
    rows.push(["", "requests/s", fmt(median(runs.batched.map((r) => r.rps))), each(runs.batched, (r) => r.rps), "", ""]);
    rows.push(["", "p50 / p99 ms", `${fmt(median(runs.batched.map((r) => r.p50)))} / ${fmt(median(runs.batched.map((r) => r.p99)))}`, each(runs.batched, (r) => r.p99), "", ""]);
    rows.push(["", "events per server CPU-s", fmt(median(runs.batched.map((r) => r.perCpuS * BATCH))), each(runs.batched, (r) => r.perCpuS * BATCH), "", ""]);
    rows.push(["", "server CPU use", `${fmt(median(runs.batched.map((r) => r.serverCpuS / r.durationS)), 2)} cores`, each(runs.batched, (r) => r.serverCpuS / r.durationS, 2), "", ""]);
    rows.push(["", "main thread run / CPU-wait", `${pctOf(median(runs.batched.map((r) => r.mainRunShare)))} / ${pctOf(median(runs.batched.map((r) => r.mainWaitShare)))}`, runs.batched.map((r) => `${pctOf(r.mainRunShare)}/${pctOf(r.mainWaitShare)}`).join(" "), "", ""]);
  }
  for (const vendor of Object.keys(VENDOR_ROUTES)) {
    const list = runs[vendor] ?? [];
    if (!list.length) continue;
    rows.push([`${vendor} ${VENDOR_ROUTES[vendor].path} (${BATCH}/req)`, "events/s", fmt(median(list.map((r) => r.eventsPerS))), each(list, (r) => r.eventsPerS), "", ""]);
    rows.push(["", "events per server CPU-s", fmt(median(list.map((r) => r.perCpuS * BATCH))), each(list, (r) => r.perCpuS * BATCH), "", ""]);
    if (runs.batched.length === list.length) {
      // Run i of each phase ran back to back, so each pair saw the same machine.
      const ratios = list.map((r, i) => r.eventsPerS / runs.batched[i].eventsPerS);
      const ratio = median(ratios);
      rows.push(["", "throughput / batched /api/track", fmt(ratio, 2), ratios.map((x) => fmt(x, 2)).join(" / "), ">= 0.90", ratio >= 0.9 ? "PASS" : "MISS"]);
      const cpuRatios = list.map((r, i) => r.perCpuS / runs.batched[i].perCpuS);
      rows.push(["", "per-CPU-s / batched /api/track", fmt(median(cpuRatios), 2), cpuRatios.map((x) => fmt(x, 2)).join(" / "), "", ""]);
    }
    const twins = runs[`${vendor}-twin`] ?? [];
    if (twins.length === list.length) {
      const ratios = list.map((r, i) => r.eventsPerS / twins[i].eventsPerS);
      rows.push(["", "twin: /api/track, same stored properties", fmt(median(twins.map((r) => r.eventsPerS))), each(twins, (r) => r.eventsPerS), "", ""]);
      rows.push(["", "throughput / twin", fmt(median(ratios), 2), ratios.map((x) => fmt(x, 2)).join(" / "), ">= 0.90", median(ratios) >= 0.9 ? "PASS" : "MISS"]);
    }
  }
  if (runs.single.length) {
    const rps = median(runs.single.map((r) => r.rps));
    const p99 = median(runs.single.map((r) => r.p99));
    rows.push([`single (1/req, ${CONNECTIONS} conn)`, "requests/s", fmt(rps), each(runs.single, (r) => r.rps), "", ""]);
    rows.push(["", "p50 ms", fmt(median(runs.single.map((r) => r.p50))), each(runs.single, (r) => r.p50), "", ""]);
    rows.push(["", "p99 ms", fmt(p99), each(runs.single, (r) => r.p99), "<= 60", p99 <= 60 ? "PASS" : "MISS"]);
    rows.push(["", "requests per server CPU-s", fmt(median(runs.single.map((r) => r.perCpuS))), each(runs.single, (r) => r.perCpuS), "", ""]);
  }
  if (runs.baseline.length) {
    const rps = median(runs.baseline.map((r) => r.rps));
    rows.push(["no-op-ish baseline: no key (401 after body parse, no I/O)", "requests/s", fmt(rps), each(runs.baseline, (r) => r.rps), "", ""]);
    rows.push(["", "p50 / p99 ms", `${fmt(median(runs.baseline.map((r) => r.p50)))} / ${fmt(median(runs.baseline.map((r) => r.p99)))}`, each(runs.baseline, (r) => r.p99), "", ""]);
    rows.push(["", "requests per server CPU-s", fmt(median(runs.baseline.map((r) => r.perCpuS))), each(runs.baseline, (r) => r.perCpuS), "", ""]);
    rows.push(["baseline: unknown key header (401 before body read, cached lookup)", "requests/s", fmt(median(runs.badkey.map((r) => r.rps))), each(runs.badkey, (r) => r.rps), "", ""]);
    rows.push(["", "requests per server CPU-s", fmt(median(runs.badkey.map((r) => r.perCpuS))), each(runs.badkey, (r) => r.perCpuS), "", ""]);
    if (runs.single.length) {
      const ratios = runs.single.map((s, i) => s.rps / runs.baseline[i].rps);
      const ratio = median(ratios);
      rows.push(["single / no-key baseline", "throughput ratio", fmt(ratio, 2), ratios.map((x) => fmt(x, 2)).join(" / "), ">= 0.85", ratio >= 0.85 ? "PASS" : "MISS"]);
      const cpuRatios = runs.single.map((s, i) => s.perCpuS / runs.baseline[i].perCpuS);
      rows.push(["", "per-CPU-s ratio", fmt(median(cpuRatios), 2), cpuRatios.map((x) => fmt(x, 2)).join(" / "), "", ""]);
    }
  }
  const loads = Object.values(runs).flat().map((r) => r.loadAvg);
  if (!loads.length) loads.push(NaN);
  out.push(`## ${kind}\n`);
  if (result.serverGone) out.push(`NOTE: ${result.serverGone}. The figures below cover the runs that finished.\n`);
  out.push(`1-minute load average at the end of the runs: ${fmt(Math.min(...loads), 1)} to ${fmt(Math.max(...loads), 1)} (this machine has ${machine().nproc} CPUs; above that, other work competed for them)\n`);
  out.push(table(rows));
  if (result.imported) {
    const im = result.imported;
    out.push(
      im.unavailable
        ? "\nimport: `crumbtrail import` is not available yet in this checkout."
        : `\nimport: ${fmt(im.lines)} lines (${fmt(im.bytes / 2 ** 20, 1)} MB) in ${fmt(im.seconds, 1)} s = ${fmt(im.rate)} lines/s, exit ${im.code}, stored ${fmt(im.storedIds)} of them (${im.storedIds === im.lines ? "all" : "MISSING " + (im.lines - im.storedIds)}), importer peak RSS ${fmt(im.hwmMb)} MB; last output: ${im.output}`,
    );
  }
  const lost = result.checks.reduce((n, c) => n + c.lost, 0);
  const acked = result.checks.reduce((n, c) => n + c.ackedEvents, 0);
  const storedRun = result.checks.reduce((n, c) => n + c.storedEvents, 0);
  const extra = result.checks.reduce((n, c) => n + c.unacknowledgedStored, 0);
  out.push(
    `\nstorage check: ${fmt(acked)} events acknowledged, ${fmt(storedRun)} stored for those runs (${fmt(extra)} of them from requests in flight when a run stopped), ` +
      `${fmt(lost)} acknowledged events missing -> ${lost === 0 ? "OK" : "FAIL: EVENTS LOST"}; events without a person: ${fmt(result.totals.orphans)}; ` +
      (result.totals.activityMismatches === null ? "" : `persons whose event_count/first_seen/last_seen disagree with their events: ${fmt(result.totals.activityMismatches)}; `) +
      `table sizes: ${fmt(result.totals.events)} events, ${fmt(result.totals.persons)} persons, ${fmt(result.totals.distinctIds)} distinct ids`,
  );
  if (result.clickhouse) {
    const c = result.clickhouse;
    out.push(
      `\nClickHouse copy: ${fmt(c.copied)} of ${fmt(c.stored)} stored events, ${fmt(c.duplicates)} twice -> ${c.copied === c.stored && c.duplicates === 0 ? "OK" : "FAIL"}; ` +
        `caught up ${fmt(c.catchUpS, 1)} s after the load ended`,
    );
  }
  out.push("\nserver memory (MB):\n" + table([["after", "VmRSS", "VmHWM (peak)"], ...result.memory.map((m) => [m.phase, fmt(m.rssMb), fmt(m.hwmMb)])]));
  return { text: out.join("\n"), lost };
}

async function main() {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "crumbtrail-bench-"));
  fs.mkdirSync(path.join(workDir, "state"));
  const m = machine();
  const header = `Crumbtrail ingestion benchmark, ${new Date().toISOString()}\nmachine: ${m.nproc} CPUs, ${m.cpu}, ${m.memGb} GB, Node ${m.node}; ` +
    `${RUNS} run(s) x ${DURATION} s (+${WARMUP} s warm-up) per phase, ${CONNECTIONS} connections, load generator on the same machine; work dir ${workDir}\n` +
    `tracking plan: ${PLAN_EVENTS > 0 ? `${PLAN_EVENTS} events x ${PLAN_RULES} rules, every mode flag` : "none"}\n` +
    `messages: track (identify share ${IDENTIFY_SHARE}), ~${EVENTS_PER_VISITOR} per visitor (1 in ${EVENTS_PER_VISITOR} from a new visitor), ${ACTIVE} visitors active at a time, 30% signed in (userId + anonymousId); messageIds ${UUID_IDS ? "random UUIDs" : "ordered"}` +
    (opt.into ? `\ninto: the project of ${opt.meta} in ${opt.into.replace(/\/\/[^@/]*@/, "//")}` : "");
  log(header.split("\n")[0]);
  const results = [];
  let failed = false;
  try {
    const kinds = opt.into ? [opt.into.startsWith("file:") ? "sqlite" : "postgres"] : (opt.databases ?? (opt.pg ? "sqlite,postgres" : "sqlite")).split(",").map((k) => k.trim());
    for (const kind of kinds) {
      if (kind !== "sqlite" && kind !== "postgres") throw new Error(`--databases takes sqlite and/or postgres, not ${kind}`);
      results.push(await benchDatabase(kind));
    }
  } finally {
    await cleanup();
  }
  const texts = [header];
  for (const result of results) {
    const { text, lost } = report(result);
    texts.push(text);
    if (lost) failed = true;
  }
  process.stdout.write(texts.join("\n\n") + "\n");
  if (opt.json) {
    const plain = results.map((r) => ({ ...r, runs: Object.fromEntries(Object.entries(r.runs).map(([k, v]) => [k, v.map(({ acked, ...rest }) => rest)])) }));
    fs.writeFileSync(opt.json, JSON.stringify({ machine: m, date: new Date().toISOString(), results: plain }, null, 2));
  }
  if (failed) {
    process.stdout.write("FAIL: acknowledged events are missing from the database.\n");
    process.exitCode = 1;
  }
}

main().catch(async (error) => {
  process.stderr.write(`[bench] error: ${error.stack ?? error}\n`);
  await cleanup();
  process.exit(1);
});
