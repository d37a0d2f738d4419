// ClickHouse for the integration tests: throwaway servers from Debian's package
// (scripts/clickhouse-cluster.mjs), and statements sent straight to one node.
import assert from "node:assert/strict";
import { startClickHouse } from "../../scripts/clickhouse-cluster.mjs";
import { runCli, type TestDatabase } from "./server";

/** One node, or a two-shard cluster (`crumbtrail_two_shards`), without ZooKeeper unless given one. */
export interface ClickHouseNodes {
  /** The first node's URL, database `crumbtrail`. */
  url: string;
  /** Every node's URL, for a database (default `crumbtrail`). */
  urls(name?: string): string[];
  cluster: string | null;
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
  kill(): void;
}

/** `zookeeper` ("host:port", tests/support/zookeeper via scripts/zookeeper.mjs): the nodes run ON CLUSTER statements through it. */
export async function startClickHouseNodes(shards: 1 | 2, zookeeper: string | null = null): Promise<ClickHouseNodes> {
  return (await startClickHouse({ shards, zookeeper })) as unknown as ClickHouseNodes;
}

/**
 * The environment of a server that copies its events to `nodes`: CLICKHOUSE_URL,
 * and CLICKHOUSE_CLUSTER on two shards; `extra` is added (a report budget).
 */
export function clickHouseEnvOf(nodes: ClickHouseNodes, extra: Record<string, string> = {}): Record<string, string> {
  return { CLICKHOUSE_URL: nodes.url, ...(nodes.cluster ? { CLICKHOUSE_CLUSTER: nodes.cluster } : {}), ...extra };
}

/** clickhouse:migrate on every node (without ZooKeeper there is no ON CLUSTER: each through its own URL, the first last). */
export async function migrateNodes(db: TestDatabase, nodes: ClickHouseNodes, env: Record<string, string>): Promise<void> {
  for (const url of nodes.urls().reverse()) {
    const run = await runCli(db, ["clickhouse:migrate"], { env: { ...env, CLICKHOUSE_URL: url } });
    assert.equal(run.code, 0, run.stderr);
  }
}

/**
 * A statement straight on one node; a SELECT's rows as JSON objects (64-bit
 * integers as strings). Inserts into a Distributed table return once every shard has its rows.
 */
export async function ch<T = Record<string, unknown>>(url: string, statement: string): Promise<T[]> {
  const target = new URL(url);
  const answer = await fetch(`${target.origin}/?database=${target.pathname.slice(1)}&insert_distributed_sync=1`, {
    method: "POST",
    body: /^\s*(select|with)\b/i.test(statement) ? `${statement} FORMAT JSONEachRow` : statement,
  });
  const text = await answer.text();
  assert.equal(answer.status, 200, text);
  return text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as T);
}
