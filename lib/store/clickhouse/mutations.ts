// Deleting a project's events in ClickHouse, and waiting until it is done: the
// copies an erase (lib/store/erase.ts) or a retention purge (lib/store/purge.ts)
// must not leave behind once the Prisma database has deleted its rows.
//
// ClickHouse deletes are `ALTER TABLE <local table> DELETE WHERE ...` mutations:
// the statement only registers the mutation, which rewrites the data parts in the
// background. ClickHouse 18.16 has no `mutations_sync`, so completion is read from
// `system.mutations`, polling the mutations that appeared after our snapshot of
// the table's mutation ids (`command` is re-formatted by the server, differently
// across versions, so it is not matched). A concurrent mutation of the same table
// is waited for too, which only costs time.
//
// An ALTER on a Distributed table does not reach the shards, so on a cluster the
// statement runs ON CLUSTER when the servers have ZooKeeper, and otherwise on each
// node's local table through CLICKHOUSE_SHARD_URLS (docs/clickhouse.md).
import { z } from "zod";
import { ClickHouseError, type ClickHouseClient } from "./client";
import { distributedDdl, shardsOf } from "./cluster";
import type { ClickHouseConfig } from "./config";
import { identifier, literal, sqlWith } from "./literal";
import { TABLES } from "./schema";

/** What to delete of a project: a person's rows (every distinct id they had), the events before a moment (ms), or all of it (a deleted project). */
export type ClickHouseSelection = { distinctIds: readonly string[] } | { before: number } | { wholeProject: true };

/** `done`: ClickHouse no longer holds the rows. `pending`: the mutation runs on past the wait. `failed`: nothing certain was deleted. */
export type ClickHouseDeleteOutcome = { status: "done" } | { status: "pending"; message: string } | { status: "failed"; message: string };

/** One `ALTER TABLE <table> DELETE WHERE <where>`, on a node's local table. */
export interface DeleteStatement {
  table: string;
  where: string;
}

export interface DeleteOptions {
  /** How long to wait for the mutations; default 60 s. */
  timeoutMs?: number;
  /** Between two reads of system.mutations; default 250 ms. */
  pollMs?: number;
}

/** Each mutation rewrites the parts it touches, so a person's ids go in few statements; the list also stays far below max_query_size. */
const IDS_PER_STATEMENT = 1_000;

export const NO_SHARD_URLS =
  "CLICKHOUSE_CLUSTER is set but the servers have no ZooKeeper to run ON CLUSTER deletes, and CLICKHOUSE_SHARD_URLS is not set: list every node's HTTP URL in it so erase and purge can reach each shard.";

/** The statements deleting `selection` from the local tables; values quoted by literal(). */
export function deleteStatements(projectId: string, selection: ClickHouseSelection): DeleteStatement[] {
  if ("before" in selection) {
    if (!Number.isFinite(selection.before)) throw new ClickHouseError(`not a moment to purge before: ${selection.before}`, null, "server");
    const before = Math.floor(selection.before);
    // ts is UInt64: nothing is older than the epoch.
    if (before <= 0) return [];
    return [{ table: TABLES.eventsLocal, where: sqlWith("project_id = ? AND ts < ?", [projectId, before]) }];
  }
  if ("wholeProject" in selection) {
    const where = sqlWith("project_id = ?", [projectId]);
    return [TABLES.eventsLocal, TABLES.distinctIdsLocal, TABLES.eventPersonsLocal].map((table) => ({ table, where }));
  }
  const ids = [...new Set(selection.distinctIds)];
  const statements: DeleteStatement[] = [];
  for (let at = 0; at < ids.length; at += IDS_PER_STATEMENT) {
    // IN takes a tuple, not an array literal: each id is quoted on its own.
    const where = `${sqlWith("project_id = ?", [projectId])} AND distinct_id IN (${ids.slice(at, at + IDS_PER_STATEMENT).map(literal).join(", ")})`;
    for (const table of [TABLES.eventsLocal, TABLES.distinctIdsLocal, TABLES.eventPersonsLocal]) statements.push({ table, where });
  }
  return statements;
}

/** One server holding local tables, and how its tables are named from where we ask. */
interface Node {
  label: string;
  client: ClickHouseClient;
  /** `database.table` of this node as a FROM: itself, or through remote() from the node CLICKHOUSE_URL names. */
  from(database: string, table: string): string;
}

const direct = (client: ClickHouseClient): Node => ({
  label: client.target.origin,
  client,
  from: (database, table) => `${identifier(database)}.${identifier(table)}`,
});

const throughRemote = (client: ClickHouseClient, address: string): Node => ({
  label: address,
  client,
  from: (database, table) =>
    `remote(${literal(address)}, ${identifier(database)}.${identifier(table)}, ${literal(client.target.user)}, ${literal(client.target.password)})`,
});

