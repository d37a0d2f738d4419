#!/usr/bin/env node
// `npm test`: everything that proves Crumbtrail works, from a fresh checkout.
//
//   node scripts/test.mjs [all|unit|integration|e2e]      (default: all)
//
// all: prerequisites -> typecheck -> unit tests -> build (if needed) -> a throwaway
// PostgreSQL cluster -> integration tests against SQLite, then PostgreSQL -> Playwright.
// The last line is always `tests: N passed, M failed`; the exit code is non-zero when
// a test or a step failed. Servers and the cluster are stopped whatever happens.
//
// Knobs: CRUMBTRAIL_TEST_CONCURRENCY (integration files run at once, default 2),
// CRUMBTRAIL_TEST_KEEP=1 (keep the run's temporary folder), CRUMBTRAIL_TEST_ONLY=sqlite|postgres,
// CRUMBTRAIL_TEST_FILES=<regex> (only the unit/integration/e2e files whose path matches: for
// working on one area; CI never sets it).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { findClickHouseServer } from "./clickhouse-cluster.mjs";
import { findZooKeeper, MISSING_ZOOKEEPER } from "./zookeeper.mjs";
import { findPostgresBin, startCluster } from "./pg-cluster.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT);

const MODES = {
  all: { chromium: true, postgres: true, clickhouse: true, typecheck: true, unit: true, build: true, integration: true, e2e: true },
  unit: { unit: true },
  integration: { postgres: true, clickhouse: true, build: true, integration: true },
  e2e: { chromium: true, build: true, e2e: true },
};
const mode = process.argv[2] ?? "all";
const plan = MODES[mode];
if (!plan) {
  console.error(`test: unknown part "${mode}" (use one of: ${Object.keys(MODES).join(", ")})`);
  process.exit(2);
}

const CHROMIUM = "/usr/bin/chromium";
const BIN = (name) => path.join(ROOT, "node_modules", ".bin", name);
const concurrency = Math.max(1, Number(process.env.CRUMBTRAIL_TEST_CONCURRENCY ?? 2) || 2);

const totals = { passed: 0, failed: 0 };
const phases = []; // { name, seconds, result, ok }
const stepFailures = [];
let runDir = null;
let cluster = null;
let current = null; // the child process being waited on
let finishing = false;
const startedAt = Date.now();

// ------------------------------------------------------------------ helpers

const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

function banner(title) {
  console.log(`\n${bold(`── ${title} ${"─".repeat(Math.max(3, 68 - title.length))}`)}`);
}

const fileFilter = process.env.CRUMBTRAIL_TEST_FILES ? new RegExp(process.env.CRUMBTRAIL_TEST_FILES) : null;

function walk(dir, match) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "support" ? [] : walk(full, match);
      return match(entry.name) ? [path.relative(ROOT, full)] : [];
    })
    .sort();
}

/** The test files under `dir`, narrowed by CRUMBTRAIL_TEST_FILES when it is set. */
function testFiles(dir, match) {
  return walk(dir, match).filter((file) => !fileFilter || fileFilter.test(file));
}

/** Stops a running child: SIGTERM (to its whole group when it has one), SIGKILL 5 s later. */
function terminate(running) {
  const send = (signal) => {
    try {
      if (running.group) process.kill(-running.child.pid, signal);
      else running.child.kill(signal);
    } catch {
      // already gone
    }
  };
  send("SIGTERM");
  setTimeout(() => send("SIGKILL"), 5_000).unref();
}

/**
 * Runs a command; resolves { code, output, timedOut } (output only when tee is set).
 * `group`: the child gets its own process group, so a timeout or Ctrl-C stops
 * everything it started (test files, browsers), not just the child itself.
 */
function run(cmd, args, { env = process.env, tee = false, timeoutMs = 0, group = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: tee ? ["inherit", "pipe", "pipe"] : "inherit", detached: group });
    const running = { child, group, done: null };
    current = running;
    let output = "";
    let timedOut = false;
    const timer = timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          console.error(`test: ${path.basename(cmd)} ran longer than ${timeoutMs / 60_000} min: stopping it`);
          terminate(running);
        }, timeoutMs)
      : null;
    if (tee) {
      child.stdout.on("data", (chunk) => {
        output += chunk;
        process.stdout.write(chunk);
      });
      child.stderr.on("data", (chunk) => {
        output += chunk;
        process.stderr.write(chunk);
      });
    }
    running.done = new Promise((settle) => {
      const end = (result) => {
        if (timer) clearTimeout(timer);
        if (current === running) current = null;
        settle();
        resolve({ ...result, output, timedOut });
      };
      child.on("error", (error) => end({ code: 127, output: `${output}\n${error.message}` }));
      child.on("close", (code, signal) => end({ code: code ?? (signal ? 128 : 1) }));
    });
  });
}

