// A throwaway PostgreSQL cluster on 127.0.0.1 for tests and benchmarks.
// Uses Debian's PostgreSQL binaries (apt-get install postgresql); as root it
// runs the server as the `postgres` user, as initdb requires.
//   node scripts/pg-cluster.mjs start   prints DATABASE_URL, keeps running until killed
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { alive, freePort, runUntilSignal, signal, stoppable } from "./processes.mjs";

export function findPostgresBin() {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, "bin", "pg_ctl")) && fs.existsSync(path.join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], "bin") : null;
}

const asRoot = () => process.getuid?.() === 0;

/** Runs a binary as the postgres user when we are root (initdb refuses root). */
function runAs(bin, args, options = {}) {
  const [cmd, argv] = asRoot() ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { stdio: "pipe", ...options });
}

/** The postmaster's pid, from postmaster.pid in its data folder (null when not running). */
function postmasterPid(dataDir) {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Starts a cluster and resolves to { url, port, createDatabase(name), stop(), kill() }.
 * The database `crumbtrail` exists; `createDatabase(name)` makes more.
 * `stop()` shuts the server down, waits for it to exit, then removes its folder;
 * `kill()` is the synchronous last resort (for process "exit" handlers).
 */
export async function startCluster() {
  const bin = findPostgresBin();
  if (!bin) {
    throw new Error("PostgreSQL server binaries not found: run `apt-get install -y postgresql`");
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crumbtrail-pg-"));
  const dataDir = path.join(dir, "data");
  const socketDir = path.join(dir, "sock");
  fs.mkdirSync(socketDir);
  if (asRoot()) execFileSync("chown", ["-R", "postgres:postgres", dir]);
  fs.chmodSync(dir, 0o755);

  let server = null;
  let log = "";
  const pids = () => [postmasterPid(dataDir), server?.pid].filter((pid) => pid && alive(pid));

  const { stop, kill } = stoppable({
    pids,
    dir,
    // SIGINT is PostgreSQL's "fast" shutdown: sessions are ended, no waiting on clients.
    ask: () => {
      const postmaster = postmasterPid(dataDir);
      if (postmaster) signal(postmaster, "SIGINT");
      else if (server && server.exitCode === null) signal(server.pid, "SIGINT");
    },
  });

  try {
    runAs(path.join(bin, "initdb"), ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
    const port = await freePort();
    server = spawn(
      asRoot() ? "runuser" : path.join(bin, "postgres"),
      [
        ...(asRoot() ? ["-u", "postgres", "--", path.join(bin, "postgres")] : []),
        "-D", dataDir, "-p", String(port), "-h", "127.0.0.1", "-k", socketDir,
        "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
        "-c", "max_connections=200", "-c", "shared_buffers=128MB",
      ],
      { stdio: ["ignore", "ignore", "pipe"], detached: false },
    );
    server.stderr.on("data", (chunk) => (log = (log + chunk).slice(-20_000)));
    server.stderr.unref?.();

    const psql = path.join(bin, "psql");
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        runAs(psql, ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-c", "select 1"]);
        break;
      } catch {
        if (server.exitCode !== null || Date.now() > deadline) {
          throw new Error(`PostgreSQL did not start: ${log.trim().split("\n").pop() ?? "no output"}`);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }

    const createDatabase = (name) => {
      if (!/^[A-Za-z0-9_]{1,63}$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      runAs(psql, ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-c", `create database "${name}"`]);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    };
    const url = createDatabase("crumbtrail");
    return { url, port, dir, createDatabase, stop, kill };
  } catch (error) {
    kill();
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === "start") {
  const cluster = await startCluster();
  console.log(cluster.url);
  runUntilSignal(cluster);
}
