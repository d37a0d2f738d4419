// A throwaway PostgreSQL cluster on 127.0.0.1 for tests and benchmarks.
// Uses Debian's PostgreSQL binaries (apt-get install postgresql); as root it
// runs the server as the `postgres` user, as initdb requires.
//   node scripts/pg-cluster.mjs start   prints DATABASE_URL, keeps running until killed
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export function findPostgresBin() {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], "bin") : null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs a binary as the postgres user when we are root (initdb refuses root). */
function runAs(bin, args, options = {}) {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { stdio: "pipe", ...options });
}

/**
 * Starts a cluster and resolves to { url, stop() }. The database `crumbtrail`
 * exists; `createDatabase(name)` makes more.
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
  if (process.getuid?.() === 0) execFileSync("chown", ["-R", "postgres:postgres", dir]);
  fs.chmodSync(dir, 0o755);

  runAs(path.join(bin, "initdb"), ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  const port = await freePort();
  const server = spawn(
    process.getuid?.() === 0 ? "runuser" : path.join(bin, "postgres"),
    [
      ...(process.getuid?.() === 0 ? ["-u", "postgres", "--", path.join(bin, "postgres")] : []),
      "-D", dataDir, "-p", String(port), "-h", "127.0.0.1", "-k", socketDir,
      "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
      "-c", "max_connections=200", "-c", "shared_buffers=128MB",
    ],
    { stdio: ["ignore", "ignore", "pipe"], detached: false },
  );
  let log = "";
  server.stderr.on("data", (chunk) => (log += chunk));

  const psql = path.join(bin, "psql");
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      runAs(psql, ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-c", "select 1"]);
      break;
    } catch {
      if (server.exitCode !== null || Date.now() > deadline) {
        throw new Error(`PostgreSQL did not start: ${log.trim().split("\n").pop()}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const createDatabase = (name) => {
    runAs(psql, ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-c", `create database "${name}"`]);
    return `postgres://postgres@127.0.0.1:${port}/${name}`;
  };
  const url = createDatabase("crumbtrail");

  const stop = () => {
    if (server.exitCode === null) server.kill("SIGINT");
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { url, port, createDatabase, stop };
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === "start") {
  const cluster = await startCluster();
  console.log(cluster.url);
  const bye = () => {
    cluster.stop();
    process.exit(0);
  };
  process.on("SIGINT", bye);
  process.on("SIGTERM", bye);
  setInterval(() => {}, 1 << 30);
}
