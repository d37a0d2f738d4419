// Reports over ClickHouse at sizes no import reaches in an afternoon (issue 24's
// 100M by-hand run): events of a base-like shape are made by ClickHouse itself
// (INSERT ... SELECT FROM numbers(), deterministic hashes), for a project of a
// throwaway SQLite database marked as held by ClickHouse; then the reports of
// bench/shapes.mjs (reportsFor "base") are timed through runReport, the path a
// request takes. Nothing is compared with SQLite here: at 100M it would hold no
// events (bench/queries.mjs --shapes compares the answers at 10M).
//
//   node bench/clickhouse-scale.mjs --events 100000000 [--shards 1|2] [--runs 3] [--only total,funnel]
//   node bench/clickhouse-scale.mjs --events 100000000 --clickhouse-url URL --keep                  (a server that stays up: scripts/clickhouse-cluster.mjs start)
//   node bench/clickhouse-scale.mjs --clickhouse-url URL --project ID --database-url file:... --now MS   (again, on the data that run kept; it prints these)
//
// The shape: persons of 8 sessions each (~22 events), arriving over 30 days; a
// session is Viewed, then Searched, Added, Checkout and Purchased with the
// chances of shapes.mjs (0.7, 0.6, 0.55, 0.65), 10 s to 10 min apart, and a Ping
// after 3 in 10; `plan` (8 skewed values) and `amount` on every event. No
// merges: every distinct id is its own person.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";
import { z } from "zod";
import { describe, reportsFor } from "./shapes.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DAY = 86_400_000;
const { values: opt } = parseArgs({
  options: {
    events: { type: "string", default: "100000000" },
    shards: { type: "string", default: "1" },
    runs: { type: "string", default: "3" },
    only: { type: "string" },
    keep: { type: "boolean", default: false },
    "clickhouse-url": { type: "string" },
    project: { type: "string" },
    "database-url": { type: "string" },
    now: { type: "string" },
  },
  strict: true,
});
const log = (...args) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...args);
const EVENTS = Number(opt.events);
const reuse = Boolean(opt.project);
if (reuse && (!opt["clickhouse-url"] || !opt["database-url"] || !opt.now)) throw new Error("--project needs --clickhouse-url, --database-url and --now of the run that filled it");

