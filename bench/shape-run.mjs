#!/usr/bin/env node
// One shape on one database, for shapes-bench.mjs (which runs this in a child
// process per shape and database: lib/db keeps one connection pool per process,
// chosen by DATABASE_URL at start). Loads the shape through the import path
// (writeRawMessages) unless --meta says the database already holds it, then
// times the four reports of issue 18 through lib/query (a warm-up, then
// --runs runs) and prints one JSON line on stdout. --cohorts adds issue 20's
// cases: computing a cohort of three behavioural conditions (cohortCompute)
// and the total-events report filtered to it (trendsCohort).
//
// --clickhouse-shards 1|2 times the reports read from ClickHouse (the SQLite
// database's events copied there by clickhouse:backfill first); --clickhouse-url
// URL uses a server that stays up instead (one node), filled by the first run.
//
//   node bench/shape-run.mjs --shape base --events 200000 --database-url URL --meta FILE [--runs 3] [--only funnel] [--cohorts] [--clickhouse-shards 1 | --clickhouse-url URL]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";
import { BROAD_COHORT_MATCH, COHORT_MATCH, SHAPES, cohortReportsFor, describe, reportsFor, shapeMessages } from "./shapes.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DAY = 86_400_000;
const { values: opt } = parseArgs({
  options: {
    shape: { type: "string" },
    events: { type: "string" },
    runs: { type: "string", default: "3" },
    "database-url": { type: "string" },
    meta: { type: "string" },
    only: { type: "string" },
    cohorts: { type: "boolean", default: false },
    // The reports read from ClickHouse instead: a throwaway node (or two shards) from
    // Debian's package, filled from the database by clickhouse:backfill first.
    "clickhouse-shards": { type: "string" },
    // Or a ClickHouse that stays up between runs (`node scripts/clickhouse-cluster.mjs start`):
    // migrated and filled by the first run, only checked by the next ones.
    "clickhouse-url": { type: "string" },
  },
  strict: true,
});
const name = opt.shape;
const EVENTS = Number(opt.events);
if (!SHAPES[name] || !(EVENTS > 0) || !opt["database-url"] || !opt.meta) throw new Error("usage: shape-run.mjs --shape NAME --events N --database-url URL --meta FILE");
const postgres = opt["database-url"].startsWith("postgres");
const log = (...args) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${name}/${postgres ? "pg" : "sqlite"}:`, ...args);

const env = { ...process.env, DATABASE_URL: opt["database-url"], DATA_DIR: path.join(os.tmpdir(), `crumbtrail-shape-state-${process.pid}`), NEXT_TELEMETRY_DISABLED: "1" };
delete env.NODE_OPTIONS;
Object.assign(process.env, { DATABASE_URL: env.DATABASE_URL, DATA_DIR: env.DATA_DIR });
process.chdir(ROOT);
const cli = (args) => {
  const result = spawnSync(process.execPath, [path.join(ROOT, "bin", "crumbtrail.mjs"), ...args], { cwd: ROOT, env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`crumbtrail ${args[0]} failed: ${(result.stderr || result.stdout).trim()}`);
  return result.stdout;
};
const lib = (file) => tsImport(path.join(ROOT, file), import.meta.url);

let meta = fs.existsSync(opt.meta) ? JSON.parse(fs.readFileSync(opt.meta, "utf8")) : null;
if (meta && meta.events !== EVENTS) throw new Error(`${opt.meta} holds ${meta.events} events of ${name}, not ${EVENTS}`);
cli(["migrate"]); // a kept database gets this checkout's migrations (new indexes) first
let loadSeconds = meta?.loadSeconds ?? null;
if (!meta) {
  cli(["user:create", "--email", "bench@example.com", "--password", "bench-password-1"]);
  const created = JSON.parse(cli(["project:create", "--owner", "bench@example.com", "--name", `Shape ${name}`, "--timezone", "UTC", "--json"]).trim().split("\n").pop());
  const now = Math.floor(Date.now() / DAY) * DAY;
  const { writeRawMessages } = await lib("lib/cli/import.ts");
  let line = 0;
  const items = (function* () {
    for (const message of shapeMessages(name, EVENTS, now)) yield { line: ++line, message };
  })();
  log(`loading ${EVENTS.toLocaleString("en-US")} events`);
  const summary = await writeRawMessages(created.projectId, items);
  loadSeconds = summary.seconds;
  log(`loaded ${summary.imported.toLocaleString("en-US")} in ${summary.seconds.toFixed(0)} s`);
  // The write key lets bench/ingest.mjs --into add events to this project.
  meta = { projectId: created.projectId, writeKey: created.writeKey, now, events: EVENTS, loadSeconds };
  fs.writeFileSync(opt.meta, JSON.stringify(meta));
}

// ClickHouse: started and filled before lib reads the settings (lib/config reads the environment once).
let clickhouse = null;
let backfillSeconds = null;
if (opt["clickhouse-url"]) {
  clickhouse = { url: opt["clickhouse-url"], cluster: null, urls: () => [opt["clickhouse-url"]], stop: async () => {} };
} else if (opt["clickhouse-shards"]) {
  const { startClickHouse } = await import(path.join(ROOT, "scripts", "clickhouse-cluster.mjs"));
  clickhouse = await startClickHouse({ shards: Number(opt["clickhouse-shards"]) });
  // A run that fails (a report not answered by ClickHouse, a backfill that stopped) must
  // not leave the servers and their data behind: kill() is synchronous, fit for "exit".
  process.once("exit", () => clickhouse.kill());
}
if (clickhouse) {
  const settings = { CLICKHOUSE_URL: clickhouse.url, ...(clickhouse.cluster ? { CLICKHOUSE_CLUSTER: clickhouse.cluster } : {}) };
  Object.assign(env, settings);
  Object.assign(process.env, settings);
  // Without ZooKeeper each node is migrated through its own URL, the first last.
  for (const url of clickhouse.urls().reverse()) spawnSync(process.execPath, [path.join(ROOT, "bin", "crumbtrail.mjs"), "clickhouse:migrate"], { cwd: ROOT, env: { ...env, CLICKHOUSE_URL: url }, stdio: "ignore" });
  log(`copying the events to ClickHouse (${clickhouse.cluster ? "two shards" : "one node"})`);
  const started = Date.now();
  const said = cli(["clickhouse:backfill", "--project", meta.projectId]);
  backfillSeconds = (Date.now() - started) / 1000;
  log(said.trim().split("\n").pop());
  if (!/read ClickHouse from now on/.test(said)) throw new Error("the backfill did not leave every event in ClickHouse");
}

const { connections, closeConnections } = await lib("lib/db/index.ts");
const { sql } = await import("kysely");
// What autovacuum does soon after a bulk load (see queries.mjs); SQLite is timed
// without ANALYZE, as the product runs it.
if (postgres) await sql`VACUUM (ANALYZE)`.execute(connections().db);
const { reportContext, runReport } = await lib("lib/query/index.ts");
const ctx = reportContext({ id: meta.projectId, timezone: "UTC" });
const count = (table) =>
  connections().db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).where("project_id", "=", meta.projectId).executeTakeFirstOrThrow().then((r) => Number(r.n));
const stored = await count("events");
const persons = await count("persons");

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const only = opt.only ? new Set(opt.only.split(",")) : null;
const cases = reportsFor(name, meta.now).map(([key, label, target, query]) => [
  key,
  label,
  target,
  () => runReport(ctx, query),
  query.kind,
  // ClickHouse compiles these (events alone); the cohort cases below are the database's.
  true,
]);
if (opt.cohorts || only?.has("cohortCompute") || only?.has("trendsCohort") || only?.has("trendsBroadCohort")) {
  // Computed at the data's clock (the shape ends at meta.now), as the product's
  // background job would at that moment; trendsCohort then reads that computation.
  const cohorts = await lib("lib/cohorts/index.ts");
  const asOf = Math.min(meta.now, Date.now());
  const create = (match) => cohorts.createCohort(meta.projectId, null, cohorts.createCohortSchema.parse({ kind: "dynamic", name: `bench ${Date.now()} ${Math.random()}`, match }));
  const [cohort, broad] = [await create(COHORT_MATCH), await create(BROAD_COHORT_MATCH)];
  await cohorts.computeCohort(meta.projectId, broad.id, asOf);
  cases.push(["cohortCompute", "cohort: three behavioural conditions, computed", 1000, () => cohorts.computeCohort(meta.projectId, cohort.id, asOf), "cohort", false]);
  for (const [key, label, target, query] of cohortReportsFor(name, meta.now, cohort.id, broad.id)) cases.push([key, label, target, () => runReport(ctx, query), query.kind, false]);
}
const FELL_BACK = " (answered by the database after ClickHouse)";
const results = [];
for (const [key, label, target, run, kind, compiled] of cases) {
  if (only && !only.has(key)) continue;
  const times = [];
  const cpus = [];
  let answer = "";
  for (let i = 0; i <= Number(opt.runs); i++) {
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    const result = await run();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const used = process.cpuUsage(cpu);
    if (i === 0) answer = describe(kind, result); // the warm-up fills the caches
    // A report ClickHouse should answer and did not (it failed, or used up its half of the
    // time limit) was timed on the database after it: the answer column says so.
    if (clickhouse && compiled && result.store !== "clickhouse" && !answer.includes(FELL_BACK)) answer += FELL_BACK;
    if (i > 0) {
      times.push(ms);
      cpus.push((used.user + used.system) / 1000);
    }
  }
  results.push({ key, label, target, median: median(times), times, cpu: median(cpus), answer });
  log(`${key}: ${median(times).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(" / ")}), ${answer}`);
}
await closeConnections();
await clickhouse?.stop();
fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
const database = clickhouse ? `clickhouse${clickhouse.cluster ? " (2 shards)" : ""}` : postgres ? "postgres" : "sqlite";
console.log(JSON.stringify({ shape: name, database, stored, persons, loadSeconds, backfillSeconds, results }));