/** Where the deletes run: the nodes, and the cluster when one ON CLUSTER statement reaches them all. */
async function nodesOf(config: ClickHouseConfig): Promise<{ nodes: Node[]; onCluster: string | null }> {
  const { client, cluster, shardClients } = config;
  if (cluster === null) return { nodes: [direct(client)], onCluster: null };
  const shards = await shardsOf(client, cluster);
  if (!shards.length) throw new ClickHouseError(`the server's remote_servers has no cluster named ${cluster} (CLICKHOUSE_CLUSTER)`, null, "server");
  if (await distributedDdl(client)) return { nodes: shards.map((s) => throughRemote(client, s.address)), onCluster: cluster };
  if (!shardClients.length) throw new ClickHouseError(NO_SHARD_URLS, null, "server");
  // A node left out would silently keep its rows.
  if (shardClients.length < shards.length) {
    throw new ClickHouseError(
      `CLICKHOUSE_SHARD_URLS lists ${shardClients.length} server(s) but cluster ${cluster} has ${shards.length} node(s) (${shards.map((s) => s.address).join(", ")}): list every node's HTTP URL.`,
      null,
      "server",
    );
  }
  return { nodes: shardClients.map(direct), onCluster: null };
}

const countRow = z.object({ n: z.coerce.number() });
const mutationRow = z.object({ mutation_id: z.string(), is_done: z.coerce.number(), parts_to_do: z.coerce.number() });
type Mutation = z.infer<typeof mutationRow>;

async function mutationsOf(node: Node, database: string, table: string): Promise<Mutation[]> {
  return node.client.query(
    sqlWith(`SELECT mutation_id, is_done, parts_to_do FROM ${node.from("system", "mutations")} WHERE database = ? AND table = ?`, [database, table]),
    mutationRow,
  );
}

/** The mutations of `after` that were not in the snapshot `before` and are not done yet. */
export function unfinished(before: ReadonlySet<string>, after: readonly Mutation[]): Mutation[] {
  return after.filter((m) => !before.has(m.mutation_id) && m.is_done !== 1);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Deletes the selected rows of the project in ClickHouse and waits for the
 * mutations (at most `timeoutMs`). Never throws: a ClickHouse that is down or
 * refuses is a `failed` outcome saying why. Null without a configuration
 * (CLICKHOUSE_URL unset).
 */
export async function deleteClickHouseEvents(
  projectId: string,
  selection: ClickHouseSelection,
  config: ClickHouseConfig | null,
  options: DeleteOptions = {},
): Promise<ClickHouseDeleteOutcome | null> {
  if (!config) return null;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const pollMs = options.pollMs ?? 250;
  try {
    const statements = deleteStatements(projectId, selection);
    if (!statements.length) return { status: "done" };
    const { nodes, onCluster } = await nodesOf(config);
    const database = config.client.database;

    // A mutation rewrites data parts even when nothing in them matches: only
    // nodes holding matching rows get one (and none at all when no node does).
    const work: { node: Node; statement: DeleteStatement }[] = [];
    for (const statement of statements) {
      for (const node of nodes) {
        const [row] = await node.client.query(`SELECT count() AS n FROM ${node.from(database, statement.table)} WHERE ${statement.where}`, countRow);
        if ((row?.n ?? 0) > 0) work.push({ node, statement });
      }
    }
    if (!work.length) return { status: "done" };

    const watched = new Map<string, { node: Node; table: string; before: Set<string> }>();
    for (const { node, statement } of work) {
      const key = `${node.label}\u0000${statement.table}`;
      if (watched.has(key)) continue;
      watched.set(key, { node, table: statement.table, before: new Set((await mutationsOf(node, database, statement.table)).map((m) => m.mutation_id)) });
    }

    if (onCluster !== null) {
      // One distributed DDL statement per condition reaches every node (it returns once each has registered it).
      const issued = new Set<string>();
      for (const { statement } of work) {
        const text = `ALTER TABLE ${identifier(database)}.${identifier(statement.table)} ON CLUSTER ${identifier(onCluster)} DELETE WHERE ${statement.where}`;
        if (issued.has(text)) continue;
        issued.add(text);
        await config.client.exec(text);
      }
    } else {
      for (const { node, statement } of work) await node.client.exec(`ALTER TABLE ${identifier(statement.table)} DELETE WHERE ${statement.where}`);
    }

    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pending: string[] = [];
      for (const { node, table, before } of watched.values()) {
        for (const m of unfinished(before, await mutationsOf(node, database, table))) {
          pending.push(`${m.mutation_id} on ${table} at ${node.label}, ${m.parts_to_do} part(s) to go`);
        }
      }
      if (!pending.length) return { status: "done" };
      if (Date.now() >= deadline) {
        return {
          status: "pending",
          message: `ClickHouse accepted the delete but had not finished it after ${Math.round(timeoutMs / 1000)} s (${pending.join("; ")}); it goes on in the background.`,
        };
      }
      await sleep(pollMs);
    }
  } catch (error) {
    return { status: "failed", message: error instanceof Error ? error.message : String(error) };
  }
}

/** The least finished of several outcomes (failed, then pending, then done); null when there are none. */
export function worstOutcome(outcomes: readonly (ClickHouseDeleteOutcome | null | undefined)[]): ClickHouseDeleteOutcome | null {
  const present = outcomes.filter((o): o is ClickHouseDeleteOutcome => !!o);
  return present.find((o) => o.status === "failed") ?? present.find((o) => o.status === "pending") ?? present[0] ?? null;
}