const work = fs.mkdtempSync(path.join(os.tmpdir(), "crumbtrail-scale-"));
// Reports may take minutes here: the limit is not what is measured.
const env = {
  ...process.env,
  DATABASE_URL: opt["database-url"] ?? `file:${path.join(work, "scale.db")}`,
  DATA_DIR: work,
  REPORT_TIMEOUT_SECONDS: "3600",
  NEXT_TELEMETRY_DISABLED: "1",
};
delete env.NODE_OPTIONS;
const cli = (args, extra = {}) => {
  const result = spawnSync(process.execPath, [path.join(ROOT, "bin", "crumbtrail.mjs"), ...args], { cwd: ROOT, env: { ...env, ...extra }, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`crumbtrail ${args[0]} failed: ${(result.stderr || result.stdout).trim()}`);
  return result.stdout;
};

let clickhouse;
if (opt["clickhouse-url"]) {
  clickhouse = { url: opt["clickhouse-url"], cluster: null, urls: () => [opt["clickhouse-url"]], stop: async () => {} };
} else {
  const { startClickHouse } = await import(path.join(ROOT, "scripts", "clickhouse-cluster.mjs"));
  clickhouse = await startClickHouse({ shards: Number(opt.shards) });
  if (!opt.keep) process.once("exit", () => clickhouse.kill());
}
Object.assign(env, { CLICKHOUSE_URL: clickhouse.url, ...(clickhouse.cluster ? { CLICKHOUSE_CLUSTER: clickhouse.cluster } : {}) });
Object.assign(process.env, env);
process.chdir(ROOT);
const lib = (file) => tsImport(path.join(ROOT, file), import.meta.url);
const { ClickHouseClient } = await lib("lib/store/clickhouse/client.ts");
const client = new ClickHouseClient(clickhouse.url);

let projectId = opt.project;
const now = opt.now ? Number(opt.now) : Math.floor(Date.now() / DAY) * DAY;
if (!reuse) {
  cli(["migrate"]);
  cli(["user:create", "--email", "scale@example.com", "--password", "scale-password-1"]);
  projectId = JSON.parse(cli(["project:create", "--owner", "scale@example.com", "--name", "Scale", "--timezone", "UTC", "--json"]).trim().split("\n").pop()).projectId;
  for (const url of clickhouse.urls().reverse()) cli(["clickhouse:migrate"], { CLICKHOUSE_URL: url });
  const table = clickhouse.cluster ? "events" : "events_local";
  // Blocks of a few hundred thousand rows: the server sorts each block in memory, and the test servers allow 1 GB a query.
  const settings = { min_insert_block_size_rows: 300_000, ...(clickhouse.cluster ? { insert_distributed_sync: 1 } : {}) };
  const start = now - 30 * DAY;
  const span = now - start;
  const SESSIONS_PER_INSERT = 200_000;
  const MEAN_SESSION = 1 + 0.7 + 0.7 * 0.6 + 0.7 * 0.6 * 0.55 + 0.7 * 0.6 * 0.55 * 0.65 + 0.3;
  const sessions = Math.ceil(EVENTS / MEAN_SESSION);
  const started = Date.now();
  log(`making about ${EVENTS.toLocaleString("en-US")} events in ClickHouse (${clickhouse.cluster ? "two shards" : "one node"})`);
  for (let first = 0; first < sessions; first += SESSIONS_PER_INSERT) {
    const count = Math.min(SESSIONS_PER_INSERT, sessions - first);
    const chance = (salt) => `cityHash64(s, ${salt}) % 1000 < `;
    await client.exec(
      `INSERT INTO ${table} (project_id, event_id, message_id, event, ts, received_at, distinct_id, person_id, properties, property_keys, property_values, context)
      SELECT '${projectId}', id, toString(id), name, time, time, concat('scale-person-', toString(person)), person,
        concat('{"plan":"', plan, '","amount":', amount, '}'), ['plan', 'amount'], [concat('"', plan, '"'), amount], '{}'
      FROM (
        SELECT s * 8 + step AS id, person, if(step < steps, ['Viewed', 'Searched', 'Added', 'Checkout', 'Purchased'][step + 1], 'Ping') AS name,
          least(toUInt64(${now - 1}), toUInt64(at + toUInt64(step - (step >= steps)) * gap + if(step < steps, 0, 1000))) AS time,
          concat('plan-', toString(toUInt32(8 * pow(cityHash64(s, step, 30) % 10000 / 10000, 2)))) AS plan,
          toString(cityHash64(s, step, 31) % 20000 / 100) AS amount
        FROM (
          SELECT number AS s, intDiv(s, 8) + 1 AS person,
            toUInt64(${start} + cityHash64(person, 1) % ${Math.floor(span * 0.9)}) AS arrival,
            toUInt64(arrival + cityHash64(s, 2) % toUInt64(${now} - arrival)) AS at,
            10000 + cityHash64(s, 3) % 600000 AS gap,
            1 + (${chance(11)}700) * (1 + (${chance(12)}600) * (1 + (${chance(13)}550) * (1 + (${chance(14)}650)))) AS steps,
            steps + (${chance(15)}300) AS events
          FROM numbers(${first}, ${count})
        )
        ARRAY JOIN range(events) AS step
      )`,
      settings,
    );
    if ((first / SESSIONS_PER_INSERT) % 25 === 24 || first + count >= sessions) log(`  sessions ${(first + count).toLocaleString("en-US")} of ${sessions.toLocaleString("en-US")}`);
  }
  log(`made in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

const { connections, closeConnections } = await lib("lib/db/index.ts");
const { markClickHouseComplete } = await lib("lib/store/clickhouse/coverage.ts");
await markClickHouseComplete(connections().db, projectId);
const [{ n: stored, p: persons }] = await client.query(
  `SELECT count() AS n, uniqExact(person_id) AS p FROM ${clickhouse.cluster ? "events" : "events_local"} WHERE project_id = '${projectId}'`,
  z.object({ n: z.coerce.number(), p: z.coerce.number() }),
);
log(`${stored.toLocaleString("en-US")} events of ${persons.toLocaleString("en-US")} persons; project ${projectId}, now ${now}${opt.keep ? `, database ${env.DATABASE_URL}, ClickHouse ${clickhouse.url}` : ""}`);

const { reportContext, runReport } = await lib("lib/query/index.ts");
const ctx = reportContext({ id: projectId, timezone: "UTC" });
const only = opt.only ? new Set(opt.only.split(",")) : null;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const [key, label, , query] of reportsFor("base", now)) {
  if (only && !only.has(key)) continue;
  const times = [];
  let answer = "";
  // --runs 0: one run, no warm-up (a 100M funnel takes minutes).
  for (let i = 0; i <= Number(opt.runs); i++) {
    const started = process.hrtime.bigint();
    const result = await runReport(ctx, query);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (i === 0) answer = describe(query.kind, result) + (result.store === "clickhouse" ? "" : " (NOT answered by ClickHouse)");
    if (i > 0 || Number(opt.runs) === 0) times.push(ms);
    log(`  ${key} run ${i}: ${ms.toFixed(0)} ms${i === 0 ? " (warm-up)" : ""}`);
  }
  rows.push(`| ${label} | ${median(times).toFixed(0)} | ${times.map((t) => t.toFixed(0)).join(" / ")} | ${answer} |`);
}
await closeConnections();
if (!opt.keep) {
  await clickhouse.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
console.log(`${os.availableParallelism()} CPUs; ${stored.toLocaleString("en-US")} events, ${persons.toLocaleString("en-US")} persons; ClickHouse ${clickhouse.cluster ? "two shards" : "one node"}; ${Number(opt.runs) === 0 ? "one run, no warm-up" : `median of ${opt.runs} after a warm-up`}, ms\n`);
console.log("| report | median | runs | answer |\n|---|---:|---|---|\n" + rows.join("\n"));
