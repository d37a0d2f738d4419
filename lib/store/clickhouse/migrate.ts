// `crumbtrail clickhouse:migrate`: creates the ClickHouse tables of schema.ts,
// step by step, recording each applied step; running it again changes nothing.
//
// With CLICKHOUSE_CLUSTER the tables are created ON CLUSTER when the servers run
// distributed DDL (it needs ZooKeeper, in 18.16 as today). Without it (a plain
// two-shard setup, like the tests') each node is migrated by pointing
// CLICKHOUSE_URL at it; the result then names the shards still without tables.
import { z } from "zod";
import { ClickHouseClient, ClickHouseError } from "./client";
import { distributedDdl, shardsOf } from "./cluster";
import { identifier, sqlWith } from "./literal";
import { SCHEMA, SCHEMA_VERSIONS_DDL, TABLES, type Topology } from "./schema";

export interface ClickHouseMigrateResult {
  /** Names of the steps applied by this run. */
  applied: string[];
  /** Steps applied in all, earlier runs included. */
  total: number;
  /** Whether the statements ran ON CLUSTER (distributed DDL available). */
  onCluster: boolean;
  /** Shards of the cluster (host:port) whose local tables are still missing; empty when all have them or without a cluster. */
  pendingShards: string[];
}

const count = z.object({ n: z.coerce.number() });

/** The shards (of every replica) that lack one of the local tables, read through remote(). */
async function shardsWithoutTables(client: ClickHouseClient, cluster: string): Promise<string[]> {
  const missing: string[] = [];
  const local = [TABLES.eventsLocal, TABLES.distinctIdsLocal, TABLES.eventPersonsLocal];
  const { user, password, database } = client.target;
  for (const { address } of await shardsOf(client, cluster)) {
    const [row] = await client.query(
      sqlWith(`SELECT count() AS n FROM remote(?, system.tables, ?, ?) WHERE database = ? AND has(?, name)`, [
        address,
        user,
        password,
        database,
        local,
      ]),
      count,
    );
    if (row.n < local.length) missing.push(address);
  }
  return missing;
}

/** Creates the database of CLICKHOUSE_URL when it does not exist. */
async function ensureDatabase(server: ClickHouseClient, database: string, cluster: string | null, ddl: boolean): Promise<void> {
  const on = cluster && ddl ? ` ON CLUSTER ${identifier(cluster)}` : "";
  await server.exec(`CREATE DATABASE IF NOT EXISTS ${identifier(database)}${on}`);
}

export async function migrateClickHouse(
  client: ClickHouseClient,
  cluster: string | null,
  onStep: (name: string) => void = () => {},
): Promise<ClickHouseMigrateResult> {
  if (cluster !== null) identifier(cluster);
  // Until the database exists, ask through the server's `default` one.
  const server = new ClickHouseClient({ ...client.target, database: "default" });
  await server.ping();
  const ddl = cluster !== null && (await distributedDdl(server));
  if (cluster !== null && !(await shardsOf(server, cluster)).length) {
    throw new ClickHouseError(`ClickHouse: the server's remote_servers has no cluster named ${cluster} (CLICKHOUSE_CLUSTER)`, null, "server");
  }
  await ensureDatabase(server, client.database, cluster, ddl);
  await client.exec(SCHEMA_VERSIONS_DDL);
  const done = new Set(
    (await client.query(`SELECT version FROM ${TABLES.schemaVersions}`, z.object({ version: z.coerce.number() }))).map((r) => r.version),
  );
  const topology: Topology = { database: client.database, cluster };
  const applied: string[] = [];
  for (const step of SCHEMA) {
    if (done.has(step.version)) continue;
    onStep(step.name);
    for (const statement of step.statements(topology, ddl)) await client.exec(statement);
    await client.exec(sqlWith(`INSERT INTO ${TABLES.schemaVersions} (version, name, applied_at) VALUES (?, ?, ?)`, [step.version, step.name, Date.now()]));
    applied.push(step.name);
  }
  const pendingShards = cluster !== null && !ddl ? await shardsWithoutTables(client, cluster) : [];
  return { applied, total: done.size + applied.length, onCluster: ddl, pendingShards };
}
