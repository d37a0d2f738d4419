// What the servers of a cluster are, as ClickHouse itself says: whether it can run
// ON CLUSTER statements, and the nodes its remote_servers lists. Shared by
// clickhouse:migrate and by the deletes of mutations.ts.
import { z } from "zod";
import type { ClickHouseClient } from "./client";
import { sqlWith } from "./literal";

const count = z.object({ n: z.coerce.number() });

/** Whether the server can run `ON CLUSTER` statements: it has a ZooKeeper (system.zookeeper exists then). */
export async function distributedDdl(client: ClickHouseClient): Promise<boolean> {
  const [row] = await client.query(sqlWith("SELECT count() AS n FROM system.tables WHERE database = 'system' AND name = ?", ["zookeeper"]), count);
  return row.n > 0;
}

/** Every node (each replica of each shard) of the cluster, as `host:port` of its native protocol (what remote() takes). */
export async function shardsOf(client: ClickHouseClient, cluster: string): Promise<{ address: string }[]> {
  const rows = await client.query(
    sqlWith("SELECT shard_num, host_address, port FROM system.clusters WHERE cluster = ? ORDER BY shard_num, replica_num", [cluster]),
    z.object({ shard_num: z.coerce.number(), host_address: z.string(), port: z.coerce.number() }),
  );
  return rows.map((r) => ({ address: `${r.host_address.includes(":") ? `[${r.host_address}]` : r.host_address}:${r.port}` }));
}
