// Throwaway ClickHouse servers on 127.0.0.1 for tests and manual runs: one node,
// or a two-shard cluster (two processes and a `remote_servers` entry naming both).
// Uses Debian 12's binary (apt-get install clickhouse-server, version 18.16); the
// config is written to a temporary folder, which is removed when the servers stop.
//   node scripts/clickhouse-cluster.mjs start [--shards 2] [--zookeeper host:port]
//     prints CLICKHOUSE_URL (and CLICKHOUSE_CLUSTER for two shards), runs until killed;
//     with --zookeeper the nodes run ON CLUSTER statements through that ZooKeeper
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { alive, freePort, runUntilSignal, stoppable } from "./processes.mjs";

/** The name of the cluster a two-shard start configures (CLICKHOUSE_CLUSTER). */
export const CLUSTER_NAME = "crumbtrail_two_shards";

const MISSING = "ClickHouse server binary not found: run `apt-get install -y clickhouse-server` (Debian 12's package)";

/**
 * The command that runs the server: Debian installs /usr/sbin/clickhouse-server;
 * other builds ship one `clickhouse` binary run as `clickhouse server`.
 * Returns { cmd, args } or null.
 */
export function findClickHouseServer() {
  for (const file of ["/usr/sbin/clickhouse-server", "/usr/bin/clickhouse-server"]) {
    if (fs.existsSync(file)) return { cmd: file, args: [] };
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    if (fs.existsSync(path.join(dir, "clickhouse-server"))) return { cmd: path.join(dir, "clickhouse-server"), args: [] };
    if (fs.existsSync(path.join(dir, "clickhouse"))) return { cmd: path.join(dir, "clickhouse"), args: ["server"] };
  }
  return null;
}

