// A throwaway ZooKeeper on 127.0.0.1, for ClickHouse's ON CLUSTER statements
// (distributed DDL) in tests and manual runs. Uses Debian 12's package
// (apt-get install zookeeper, 3.8); its data lives in a temporary folder,
// removed when it stops.
//   node scripts/zookeeper.mjs start      prints ZOOKEEPER=127.0.0.1:PORT, runs until killed
// Then: node scripts/clickhouse-cluster.mjs start --shards 2 --zookeeper 127.0.0.1:PORT
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { alive, freePort, runUntilSignal, stoppable } from "./processes.mjs";

export const ZOOKEEPER_SERVER = "/usr/share/zookeeper/bin/zkServer.sh";
export const MISSING_ZOOKEEPER = `missing prerequisite: ZooKeeper at ${ZOOKEEPER_SERVER} (install it as root: apt-get install -y zookeeper)`;

export function findZooKeeper() {
  return fs.existsSync(ZOOKEEPER_SERVER) ? ZOOKEEPER_SERVER : null;
}

/** True once the server answers ZooKeeper's "ruok" with "imok". */
function answers(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port }, () => socket.end("ruok"));
    let text = "";
    socket.on("data", (chunk) => (text += chunk));
    socket.on("close", () => resolve(text === "imok"));
    socket.on("error", () => resolve(false));
    socket.setTimeout(1_000, () => socket.destroy());
  });
}

/** Starts ZooKeeper; resolves to { address: "127.0.0.1:PORT", stop(), kill() } once it answers. */
export async function startZooKeeper() {
  const server = findZooKeeper();
  if (!server) throw new Error(MISSING_ZOOKEEPER);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crumbtrail-zk-"));
  const port = await freePort();
  fs.mkdirSync(path.join(dir, "data"));
  fs.writeFileSync(
    path.join(dir, "zoo.cfg"),
    [`tickTime=2000`, `dataDir=${path.join(dir, "data")}`, `clientPort=${port}`, `clientPortAddress=127.0.0.1`, `admin.enableServer=false`, `4lw.commands.whitelist=ruok`].join("\n") + "\n",
  );
  let log = "";
  // The script execs java: the child is the server itself.
  const child = spawn(server, ["start-foreground", path.join(dir, "zoo.cfg")], {
    cwd: dir,
    env: { ...process.env, ZOOCFGDIR: dir, ZOO_LOG_DIR: dir, JVMFLAGS: "-Xmx128m" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr.on("data", (chunk) => (log = (log + chunk).slice(-10_000)));
  child.stderr.unref?.();
  const pids = () => (child.pid && alive(child.pid) ? [child.pid] : []);
  const { stop, kill } = stoppable({ pids, dir, killOnExit: true });
  const deadline = Date.now() + 60_000;
  while (!(await answers(port))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      kill();
      throw new Error(`ZooKeeper did not start on 127.0.0.1:${port}: ${log.trim().split("\n").pop() || "no output"}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { address: `127.0.0.1:${port}`, stop, kill };
}

async function cli(argv) {
  if (argv[0] !== "start") {
    console.error("usage: node scripts/zookeeper.mjs start");
    process.exit(2);
  }
  let zookeeper;
  try {
    zookeeper = await startZooKeeper();
  } catch (error) {
    console.error(`zookeeper: ${error.message}`);
    process.exit(1);
  }
  console.log(`ZOOKEEPER=${zookeeper.address}`);
  runUntilSignal(zookeeper);
}

// No top-level await: tests load this file through tsx's require, which refuses it.
if (import.meta.url === `file://${process.argv[1]}`) cli(process.argv.slice(2));
