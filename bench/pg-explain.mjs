#!/usr/bin/env node
// PostgreSQL only: the SQL behind each report of bench/queries.mjs, timed on
// its own under session settings, with EXPLAIN (ANALYZE, BUFFERS) on request.
// Runs on a database loaded by `bench/queries.mjs --pg-url URL` (same --meta).
//
//   node bench/pg-explain.mjs --pg-url URL [--meta FILE] [--only funnel5,trendsBD]
//        [--set "jit=off" --set "jit=off,work_mem=64MB" ...] [--runs 5] [--explain]
//   node bench/pg-explain.mjs --pg-url URL --dump FILE
//
// --dump writes every report's whole answer to FILE (JSON) and stops: run it
// with two versions of the code and compare the files, a stricter check of
// exactness than the shape column of queries.mjs.
// Each report runs once through lib/query with pg's Client.query watched, which
// gives its statements and their parameters. Each statement then runs --runs
// times (after a warm-up) on one connection per --set variant ("" is the
// server's defaults), variants interleaved run by run so that the machine's
// noise falls on all of them alike. Prints the median ms per statement and variant.
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
    "pg-url": { type: "string" },
    meta: { type: "string" },
    only: { type: "string" },
    set: { type: "string", multiple: true, default: [] },
    runs: { type: "string", default: "5" },
    explain: { type: "boolean", default: false },
    "min-ms": { type: "string", default: "5" },
    dump: { type: "string" },
  },
  strict: true,
});
const url = opt["pg-url"];
if (!url) throw new Error("--pg-url is required");
const u = new URL(url);
const metaFile = path.resolve(opt.meta ?? path.join(os.tmpdir(), `crumbtrail-bench-pg-${u.port || 5432}-${u.pathname.slice(1) || "postgres"}.json`));
const meta = JSON.parse(fs.readFileSync(metaFile, "utf8"));
Object.assign(process.env, { DATABASE_URL: url, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "crumbtrail-pgx-")), NEXT_TELEMETRY_DISABLED: "1" });
process.chdir(ROOT);
const lib = (file) => tsImport(path.join(ROOT, file), import.meta.url);

const { default: pg } = await import("pg");
const { connections, closeConnections } = await lib("lib/db/index.ts");
const { reportContext, runReport, overview, overviewTables } = await lib("lib/query/index.ts");
const users = await lib("lib/query/users.ts");
const ctx = reportContext({ id: meta.projectId, timezone: "UTC" });
const to = meta.now;
const iso = (ms) => new Date(ms).toISOString();
const last30 = { from: iso(to - 30 * DAY), to: iso(to) };
const FIVE = ["$pageview", "Product Viewed", "Added to Cart", "Checkout Started", "Order Completed"];
const REPORTS = {
  funnel3: () => runReport(ctx, { kind: "funnel", ...last30, steps: ["Product Viewed", "Added to Cart", "Order Completed"].map((event) => ({ event })), windowSeconds: 86400 }),
  funnel5: () => runReport(ctx, { kind: "funnel", ...last30, steps: FIVE.map((event) => ({ event })), windowSeconds: 86400 }),
  funnel5b: () => runReport(ctx, { kind: "funnel", ...last30, steps: FIVE.slice(1).map((event) => ({ event })), windowSeconds: 86400, breakdown: { property: "category" } }),
  trends: () => runReport(ctx, { kind: "trends", ...last30, interval: "day", series: [{ event: "$pageview" }] }),
  trendsUU: () => runReport(ctx, { kind: "trends", ...last30, interval: "day", series: [{ event: "$pageview", math: "unique_users" }] }),
  trendsBD: () => runReport(ctx, { kind: "trends", ...last30, interval: "day", series: [{ event: "Product Viewed" }], breakdown: { property: "category" } }),
  retention: () => runReport(ctx, { kind: "retention", ...last30, startEvent: "$pageview", returnEvent: "$pageview", interval: "day", periods: 14 }),
  paths: () => runReport(ctx, { kind: "paths", ...last30, startEvent: "$pageview", steps: 5 }),
  usersList: () => users.listUsers(ctx, users.usersQuerySchema.parse({})),
  usersSearch: () => users.listUsers(ctx, users.usersQuerySchema.parse({ search: "olivia" })),
  overview: () => overview(reportContext({ id: meta.projectId, timezone: "UTC" }), { from: to - 30 * DAY, to, interval: "day" }),
  overviewTables: () => overviewTables(ctx, to - 30 * DAY, to),
  // The trends report filtered to the newest computed cohort of the project
  // (queries.mjs --cohorts makes one each run): issue 20's case.
  trendsCohort: async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client
      .query(`SELECT id FROM "Cohort" WHERE "projectId" = $1 AND "computedAt" IS NOT NULL ORDER BY "computedAt" DESC LIMIT 1`, [meta.projectId])
      .finally(() => client.end());
    if (!rows.length) throw new Error("no computed cohort: run bench/queries.mjs --cohorts on this database first");
    return runReport(ctx, { kind: "trends", ...last30, interval: "day", series: [{ event: "$pageview" }], where: [{ cohort: rows[0].id }] });
  },
};
const keys = opt.only ? opt.only.split(",") : Object.keys(REPORTS);
if (opt.dump) {
  const answers = {};
  for (const key of keys) answers[key] = await REPORTS[key]();
  // The overview's latest events are the newest rows, the same in both versions.
  fs.writeFileSync(opt.dump, JSON.stringify(answers, null, 1));
  await closeConnections();
  process.exit(0);
}

// Watch the statements a report sends.
let captured = null;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (text, values, ...rest) {
  if (captured && typeof text === "string") captured.push({ text, values: Array.isArray(values) ? values : [] });
  return query.call(this, text, values, ...rest);
};

const variants = opt.set.length ? opt.set : [""];
const clients = [];
for (const v of variants) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  for (const assignment of v.split(",").filter(Boolean)) {
    const [name, value] = assignment.split("=");
    await c.query(`SELECT set_config($1, $2, false)`, [name.trim(), value.trim()]);
  }
  clients.push(c);
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const RUNS = Number(opt.runs);

for (const key of keys) {
  captured = [];
  await REPORTS[key]();
  const statements = captured.filter((s) => !/pg_backend_pid|pg_cancel_backend/.test(s.text));
  captured = null;
  for (const [n, s] of statements.entries()) {
    // warm-up, and skip the cheap ones
    const t0 = performance.now();
    await clients[0].query(s.text, s.values);
    const warm = performance.now() - t0;
    if (warm < Number(opt["min-ms"])) continue;
    const times = variants.map(() => []);
    for (let r = 0; r < RUNS; r++) {
      for (const [i, c] of clients.entries()) {
        const started = performance.now();
        await c.query(s.text, s.values);
        times[i].push(performance.now() - started);
      }
    }
    console.log(`\n## ${key} #${n + 1} (${s.text.replace(/\s+/g, " ").slice(0, 110)}...)`);
    for (const [i, v] of variants.entries()) console.log(`  ${(v || "defaults").padEnd(40)} ${median(times[i]).toFixed(0).padStart(6)} ms  (${times[i].map((t) => t.toFixed(0)).join(" / ")})`);
    if (opt.explain) {
      for (const [i, c] of clients.entries()) {
        const { rows } = await c.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, s.values);
        console.log(`\n  EXPLAIN (${variants[i] || "defaults"}):\n${rows.map((r) => "    " + r["QUERY PLAN"]).join("\n")}`);
      }
      console.log(`\n  SQL:\n${s.text}\n  params: ${JSON.stringify(s.values)}`);
    }
  }
}
for (const c of clients) await c.end();
await closeConnections();