/** Distinct free ports (a port freed by one probe could otherwise be handed out twice). */
async function freePorts(count) {
  const ports = new Set();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

const xmlText = (value) => String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * The server config of one node: loopback only, small caches, no interserver port;
 * with `zookeeper` ("host:port"), distributed DDL through it (ON CLUSTER statements).
 */
export function serverConfig({ dir, httpPort, tcpPort, shards = [], zookeeper = null }) {
  const remote = shards.length
    ? `  <remote_servers>
    <${CLUSTER_NAME}>
${shards
  .map((port) => `      <shard><replica><host>127.0.0.1</host><port>${port}</port></replica></shard>`)
  .join("\n")}
    </${CLUSTER_NAME}>
  </remote_servers>`
    : "  <remote_servers></remote_servers>";
  const at = (sub) => xmlText(path.join(dir, sub) + "/");
  return `<?xml version="1.0"?>
<yandex>
  <logger>
    <level>warning</level>
    <log>${xmlText(path.join(dir, "log", "server.log"))}</log>
    <errorlog>${xmlText(path.join(dir, "log", "error.log"))}</errorlog>
    <size>10M</size>
    <count>1</count>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <max_connections>256</max_connections>
  <keep_alive_timeout>3</keep_alive_timeout>
  <max_concurrent_queries>50</max_concurrent_queries>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <mark_cache_size>67108864</mark_cache_size>
  <path>${at("data")}</path>
  <tmp_path>${at("tmp")}</tmp_path>
  <user_files_path>${at("user_files")}</user_files_path>
  <format_schema_path>${at("format_schemas")}</format_schema_path>
  <users_config>${xmlText(path.join(dir, "users.xml"))}</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mlock_executable>false</mlock_executable>
  <builtin_dictionaries_reload_interval>3600</builtin_dictionaries_reload_interval>
  <max_session_timeout>3600</max_session_timeout>
  <default_session_timeout>60</default_session_timeout>
${remote}
${zookeeper ? zookeeperConfig(zookeeper) : ""}
</yandex>
`;
}

/** A ZooKeeper ("host:port") and the queue of ON CLUSTER statements in it. */
function zookeeperConfig(zookeeper) {
  const match = /^([^:\s]+):(\d+)$/.exec(zookeeper);
  if (!match) throw new Error(`--zookeeper takes host:port, not ${zookeeper}`);
  return `  <zookeeper>
    <node><host>${xmlText(match[1])}</host><port>${match[2]}</port></node>
  </zookeeper>
  <distributed_ddl><path>/clickhouse/crumbtrail/task_queue/ddl</path></distributed_ddl>`;
}

/** One user, `default` without a password, reachable from loopback only; ~1 GB per query at most. */
export function usersConfig() {
  return `<?xml version="1.0"?>
<yandex>
  <profiles>
    <default>
      <max_memory_usage>1000000000</max_memory_usage>
      <max_threads>2</max_threads>
      <use_uncompressed_cache>0</use_uncompressed_cache>
      <load_balancing>in_order</load_balancing>
    </default>
  </profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas>
    <default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default>
  </quotas>
</yandex>
`;
}

async function ping(httpPort) {
  try {
    const answer = await fetch(`http://127.0.0.1:${httpPort}/ping`, { signal: AbortSignal.timeout(1_000) });
    return answer.ok && (await answer.text()).trim() === "Ok.";
  } catch {
    return false;
  }
}

/** Runs one statement over HTTP (for createDatabase); throws ClickHouse's message. */
async function statement(httpPort, sql) {
  const answer = await fetch(`http://127.0.0.1:${httpPort}/`, { method: "POST", body: sql });
  if (!answer.ok) throw new Error(`ClickHouse: ${(await answer.text()).trim().split("\n")[0]}`);
}

/**
 * Starts `shards` servers (1 or 2) and resolves to
 * { url, urls, cluster, nodes: [{ httpPort, tcpPort, url }], dir, createDatabase(name), stop(), kill() }.
 * `url` is node 1's CLICKHOUSE_URL for the database `crumbtrail` (created on every node);
 * `cluster` is CLUSTER_NAME for two shards, null for one. `createDatabase(name)`
 * makes a database on every node and returns node 1's URL for it (`urls` has every node's).
 * `stop()` shuts the servers down and removes the folder; `kill()` is the synchronous last resort.
 * With `zookeeper` ("host:port") the nodes run ON CLUSTER statements through it.
 * @param {{ shards?: number, zookeeper?: string | null }} [options]
 */
export async function startClickHouse({ shards = 1, zookeeper = null } = {}) {
  if (shards !== 1 && shards !== 2) throw new Error("shards must be 1 or 2");
  const server = findClickHouseServer();
  if (!server) throw new Error(MISSING);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crumbtrail-ch-"));
  const ports = await freePorts(shards * 2);
  const nodes = Array.from({ length: shards }, (_, i) => ({
    dir: path.join(dir, `node${i + 1}`),
    httpPort: ports[i * 2],
    tcpPort: ports[i * 2 + 1],
    child: null,
    log: "",
  }));
  const pids = () => nodes.map((n) => n.child?.pid).filter((pid) => pid && alive(pid));

  const { stop, kill } = stoppable({ pids, dir });

  try {
    for (const node of nodes) {
      for (const sub of ["data", "tmp", "user_files", "format_schemas", "log"]) fs.mkdirSync(path.join(node.dir, sub), { recursive: true });
      fs.writeFileSync(path.join(node.dir, "users.xml"), usersConfig());
      const config = path.join(node.dir, "config.xml");
      fs.writeFileSync(
        config,
        serverConfig({ dir: node.dir, httpPort: node.httpPort, tcpPort: node.tcpPort, shards: shards > 1 ? nodes.map((n) => n.tcpPort) : [], zookeeper }),
      );
      node.child = spawn(server.cmd, [...server.args, `--config-file=${config}`], {
        cwd: node.dir,
        stdio: ["ignore", "ignore", "pipe"],
        detached: false,
      });
      node.child.stderr.on("data", (chunk) => (node.log = (node.log + chunk).slice(-20_000)));
      node.child.stderr.unref?.();
      node.child.on("error", (error) => (node.log += `\n${error.message}`));
    }

    const deadline = Date.now() + 60_000;
    for (const node of nodes) {
      while (!(await ping(node.httpPort))) {
        if (node.child.exitCode !== null || node.child.signalCode !== null || Date.now() > deadline) {
          const errorLog = path.join(node.dir, "log", "error.log");
          const lines = `${node.log}\n${fs.existsSync(errorLog) ? fs.readFileSync(errorLog, "utf8") : ""}`.trim().split("\n");
          throw new Error(`ClickHouse did not start on 127.0.0.1:${node.httpPort}: ${lines.pop() || "no output"}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }

    const createDatabase = async (name) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      for (const node of nodes) await statement(node.httpPort, `CREATE DATABASE IF NOT EXISTS ${name}`);
      return `http://default@127.0.0.1:${nodes[0].httpPort}/${name}`;
    };
    const url = await createDatabase("crumbtrail");
    const view = nodes.map((n) => ({ httpPort: n.httpPort, tcpPort: n.tcpPort, url: `http://default@127.0.0.1:${n.httpPort}/crumbtrail` }));
    return {
      url,
      urls: (name = "crumbtrail") => nodes.map((n) => `http://default@127.0.0.1:${n.httpPort}/${name}`),
      cluster: shards > 1 ? CLUSTER_NAME : null,
      nodes: view,
      dir,
      pids: () => pids(),
      createDatabase,
      stop,
      kill,
    };
  } catch (error) {
    kill();
    throw error;
  }
}

/** The command line: start, print the settings, run until a signal. */
async function cli(argv) {
  const [command, ...rest] = argv;
  if (command !== "start") {
    console.error("usage: node scripts/clickhouse-cluster.mjs start [--shards 1|2] [--zookeeper host:port]");
    process.exit(2);
  }
  const at = rest.indexOf("--shards");
  const shards = at >= 0 ? Number(rest[at + 1]) : 1;
  const zk = rest.indexOf("--zookeeper");
  let cluster;
  try {
    cluster = await startClickHouse({ shards, zookeeper: zk >= 0 ? rest[zk + 1] : null });
  } catch (error) {
    console.error(`clickhouse-cluster: ${error.message}`);
    process.exit(1);
  }
  console.log(`CLICKHOUSE_URL=${cluster.url}`);
  if (cluster.cluster) {
    console.log(`CLICKHOUSE_CLUSTER=${cluster.cluster}`);
    cluster.nodes.forEach((node, i) => console.log(`# node ${i + 1}: ${node.url} (tcp ${node.tcpPort})`));
  }
  runUntilSignal(cluster);
}

// No top-level await: tests load this file through tsx's require, which refuses it.
if (import.meta.url === `file://${process.argv[1]}`) cli(process.argv.slice(2));