let activePhase = null; // { name, started } of the phase under way, for the summary after Ctrl-C

async function phase(name, work) {
  banner(name);
  const started = Date.now();
  activePhase = { name, started };
  let result;
  try {
    result = await work();
  } catch (error) {
    result = { ok: false, result: error.message.split("\n")[0] };
    console.error(`test: ${name}: ${error.message}`);
  }
  activePhase = null;
  if (finishing) return false;
  const seconds = (Date.now() - started) / 1000;
  phases.push({ name, seconds, ...result });
  if (!result.ok) stepFailures.push(`${name}: ${result.result}`);
  return result.ok;
}

/** Counts of a node:test TAP report (the summary lines at its end). */
function tapCounts(file) {
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const count = (key) => {
    const all = [...text.matchAll(new RegExp(`^# ${key} (\\d+)$`, "gm"))];
    return all.length ? Number(all.at(-1)[1]) : null;
  };
  return { passed: count("pass"), failed: count("fail"), cancelled: count("cancelled") };
}

/**
 * The failed tests of a node:test TAP report, each with its location and the
 * first lines of its error, for the summary: CI shows only the end of the
 * output, and a failure that doesn't say what failed can't be diagnosed.
 */
function tapFailures(file) {
  const lines = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n") : [];
  const failures = [];
  for (let i = 0; i < lines.length; i++) {
    const head = /^(\s*)not ok \d+ - (.*)$/.exec(lines[i]);
    if (!head) continue;
    const indent = head[1].length + 2;
    const block = [];
    for (let j = i + 1; j < lines.length && lines[j] !== `${" ".repeat(indent)}...`; j++) block.push(lines[j]);
    const field = (name) => block.findIndex((line) => line.startsWith(`${" ".repeat(indent)}${name}:`));
    const failureType = block[field("failureType")]?.split(":")[1]?.trim();
    if (failureType === "'subtestsFailed'") continue; // a suite: its failed tests are listed themselves
    const location = block[field("location")]?.split("location:")[1]?.trim().replace(/^'|'$/g, "") ?? "";
    const at = field("error");
    const error = [];
    if (at >= 0) {
      const first = block[at].slice(indent + "error:".length).trim();
      if (first && first !== "|-" && first !== "|") error.push(first);
      for (let j = at + 1; j < block.length && block[j].startsWith(" ".repeat(indent + 2)) && error.length < 6; j++) {
        if (block[j].trim()) error.push(block[j].trim());
      }
    }
    failures.push({ name: head[2], location: path.relative(process.cwd(), location) || location, error });
  }
  return failures;
}
const failureDigest = [];

