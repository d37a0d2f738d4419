// The test harness: a fresh database, the real server started as users start it
// (`node bin/crumbtrail.mjs start`), and the command line run against the same
// database. Used by tests/integration (node:test) and tests/e2e (Playwright).
//
// Environment:
//   CRUMBTRAIL_TEST_DATABASE_URL  which kind of database to test: `file:...` (SQLite,
//                                 the default) or `postgres://...` (a superuser URL on a
//                                 throwaway cluster; each server gets a new database on it)
//   CRUMBTRAIL_TEST_RUN_DIR       where temporary data goes, and where started servers are
//                                 registered so scripts/test.mjs can kill any left behind
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

function findRoot(): string {
  let dir = typeof __dirname === "string" ? __dirname : process.cwd();
  for (;;) {
    if (fs.existsSync(path.join(dir, "bin", "crumbtrail.mjs"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("tests must run inside the crumbtrail checkout (bin/crumbtrail.mjs not found)");
    dir = parent;
  }
}

/** The checkout's root folder. */
export const ROOT = findRoot();

export type DatabaseKind = "sqlite" | "postgres";

export interface TestDatabase {
  kind: DatabaseKind;
  databaseUrl: string;
  /** DATA_DIR for the server and the CLI (auth secret, SQLite file). */
  dataDir: string;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface TestServer extends TestDatabase {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  port: number;
  pid: number;
  /** Everything the server printed so far. */
  output(): string;
  /** Runs `node bin/crumbtrail.mjs <args>` against this server's database. */
  cli(args: string[]): Promise<CliResult>;
  /** Every process of the server seen once it answered (the launcher and what it started). */
  pids: number[];
  /** Closes the read end of the server's stdout and stderr, as a stopped `| tee` or log collector would. */
  closeOutput(): void;
  /** Graceful stop (SIGTERM, then SIGKILL after 10 s); waits until every process is gone. */
  stop(): Promise<void>;
  /** A crash: SIGKILL to every process of the server at once; waits until they are gone. */
  kill(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let ownRunDir: string | null = null;

/** The folder temporary data of this run goes to. */
export function runDir(): string {
  const fromEnv = process.env.CRUMBTRAIL_TEST_RUN_DIR;
  if (fromEnv) {
    fs.mkdirSync(fromEnv, { recursive: true });
    return fromEnv;
  }
  ownRunDir ??= fs.mkdtempSync(path.join(os.tmpdir(), "crumbtrail-test-"));
  return ownRunDir;
}

/** The database kind under test, from CRUMBTRAIL_TEST_DATABASE_URL (SQLite by default). */
export function databaseKind(): DatabaseKind {
  return /^postgres(ql)?:\/\//.test(process.env.CRUMBTRAIL_TEST_DATABASE_URL ?? "") ? "postgres" : "sqlite";
}

function slug(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 30) || "db";
}

/**
 * A new, empty database of the kind under test, with its own data folder.
 * SQLite: a new file; Postgres: a new database on the cluster of CRUMBTRAIL_TEST_DATABASE_URL.
 */
export async function freshDatabase(label = "db"): Promise<TestDatabase> {
  const name = `${slug(label)}_${crypto.randomBytes(4).toString("hex")}`;
  const base = process.env.CRUMBTRAIL_TEST_DATABASE_URL ?? "";
  const parent = base.startsWith("file:") ? path.dirname(path.resolve(base.slice("file:".length))) : runDir();
  fs.mkdirSync(parent, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(parent, `${slug(label)}-`));
  if (databaseKind() === "postgres") {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
    const url = new URL(base);
    url.pathname = `/${name}`;
    return { kind: "postgres", databaseUrl: url.toString(), dataDir };
  }
  return { kind: "sqlite", databaseUrl: `file:${path.join(dataDir, "crumbtrail.db")}`, dataDir };
}

/** The environment the server and the CLI get: ours, pointed at `db`. */
export function serverEnv(db: TestDatabase, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: db.databaseUrl,
    DATA_DIR: db.dataDir,
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
    // Test servers share one database; a server's own hourly purge (first run a
    // minute after start) would race the tests that set a retention period and
    // count what `crumbtrail purge` deletes. The schedule's own test shortens it.
    CRUMBTRAIL_PURGE_FIRST_DELAY_MS: String(24 * 3_600_000),
  };
  // The test runner's markers and the developer's own server settings must not leak in.
  delete env.NODE_TEST_CONTEXT;
  delete env.NODE_OPTIONS;
  delete env.AUTH_SECRET;
  delete env.NEXTAUTH_SECRET;
  delete env.NEXTAUTH_URL;
  delete env.PORT;
  Object.assign(env, extra);
  return env;
}

/** Runs `node bin/crumbtrail.mjs <args>` with the database of `db`. */
export function runCli(db: TestDatabase, args: string[], options: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin", "crumbtrail.mjs"), ...args], {
      cwd: ROOT,
      env: serverEnv(db, options.env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const note = (line: string) => appendNote(path.join(db.dataDir, "harness-cli.log"), `${args[0]} pid ${child.pid}: ${line}`);
    note("spawned");
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`crumbtrail ${args.join(" ")} did not finish within ${(options.timeoutMs ?? 60_000) / 1000}s\n${stdout}${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      note(`exited ${code}`);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A timestamped line in a harness log; a folder a test removed already is no reason to fail. */
function appendNote(file: string, line: string): void {
  try {
    fs.appendFileSync(file, `${new Date().toISOString()} ${line}\n`);
  } catch {
    // the folder is gone
  }
}

/** `promise`, or a rejection after `ms` on a ref'd timer (which also keeps the process alive meanwhile). */
function settleWithin<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

// ------------------------------------------------------------ process trees

interface Proc {
  pid: number;
  ppid: number;
  pgid: number;
  zombie: boolean;
}

function readProc(pid: number): Proc | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { pid, ppid: Number(fields[1]), pgid: Number(fields[2]), zombie: fields[0] === "Z" };
  } catch {
    return null;
  }
}

/** `pid` and every process below it (Linux /proc). */
export function processTree(pid: number): Proc[] {
  const all = fs
    .readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProc(Number(name)))
    .filter((p): p is Proc => p !== null);
  const tree: Proc[] = [];
  const queue = [pid];
  while (queue.length) {
    const current = queue.shift()!;
    const proc = all.find((p) => p.pid === current);
    if (proc) tree.push(proc);
    for (const child of all) if (child.ppid === current) queue.push(child.pid);
  }
  return tree;
}

/** Whether `pid` is a running (not zombie) process. */
export function isAlive(pid: number): boolean {
  const proc = readProc(pid);
  return proc !== null && !proc.zombie;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is gone
  }
}

// Servers started by this process, so none outlives it; each is also registered on
// disk so scripts/test.mjs can kill what a crashed test process left behind.
const live = new Map<number, Set<number>>();

function registryFile(pid: number): string {
  return path.join(runDir(), "servers", `${pid}.json`);
}

function register(pid: number, pgids: Set<number>): void {
  live.set(pid, pgids);
  fs.mkdirSync(path.dirname(registryFile(pid)), { recursive: true });
  fs.writeFileSync(registryFile(pid), JSON.stringify({ pgids: [...pgids] }));
}

function unregister(pid: number): void {
  live.delete(pid);
  fs.rmSync(registryFile(pid), { force: true });
}

let guardsInstalled = false;

function installGuards(): void {
  if (guardsInstalled) return;
  guardsInstalled = true;
  process.on("exit", (code) => {
    for (const [pid, pgids] of live) {
      for (const pgid of pgids) signalGroup(pgid, "SIGKILL");
      fs.rmSync(registryFile(pid), { force: true });
    }
    // A folder we made ourselves (no CRUMBTRAIL_TEST_RUN_DIR) goes when every test
    // passed; after a failure it stays, with the servers' logs.
    if (ownRunDir && code === 0 && !process.exitCode && process.env.CRUMBTRAIL_TEST_KEEP !== "1") {
      fs.rmSync(ownRunDir, { recursive: true, force: true });
    }
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    // Only when nobody else (e.g. Playwright) handles the signal.
    if (process.listenerCount(signal) === 0) process.once(signal, () => process.exit(130));
  }
}

// ------------------------------------------------------------ the server

export interface StartOptions {
  /** Names the database and the data folder. */
  label?: string;
  /** Reuse a database (e.g. to restart on the same data); default: a fresh one. */
  database?: TestDatabase;
  /** Extra environment for the server. */
  env?: Record<string, string>;
  /** How long to wait for GET /api/health to answer 200. */
  timeoutMs?: number;
  /** `npm`: started as `npm start` (npm, then sh, then the server), as many supervisors do; default `node bin/crumbtrail.mjs start`. */
  via?: "node" | "npm";
}

const MAX_OUTPUT = 200_000;

/**
 * Starts `node bin/crumbtrail.mjs start` on a free port and resolves once
 * GET /api/health answers 200. The build must already exist (scripts/test.mjs
 * builds once): a stale build makes the start command rebuild first, which is slow.
 */
export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  installGuards();
  const db = options.database ?? (await freshDatabase(options.label ?? "server"));
  // When the sources changed since the build, `start` rebuilds first; Next refuses
  // a second concurrent build in the checkout, so wait for the other one and retry.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(db, options);
    } catch (error) {
      if (!(error instanceof ConcurrentBuildError) || attempt >= 6) throw error;
      await sleep(15_000);
    }
  }
}

class ConcurrentBuildError extends Error {}

async function startOnce(db: TestDatabase, options: StartOptions): Promise<TestServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = serverEnv(db, { PORT: String(port), NEXTAUTH_URL: url, ...options.env });

  const [command, args] = options.via === "npm" ? ["npm", ["start"]] : [process.execPath, [path.join(ROOT, "bin", "crumbtrail.mjs"), "start"]];
  const child = spawn(command, args, {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (!child.pid) throw new Error(`could not spawn ${command}`);
  const pid = child.pid;
  register(pid, new Set([pid]));

  let output = "";
  const logFile = path.join(db.dataDir, `server-${port}.log`);
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-MAX_OUTPUT);
    fs.appendFileSync(logFile, chunk);
  };
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exited = new Promise<void>((resolve) =>
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      resolve();
    }),
  );
  // A forgotten server must not keep the test process alive (the exit guard kills it).
  child.unref();
  (child.stdout as unknown as { unref?: () => void }).unref?.();
  (child.stderr as unknown as { unref?: () => void }).unref?.();

  // The processes seen once the server answered: after a launcher dies, its tree no longer leads to them.
  const known = new Set<number>();
  let stopping: Promise<void> | null = null;
  const stop = (signal: "SIGTERM" | "SIGKILL" = "SIGTERM"): Promise<void> => {
    stopping ??= (async () => {
      const tree = processTree(pid);
      const pgids = new Set([pid, ...(live.get(pid) ?? []), ...tree.map((p) => p.pgid)]);
      const pids = new Set([pid, ...known, ...tree.map((p) => p.pid)]);
      if (signal === "SIGKILL") {
        for (const pgid of pgids) signalGroup(pgid, "SIGKILL");
      } else {
        // SIGTERM to the launcher's group: the server serves in that process (lib/server).
        signalGroup(pid, "SIGTERM");
      }
      const deadline = Date.now() + 10_000;
      while ([...pids].some(isAlive) && Date.now() < deadline) await sleep(100);
      if ([...pids].some(isAlive)) {
        for (const pgid of pgids) signalGroup(pgid, "SIGKILL");
        for (const p of pids) {
          try {
            process.kill(p, "SIGKILL");
          } catch {
            // gone
          }
        }
        await Promise.race([exited, sleep(5_000)]);
      }
      unregister(pid);
    })();
    return stopping;
  };

  const tail = () => output.split("\n").slice(-60).join("\n");
  // What the harness did and when, beside the server's log: where a hang happened.
  const harnessLog = path.join(db.dataDir, `harness-${port}.log`);
  const note = (line: string) => appendNote(harnessLog, line);
  note(`spawned crumbtrail start, pid ${pid}`);
  const timeoutMs = options.timeoutMs ?? Number(process.env.CRUMBTRAIL_TEST_START_TIMEOUT_MS ?? 90_000);
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  // The server is unref'd (above), and so, at times, is the socket of a pending
  // fetch: on a loaded machine a test file was seen ending with "Promise
  // resolution is still pending but the event loop has already resolved" while
  // it waited here. One ref'd timer keeps this process alive until the server answers.
  const keepAlive = setInterval(() => {}, 1_000);
  try {
    await waitForHealth();
  } finally {
    clearInterval(keepAlive);
  }
  async function waitForHealth(): Promise<void> {
    for (;;) {
      if (exit) {
        await stop();
        const how = (exit as { code: number | null; signal: NodeJS.Signals | null });
        const Failure = output.includes("Another next build process is already running") ? ConcurrentBuildError : Error;
        throw new Failure(
          `crumbtrail start exited (${how.signal ?? `code ${how.code}`}) before /api/health answered 200.\n--- server output (${logFile}) ---\n${tail()}`,
        );
      }
      try {
        // Bounded twice: the abort signal, and a ref'd timer of our own. Twice in CI a
        // file hung here past its 300 s with the server up and nothing else pending;
        // a fetch that never settles must not outlive its attempt.
        const { status, text } = await settleWithin(
          (async () => {
            const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
            return { status: response.status, text: await response.text() };
          })(),
          6_000,
          "GET /api/health did not settle within 6 s",
        );
        note(`health: HTTP ${status}`);
        if (status === 200) break;
        last = `HTTP ${status}: ${text.slice(0, 300)}`;
      } catch (error) {
        last = (error as Error).message;
        note(`health: ${last}`);
      }
      if (Date.now() > deadline) {
        await stop();
        throw new Error(
          `crumbtrail start did not answer 200 on /api/health within ${timeoutMs / 1000}s (last: ${last}).\n--- server output (${logFile}) ---\n${tail()}`,
        );
      }
      await sleep(200);
    }
  }
  note("healthy");
  // Every group under the launcher, for the kill of last resort.
  const tree = processTree(pid);
  for (const p of tree) known.add(p.pid);
  register(pid, new Set([pid, ...tree.map((p) => p.pgid)]));

  return {
    ...db,
    url,
    port,
    pid,
    output: () => output,
    pids: tree.map((p) => p.pid),
    closeOutput: () => {
      child.stdout!.destroy();
      child.stderr!.destroy();
    },
    cli: (args) => runCli(db, args),
    stop: () => stop("SIGTERM"),
    kill: () => stop("SIGKILL"),
  };
}
