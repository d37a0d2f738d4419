// `crumbtrail clickhouse:migrate` and `crumbtrail clickhouse:backfill --project ID`
// (API.md section 9): the ClickHouse tables, and a project's events copied into
// them from the Prisma database. Reports still read the Prisma database
// (docs/clickhouse.md says what is done and what is not).
import { connections } from "../db";
import { clickHouseConfig, type ClickHouseConfig } from "../store/clickhouse/config";
import { backfillProject, type BackfillSummary } from "../store/clickhouse/backfill";
import { migrateClickHouse, type ClickHouseMigrateResult } from "../store/clickhouse/migrate";
import { fail, say } from "./output";
import { formatCount, Progress } from "./progress";

export type ClickHouseEnv = ClickHouseConfig;

/** CLICKHOUSE_URL, CLICKHOUSE_CLUSTER and CLICKHOUSE_SHARD_URLS from the environment, or one clear sentence. */
export function clickHouseEnv(env: NodeJS.ProcessEnv = process.env): ClickHouseEnv {
  let config: ClickHouseConfig | null;
  try {
    config = clickHouseConfig(env, { timeoutMs: 120_000 });
  } catch (error) {
    fail((error as Error).message);
  }
  if (!config) fail("CLICKHOUSE_URL is not set: point it at ClickHouse's HTTP port, e.g. http://default@127.0.0.1:8123/crumbtrail");
  return config;
}

export function migrateSummary(result: ClickHouseMigrateResult, env: ClickHouseEnv): string[] {
  const where = env.cluster ? ` (cluster ${env.cluster}${result.onCluster ? ", ON CLUSTER" : ", this node"})` : "";
  const lines = [
    result.applied.length
      ? `Applied ${result.applied.length} ClickHouse schema step(s)${where}: ${result.applied.join(", ")}. ClickHouse is up to date.`
      : `ClickHouse is up to date${where} (${result.total} schema step(s) applied earlier).`,
  ];
  if (result.pendingShards.length) {
    lines.push(
      `Shard(s) ${result.pendingShards.join(", ")} of ${env.cluster} have no tables yet: without ZooKeeper ClickHouse cannot run ON CLUSTER, so run clickhouse:migrate with CLICKHOUSE_URL pointing at each of them, or list every node in CLICKHOUSE_SHARD_URLS.`,
    );
  }
  return lines;
}

export async function clickHouseMigrate(): Promise<void> {
  const env = clickHouseEnv();
  // Without ZooKeeper each node is migrated on its own: with CLICKHOUSE_SHARD_URLS
  // this run does the others first (the node of CLICKHOUSE_URL last, as it then
  // checks them all). With ZooKeeper the first one's ON CLUSTER covers every node.
  const others = env.cluster ? env.shardClients.filter((shard) => shard.target.origin !== env.client.target.origin) : [];
  for (const shard of others) {
    const done = await migrateClickHouse(shard, env.cluster, (name) => say(`Applying ClickHouse schema step "${name}" on ${shard.target.origin}...`));
    if (done.onCluster) break;
  }
  const result = await migrateClickHouse(env.client, env.cluster, (name) => say(`Applying ClickHouse schema step "${name}"...`));
  for (const line of migrateSummary(result, env)) say(line);
}

export function backfillSummary(projectId: string, s: BackfillSummary): string {
  const skipped = s.skipped ? ` (${formatCount(s.skipped)} already in ClickHouse or left to the server's outbox, skipped)` : "";
  if (!s.complete) {
    return `Copied ${formatCount(s.written)} event(s) of project ${projectId}${skipped}; ${formatCount(s.copied)} of ${formatCount(s.total)} are in ClickHouse. Run it again to continue after event id ${s.lastEventId}.`;
  }
  const reports = s.holdsAll
    ? " Its reports read ClickHouse from now on."
    : " Its reports keep reading the Prisma database: ClickHouse and it did not hold the same events when checked (events arriving without CLICKHOUSE_URL, or still waiting in the outbox); run it again once they are copied.";
  return `Copied ${formatCount(s.written)} event(s) of project ${projectId}${skipped}: all ${formatCount(s.copied)} of ${formatCount(s.total)} are in ClickHouse, with ${formatCount(s.distinctIds)} distinct id(s).${reports}`;
}

function positiveInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) fail(`--${name} must be a whole number of at least 1`);
  return n;
}

export async function clickHouseBackfill(options: { projectId: string; batch?: string; batches?: string }): Promise<void> {
  const env = clickHouseEnv();
  const { prisma, db } = connections();
  const project = await prisma.project.findUnique({ where: { id: options.projectId }, select: { id: true } });
  if (!project) fail(`no project has the id ${options.projectId}`);
  await env.client.ping();

  const bar = new Progress({ label: "backfilling", unit: "events" });
  // Piped or logged runs get a line every few seconds instead of the bar.
  let lastLine = 0;
  const summary = await backfillProject(db, env.client, {
    projectId: project.id,
    cluster: env.cluster,
    batchSize: positiveInteger(options.batch, "batch"),
    maxBatches: positiveInteger(options.batches, "batches"),
    onProgress: ({ copied, total, written }) => {
      bar.update(total ? copied / total : 1, copied);
      if (!process.stderr.isTTY && written > 0 && Date.now() - lastLine > 5_000) {
        lastLine = Date.now();
        say(`... ${formatCount(copied)} of ${formatCount(total)} events in ClickHouse`);
      }
    },
  });
  bar.stop();
  say(backfillSummary(project.id, summary));
}