async function nodeTests(label, files, env, { concurrency: filesAtOnce = 1, timeoutMs = 60_000, phaseTimeoutMs = 15 * 60_000 } = {}) {
  if (!files.length) return { ok: true, result: "no test files" };
  const tap = path.join(runDir, `${label.replace(/[^a-z0-9]+/gi, "-")}.tap`);
  const { code, timedOut } = await run(
    process.execPath,
    [
      "--import", "tsx",
      "--test",
      `--test-concurrency=${filesAtOnce}`,
      `--test-timeout=${timeoutMs}`,
      "--test-reporter=spec", "--test-reporter-destination=stdout",
      "--test-reporter=tap", `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { env, group: true, timeoutMs: phaseTimeoutMs },
  );
  for (const failure of tapFailures(tap)) failureDigest.push({ phase: label, ...failure });
  if (timedOut) {
    const counts = tapCounts(tap);
    totals.failed += Math.max(1, counts.failed ?? 0);
    totals.passed += counts.passed ?? 0;
    return { ok: false, result: `timed out after ${phaseTimeoutMs / 60_000} min` };
  }
  const counts = tapCounts(tap);
  if (counts.passed === null) return { ok: false, result: `node --test exited with code ${code} and reported no counts` };
  const failed = counts.failed + (counts.cancelled ?? 0);
  totals.passed += counts.passed;
  totals.failed += failed;
  const result = `${counts.passed} passed, ${failed} failed`;
  if (code !== 0 && failed === 0) return { ok: false, result: `${result}, but node --test exited with code ${code}` };
  return { ok: failed === 0, result, counted: true };
}

/** Kills servers that test processes registered and did not stop (they crashed or were killed). */
function killLeftoverServers() {
  if (!runDir) return;
  for (const file of walk(runDir, (name) => name.endsWith(".json")).map((f) => path.join(ROOT, f))) {
    if (path.basename(path.dirname(file)) !== "servers") continue;
    try {
      const { pgids } = JSON.parse(fs.readFileSync(file, "utf8"));
      for (const pgid of pgids) {
        try {
          process.kill(-pgid, "SIGKILL");
        } catch {
          // gone
        }
      }
      fs.rmSync(file, { force: true });
    } catch {
      // unreadable: nothing to do
    }
  }
}

// ------------------------------------------------------------- prerequisites

function aptInstall(pkg) {
  if (process.getuid?.() !== 0) return Promise.resolve(false);
  console.log(`test: installing ${pkg} with apt-get (as root)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  return run("sh", ["-c", `apt-get update -qq && apt-get install -y -qq ${pkg}`], { env }).then(({ code }) => code === 0);
}

async function prerequisites() {
  if (plan.chromium && !fs.existsSync(CHROMIUM)) {
    await aptInstall("chromium");
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`missing prerequisite: Debian's chromium at ${CHROMIUM} (install it as root: apt-get install -y chromium)`);
    }
  }
  if (plan.postgres && !findPostgresBin()) {
    await aptInstall("postgresql");
    if (!findPostgresBin()) {
      throw new Error("missing prerequisite: PostgreSQL server binaries under /usr/lib/postgresql/*/bin (install them as root: apt-get install -y postgresql)");
    }
  }
  // tests/integration/clickhouse.test.ts starts its own servers from Debian's package.
  if (plan.clickhouse && !findClickHouseServer()) {
    await aptInstall("clickhouse-server");
    if (!findClickHouseServer()) {
      throw new Error("missing prerequisite: ClickHouse server at /usr/sbin/clickhouse-server (install it as root: apt-get install -y clickhouse-server)");
    }
  }
  // tests/integration/clickhouseEraseOnCluster.test.ts runs ON CLUSTER statements through Debian's ZooKeeper.
  if (plan.clickhouse && !findZooKeeper()) {
    await aptInstall("zookeeper");
    if (!findZooKeeper()) throw new Error(MISSING_ZOOKEEPER);
  }
  if (!fs.existsSync(path.join(ROOT, "node_modules", ".bin", "tsx")) && !fs.existsSync(path.join(ROOT, "node_modules", "tsx"))) {
    throw new Error("missing prerequisite: node_modules (run npm ci first)");
  }
}

// -------------------------------------------------------------------- phases

async function typecheck() {
  const { code } = await run(BIN("tsc"), ["--noEmit"], { timeoutMs: 5 * 60_000 });
  return code === 0 ? { ok: true, result: "ok" } : { ok: false, result: `tsc --noEmit failed (exit ${code})` };
}

async function unit() {
  const files = testFiles(path.join(ROOT, "tests", "unit"), (name) => /\.test\.[cm]?[jt]s$/.test(name));
  return nodeTests("unit", files, { ...process.env, TZ: process.env.TZ ?? "UTC" }, { concurrency: 2, timeoutMs: 60_000, phaseTimeoutMs: 5 * 60_000 });
}

