// ClickHouse's settings, read from the environment in one place: the CLI
// commands, Settings, erase and purge (and the writer to come) all need the same
// three values, parsed the same way.
//
//   CLICKHOUSE_URL         http://user:password@host:8123/database (unset: no ClickHouse)
//   CLICKHOUSE_CLUSTER     a cluster of the servers' remote_servers (unset: one node)
//   CLICKHOUSE_SHARD_URLS  comma-separated HTTP URLs, one per node of that cluster:
//                          how erase and purge reach each shard's local tables when the
//                          servers have no ZooKeeper for ON CLUSTER (system.clusters
//                          only lists native ports, so they cannot be derived)
//   CLICKHOUSE_REPORT_MEMORY_MB  what one report statement may plan to hold (default 400):
//                          per-person reports read a big project's persons in parts of
//                          that size (lib/query/clickhouse/source.ts, personsInParts). Keep it
//                          well under the server's max_memory_usage per query.
import { z } from "zod";
import { ClickHouseClient, ClickHouseError, parseClickHouseUrl, type ClickHouseClientOptions } from "./client";

export interface ClickHouseConfig {
  /** The node CLICKHOUSE_URL names. */
  client: ClickHouseClient;
  /** CLICKHOUSE_CLUSTER, or null for one node. */
  cluster: string | null;
  /** One client per CLICKHOUSE_SHARD_URLS entry; empty when it is unset. */
  shardClients: ClickHouseClient[];
  /** CLICKHOUSE_REPORT_MEMORY_MB, in bytes. */
  reportMemoryBytes: number;
}

const DEFAULT_REPORT_MEMORY_MB = 400;

const envSchema = z.object({
  CLICKHOUSE_URL: z.string().trim().optional(),
  CLICKHOUSE_CLUSTER: z
    .string()
    .trim()
    .optional()
    .transform((name) => name || null)
    .refine((name) => name === null || /^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(name), { message: "CLICKHOUSE_CLUSTER is not a plain cluster name (letters, digits and _)" }),
  CLICKHOUSE_SHARD_URLS: z
    .string()
    .optional()
    .transform((list) => (list ?? "").split(",").map((url) => url.trim()).filter(Boolean)),
  CLICKHOUSE_REPORT_MEMORY_MB: z
    .string()
    .trim()
    .optional()
    .transform((text) => (text ? Number(text) : DEFAULT_REPORT_MEMORY_MB))
    // Fractions are allowed: the tests use a few kilobytes to split small data into parts.
    .refine((mb) => Number.isFinite(mb) && mb > 0 && mb <= 1_000_000, { message: "CLICKHOUSE_REPORT_MEMORY_MB is not a number of megabytes above 0 and up to 1000000" }),
});

/**
 * The settings, or null when CLICKHOUSE_URL is unset (ClickHouse is not used, at
 * no cost). Throws a ClickHouseError with one sentence naming the setting when a
 * value is unusable.
 */
export function clickHouseConfig(env: Readonly<Record<string, string | undefined>> = process.env, options: ClickHouseClientOptions = {}): ClickHouseConfig | null {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new ClickHouseError(parsed.error.issues[0]?.message ?? "the ClickHouse settings are not usable", null, "server");
  const { CLICKHOUSE_URL: url, CLICKHOUSE_CLUSTER: cluster, CLICKHOUSE_SHARD_URLS: shardUrls, CLICKHOUSE_REPORT_MEMORY_MB: reportMemoryMb } = parsed.data;
  if (!url) return null;
  const main = parseClickHouseUrl(url);
  const shardClients = shardUrls.map((text) => {
    const shard = parseClickHouseUrl(text, "CLICKHOUSE_SHARD_URLS");
    // Every node holds the tables in the same database (the Distributed tables name it):
    // a URL without one means CLICKHOUSE_URL's, any other is a mistake.
    const named = /^[a-z]+:\/\/[^/]+\/+[^/]/i.test(text);
    if (named && shard.database !== main.database) {
      throw new ClickHouseError(`CLICKHOUSE_SHARD_URLS names the database "${shard.database}", CLICKHOUSE_URL "${main.database}": every node keeps the tables in the same one`, null, "server");
    }
    return new ClickHouseClient({ ...shard, database: main.database }, options);
  });
  return { client: new ClickHouseClient(main, options), cluster, shardClients, reportMemoryBytes: Math.round(reportMemoryMb * 1_000_000) };
}
