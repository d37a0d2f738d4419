#!/usr/bin/env node
// Where one report of one shape spends its time: each statement the report
// sends, timed alone (median of --runs), with its plan: EXPLAIN QUERY PLAN on
// SQLite, EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL. Runs on a database that
// `bench:queries --shapes ... --data DIR [--pg-url URL]` loaded and kept.
//
//   REPORT_THREADS=1 node bench/shape-explain.mjs --data DIR --shape base --events 200000 \
//       --database sqlite|postgres [--pg-url URL] --only uniqueByPlan [--runs 3] [--sql]
//
// REPORT_THREADS=1 keeps a SQLite report on one thread, so every statement is seen.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";
import { reportsFor } from "./shapes.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values: opt } = parseArgs({
  options: {
    data: { type: "string" },
    shape: { type: "string" },
    events: { type: "string" },
    database: { type: "string", default: "sqlite" },
    "pg-url": { type: "string" },
    only: { type: "string" },
    runs: { type: "string", default: "3" },
    sql: { type: "boolean", default: false },
  },
  strict: true,
});
const tag = `${opt.shape}_${opt.events}`;
const postgres = opt.database === "postgres";
let url = `file:${path.resolve(opt.data, `${tag}.db`)}`;
if (postgres) {
  const u = new URL(opt["pg-url"]);
  u.pathname = `/shape_${tag}`;
  url = u.toString();
}
const meta = JSON.parse(fs.readFileSync(path.resolve(opt.data, `${tag}.${opt.database}.json`), "utf8"));
Object.assign(process.env, { DATABASE_URL: url, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "crumbtrail-explain-")), NEXT_TELEMETRY_DISABLED: "1" });
process.chdir(ROOT);
const lib = (file) => tsImport(path.join(ROOT, file), import.meta.url);

// Watch the statements a report sends.
let captured = null;
let run;
let explain;
if (postgres) {
  const { default: pg } = await import("pg");
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (text, values, ...rest) {
    // A streamed statement (lib/db/rowStream.ts, the funnel's candidates) comes
    // as a query object carrying its own text and values, not as a string.
    const statement = typeof text === "string" ? { text, values } : text && typeof text.text === "string" ? { text: text.text, values: text.values } : null;
    if (captured && statement && !/pg_backend_pid|pg_cancel_backend|statement_timeout/.test(statement.text)) captured.push({ text: statement.text, values: Array.isArray(statement.values) ? statement.values : [] });
    return query.call(this, text, values, ...rest);
  };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  run = (s) => client.query(s.text, s.values);
  explain = async (s) => (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, s.values)).rows.map((r) => r["QUERY PLAN"]);
} else {
  const { default: Database } = await import("better-sqlite3");
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (text, ...rest) {
    const statement = prepare.call(this, text, ...rest);
    if (!captured || !/^\s*(WITH|SELECT)/i.test(text)) return statement;
    const entry = { text, values: [] };
    captured.push(entry);
    for (const method of ["all", "iterate", "get", "raw"]) {
      const original = statement[method];
      statement[method] = function (...args) {
        if (method !== "raw") entry.values = args;
        return original.apply(this, args);
      };
    }
    return statement;
  };
  const db = new Database(url.slice("file:".length), { readonly: true });
  run = (s) => db.prepare(s.text).all(...s.values);
  explain = (s) => db.prepare(`EXPLAIN QUERY PLAN ${s.text}`).all(...s.values).map((r) => `${r.id}/${r.parent} ${r.detail}`);
}

// lib/db first: tsx fails on lib/query/index.ts as the first import (see queries.mjs).
const { closeConnections } = await lib("lib/db/index.ts");
const { runReport, reportContext } = await lib("lib/query/index.ts");
const ctx = reportContext({ id: meta.projectId, timezone: "UTC" });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [key, label, , query] of reportsFor(opt.shape, meta.now)) {
  if (opt.only && !opt.only.split(",").includes(key)) continue;
  captured = [];
  const t0 = performance.now();
  await runReport(ctx, query);
  const whole = performance.now() - t0;
  const statements = captured;
  captured = null;
  console.log(`\n# ${opt.shape} / ${opt.database} / ${label}: ${whole.toFixed(0)} ms through runReport, ${statements.length} statements`);
  for (const [n, s] of statements.entries()) {
    const times = [];
    for (let r = 0; r <= Number(opt.runs); r++) {
      const started = performance.now();
      await run(s);
      if (r > 0) times.push(performance.now() - started);
    }
    if (median(times) < 2) continue;
    console.log(`\n## #${n + 1}: ${median(times).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(" / ")}) ${s.text.replace(/\s+/g, " ").slice(0, 100)}...`);
    for (const line of await explain(s)) console.log(`    ${line}`);
    if (opt.sql) console.log(`\n  SQL:\n${s.text}\n  params: ${JSON.stringify(s.values)}`);
  }
}
await closeConnections();
process.exit(0);