async function build() {
  const buildDir = path.join(runDir, "build");
  fs.mkdirSync(buildDir, { recursive: true });
  const code = `
    import { tsImport } from "tsx/esm/api";
    const { buildIfNeeded } = await tsImport("./lib/cli/build.ts", ${JSON.stringify(pathToFileURL(ROOT + path.sep).href)});
    try {
      console.log((await buildIfNeeded((line) => console.log(line))) ? "build: done" : "build: the existing build is current");
    } catch (error) {
      console.error("build: " + error.message);
      process.exit(1);
    }`;
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
    // Whatever the build touches goes to the run's folder, never to ./data.
    DATABASE_URL: `file:${path.join(buildDir, "crumbtrail.db")}`,
    DATA_DIR: buildDir,
  };
  // Next refuses to build while another `next build` runs in this checkout (a
  // developer's `npm start`, another `npm test`): wait for it, then check again.
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const { code: exit, output } = await run(process.execPath, ["--input-type=module", "-e", code], { env, tee: true, timeoutMs: 10 * 60_000 });
    if (exit === 0) return { ok: true, result: output.includes("build: done") ? "built" : "up to date" };
    if (!output.includes("Another next build process is already running") || Date.now() > deadline) {
      return { ok: false, result: "the production build failed (see its output above)" };
    }
    console.log("test: another `next build` is running in this checkout; trying again in 15 s...");
    await new Promise((resolve) => setTimeout(resolve, 15_000));
  }
}

async function postgres() {
  cluster = await startCluster();
  console.log(`PostgreSQL is up on 127.0.0.1:${cluster.port}`);
  return { ok: true, result: "started" };
}

async function integration(kind) {
  const files = testFiles(path.join(ROOT, "tests", "integration"), (name) => /\.test\.[cm]?[jt]s$/.test(name));
  const dir = path.join(runDir, `integration-${kind}`);
  fs.mkdirSync(dir, { recursive: true });
  const databaseUrl = kind === "postgres" ? cluster.createDatabase("crumbtrail_integration") : `file:${path.join(dir, "crumbtrail.db")}`;
  const env = {
    ...process.env,
    CRUMBTRAIL_TEST_DATABASE_URL: databaseUrl,
    CRUMBTRAIL_TEST_RUN_DIR: dir,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  try {
    // --test-timeout also bounds each file as a whole: reports.test.ts runs
    // 75-100 s beside another file on two CPUs, and went past 120 s in a slow
    // hour. A hang still ends there. The phase's own limit is only a backstop:
    // a phase took 14-15 min on a slow shared machine and 15 min stopped it.
    return await nodeTests(`integration-${kind}`, files, env, { concurrency, timeoutMs: 300_000, phaseTimeoutMs: 25 * 60_000 });
  } finally {
    killLeftoverServers();
  }
}

function playwrightCounts(output) {
  const count = (word) => {
    const all = [...output.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, "gm"))];
    return all.length ? Number(all.at(-1)[1]) : 0;
  };
  return { passed: count("passed") + count("flaky"), failed: count("failed") + count("interrupted") };
}

