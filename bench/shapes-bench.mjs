// `npm run bench:queries -- --shapes all --events 200000`: every shape of
// shapes.mjs on SQLite and on PostgreSQL, one child process (shape-run.mjs) per
// shape and database, then one table: each report on each shape and database
// (median of --runs after a warm-up), and the worst shape per report and
// database. See bench/README.md.
//
// Databases live in a temp folder and a throwaway PostgreSQL cluster, removed
// at the end, unless --data DIR (SQLite files and the loaded projects' notes,
// reused by later runs with the same --events) and --pg-url URL (a cluster that
// stays up, e.g. `node scripts/pg-cluster.mjs start`; one database per shape
// and size, created there the first time).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SHAPES } from "./shapes.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");
const log = (...args) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...args);

function child(args) {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [path.join(HERE, "shape-run.mjs"), ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    proc.stdout.on("data", (c) => (out += c));
    proc.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop())) : reject(new Error(`shape-run ${args.join(" ")} exited with ${code}`))));
  });
}

async function ensureDatabase(baseUrl, name) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!exists.rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function runShapes(opt) {
  const shapes = opt.shapes === "all" ? Object.keys(SHAPES) : opt.shapes.split(",");
  for (const s of shapes) if (!SHAPES[s]) throw new Error(`unknown shape ${s}: one of ${Object.keys(SHAPES).join(", ")}, or all`);
  const databases = (opt.databases ?? "sqlite,postgres").split(",");
  const events = Number(opt.events ?? "200000"); // the shapes' default size is one that runs in minutes
  const runs = opt.runs ?? "3";
  const dataDir = opt.data ? path.resolve(opt.data) : fs.mkdtempSync(path.join(os.tmpdir(), "crumbtrail-shapes-"));
  fs.mkdirSync(dataDir, { recursive: true });

  let cluster = null;
  let pgBase = opt["pg-url"] ?? null;
  if (databases.includes("postgres") && !pgBase) {
    const { startCluster } = await import(path.join(ROOT, "scripts", "pg-cluster.mjs"));
    cluster = await startCluster();
    pgBase = cluster.url;
  }
  const rows = [];
  try {
    for (const shape of shapes) {
      for (const database of databases) {
        const tag = `${shape}_${events}`;
        const url = database === "postgres" ? await ensureDatabase(pgBase, `shape_${tag}`) : `file:${path.join(dataDir, `${tag}.db`)}`;
        // ClickHouse reads the SQLite database's events (copied by a backfill): the same data, the same notes.
        const clickhouseShards = { clickhouse: "1", "clickhouse-2": "2" }[database];
        const meta = path.join(dataDir, `${tag}.${clickhouseShards ? "sqlite" : database}${cluster && !clickhouseShards ? `.${cluster.port}` : ""}.json`);
        const args = ["--shape", shape, "--events", String(events), "--runs", runs, "--database-url", url, "--meta", meta];
        if (database === "clickhouse" && opt["clickhouse-url"]) args.push("--clickhouse-url", opt["clickhouse-url"]);
        else if (clickhouseShards) args.push("--clickhouse-shards", clickhouseShards);
        if (opt.only) args.push("--only", opt.only);
        if (opt.cohorts) args.push("--cohorts");
        rows.push(await child(args));
      }
    }
  } finally {
    if (cluster) await cluster.stop();
    if (!opt.data) fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const table = printTable(rows, runs);
  if (opt.json) fs.writeFileSync(opt.json, JSON.stringify({ at: new Date().toISOString(), load: os.loadavg(), events, rows }, null, 2));
  return table;
}

function printTable(rows, runs) {
  const cpu = fs.readFileSync("/proc/cpuinfo", "utf8").match(/model name\s*:\s*(.*)/)?.[1] ?? os.cpus()[0]?.model;
  const out = [];
  out.push(`${os.availableParallelism()} CPUs (${cpu}); load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}; ${new Date().toISOString()}`);
  out.push(`median of ${runs} runs after a warm-up, ms (CPU ms of the bench process in brackets: all of the work on SQLite, the client's share on PostgreSQL)\n`);
  out.push("| shape | events | persons | DB | report | median | CPU | answer |");
  out.push("|---|---:|---:|---|---|---:|---:|---|");
  for (const row of rows) {
    for (const r of row.results) {
      out.push(`| ${row.shape} | ${row.stored.toLocaleString("en-US")} | ${row.persons.toLocaleString("en-US")} | ${row.database} | ${r.label} | **${r.median.toFixed(0)}** | ${r.cpu.toFixed(0)} | ${r.answer} |`);
    }
  }
  out.push("\nWorst shape per report (median ms; per 1M events, scaled linearly: an estimate, compare with the target at 1M):\n");
  out.push("| report | DB | worst shape | median | ≈ at 1M | target at 1M |");
  out.push("|---|---|---|---:|---:|---:|");
  const keys = [...new Set(rows.flatMap((row) => row.results.map((r) => r.key)))];
  for (const key of keys) {
    for (const database of [...new Set(rows.map((row) => row.database))]) {
      let worst = null;
      for (const row of rows.filter((x) => x.database === database)) {
        const r = row.results.find((x) => x.key === key);
        if (r && (!worst || r.median > worst.r.median)) worst = { row, r };
      }
      if (!worst) continue;
      const perMillion = (worst.r.median * 1_000_000) / worst.row.stored;
      out.push(`| ${worst.r.label} | ${database} | ${worst.row.shape} | ${worst.r.median.toFixed(0)} | ${perMillion.toFixed(0)} | ${worst.r.target} |`);
    }
  }
  const withCohort = rows.filter((row) => row.results.some((r) => r.key === "trendsCohort") && row.results.some((r) => r.key === "total"));
  if (withCohort.length) {
    out.push("\nA cohort filter's cost: total events by day in the cohort / the same report unfiltered (target ≤ 1.5):\n");
    out.push("| shape | DB | unfiltered | in the cohort | ratio | cohort members | computed in | in the broad cohort | ratio |");
    out.push("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for (const row of withCohort) {
      const of = (key) => row.results.find((r) => r.key === key);
      const [total, filtered, compute, broad] = [of("total"), of("trendsCohort"), of("cohortCompute"), of("trendsBroadCohort")];
      const ratio = (r) => (r ? `**${(r.median / total.median).toFixed(2)}**` : "");
      out.push(
        `| ${row.shape} | ${row.database} | ${total.median.toFixed(0)} | ${filtered.median.toFixed(0)} | ${ratio(filtered)} | ${compute?.answer ?? ""} | ${compute ? compute.median.toFixed(0) : ""} | ${broad ? broad.median.toFixed(0) : ""} | ${ratio(broad)} |`,
      );
    }
  }
  console.log(out.join("\n"));
  return out.join("\n");
}