async function e2e() {
  const specs = testFiles(path.join(ROOT, "tests", "e2e"), (name) => name.endsWith(".spec.ts"));
  if (!specs.length) {
    console.log("e2e: no specs yet (tests/e2e/*.spec.ts); nothing to run.");
    return { ok: true, result: "no specs yet" };
  }
  const dir = path.join(runDir, "e2e");
  fs.mkdirSync(dir, { recursive: true });
  const env = {
    ...process.env,
    CRUMBTRAIL_TEST_DATABASE_URL: `file:${path.join(dir, "crumbtrail.db")}`,
    CRUMBTRAIL_TEST_RUN_DIR: dir,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  try {
    const { code, output, timedOut } = await run(BIN("playwright"), ["test", ...(fileFilter ? specs : [])], { env, tee: true, group: true, timeoutMs: 15 * 60_000 });
    if (timedOut) {
      const counts = playwrightCounts(output);
      totals.passed += counts.passed;
      totals.failed += Math.max(1, counts.failed);
      return { ok: false, result: "timed out after 15 min" };
    }
    const counts = playwrightCounts(output);
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    const result = `${counts.passed} passed, ${counts.failed} failed`;
    if (code !== 0 && counts.failed === 0) return { ok: false, result: `${result}, but playwright exited with code ${code}` };
    return { ok: code === 0 && counts.failed === 0, result };
  } finally {
    killLeftoverServers();
  }
}

// ------------------------------------------------------------------ teardown

async function teardown() {
  if (current) {
    const running = current;
    terminate(running);
    await Promise.race([running.done, new Promise((r) => setTimeout(r, 6_000))]);
  }
  killLeftoverServers();
  if (cluster) {
    await cluster.stop().catch(() => cluster.kill());
    cluster = null;
  }
  killLeftoverServers();
}

function printSummary() {
  banner("summary");
  const seconds = (s) => `${s.toFixed(1)}s`.padStart(7);
  for (const p of phases) console.log(`  ${p.ok ? "ok  " : "FAIL"}  ${p.name.padEnd(24)} ${seconds(p.seconds)}  ${p.result}`);
  console.log(`        ${"total".padEnd(24)} ${seconds((Date.now() - startedAt) / 1000)}`);
  for (const failure of stepFailures) console.log(`  failed step: ${failure}`);
  for (const failure of failureDigest.slice(0, 10)) {
    console.log(`  failed test (${failure.phase}): ${failure.name}  ${failure.location}`);
    for (const line of failure.error) console.log(`      ${line.slice(0, 200)}`);
  }
  if (failureDigest.length > 10) console.log(`  … and ${failureDigest.length - 10} more failed test(s), listed above`);
  if (runDir && fs.existsSync(runDir)) console.log(`  temporary files and server logs: ${runDir}`);
  console.log(`tests: ${totals.passed} passed, ${totals.failed} failed`);
}

async function finish(code) {
  if (finishing) return;
  finishing = true;
  await teardown();
  const failed = code !== 0 || stepFailures.length > 0 || totals.failed > 0;
  if (runDir && !failed && process.env.CRUMBTRAIL_TEST_KEEP !== "1") {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
  printSummary();
  process.exit(failed ? code || 1 : 0);
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    if (finishing) return;
    if (activePhase) {
      phases.push({ name: activePhase.name, seconds: (Date.now() - activePhase.started) / 1000, ok: false, result: `interrupted by ${signal}` });
    }
    stepFailures.push(`interrupted by ${signal}`);
    finish(130);
  });
}
process.on("exit", () => {
  // Last resort if something above threw: never leave PostgreSQL or a server behind.
  cluster?.kill();
  killLeftoverServers();
});

// ---------------------------------------------------------------------- main

async function main() {
  try {
    await prerequisites();
  } catch (error) {
    console.error(`test: ${error.message}`);
    console.log(`tests: 0 passed, 0 failed`);
    process.exit(1);
  }
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), "crumbtrail-test-run-"));
  // Every child's temporary files go under the run's folder, tsx's compile cache
  // among them. tsx walks its whole cache folder (<tmp>/tsx-<uid>) in every process
  // it starts, expiring week-old entries: on a machine that had run the suite for a
  // week it held 850,000 files (7 GB), and each server spent seconds of CPU on it
  // just after answering, which the lifecycle test rightly reads as a server that
  // does not idle. A cache of this run's own is small, and goes with the run.
  // Like /tmp itself: the throwaway PostgreSQL cluster's initdb runs as the postgres
  // user, which must reach its folder in there (the run's folder only lets it through).
  const tmp = path.join(runDir, "tmp");
  fs.mkdirSync(tmp);
  fs.chmodSync(runDir, 0o711);
  fs.chmodSync(tmp, 0o1777);
  process.env.TMPDIR = tmp;

  if (plan.typecheck) await phase("typecheck", typecheck);
  if (plan.unit) await phase("unit", unit);

  let built = true;
  if (plan.build) built = await phase("build", build);
  const needServer = plan.integration || plan.e2e;
  if (needServer && !built) {
    for (const name of [...(plan.integration ? ["integration"] : []), ...(plan.e2e ? ["e2e"] : [])]) {
      phases.push({ name, seconds: 0, ok: false, result: "not run: the build failed" });
      stepFailures.push(`${name}: not run because the build failed`);
    }
  } else {
    const only = process.env.CRUMBTRAIL_TEST_ONLY;
    if (plan.integration && only !== "postgres") await phase("integration (sqlite)", () => integration("sqlite"));
    if (plan.integration && only !== "sqlite" && (await phase("postgres cluster", postgres))) {
      await phase("integration (postgres)", () => integration("postgres"));
    }
    if (cluster) {
      await cluster.stop();
      cluster = null;
    }
    if (plan.e2e) await phase("e2e", e2e);
  }
  await finish(0);
}

main().catch((error) => {
  stepFailures.push(`test runner: ${error.message}`);
  console.error(error);
  finish(1);
});
