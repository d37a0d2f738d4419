// The ClickHouse tables (docs/clickhouse.md explains each choice). Only types and
// engines ClickHouse 18.16 and current releases share: times are UInt64 ms (no
// DateTime64 in 18.16), properties are JSON text plus parallel key/value arrays
// so one property is read exactly with indexOf (no JSONExtract in 18.16).
import { identifier } from "./literal";

/** The tables, by role. With a cluster, `events`/`distinctIds` are Distributed over the `*_local` tables. */
export const TABLES = {
  events: "events",
  eventsLocal: "events_local",
  distinctIds: "person_distinct_ids",
  distinctIdsLocal: "person_distinct_ids_local",
  eventPersons: "event_persons",
  eventPersonsLocal: "event_persons_local",
  eventPersonsView: "event_persons_mv",
  schemaVersions: "crumbtrail_schema",
  backfill: "backfill_progress",
} as const;

/** The built-in columns lifted out of context (prisma/models.prisma Event), in ClickHouse: Nullable(String). */
export const LIFTED_COLUMNS = [
  "url", "path", "referrer", "referring_domain", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content",
  "browser", "browser_version", "os", "os_version", "device_type", "country", "city", "library_name",
] as const;
export type LiftedColumn = (typeof LIFTED_COLUMNS)[number];

export interface Topology {
  database: string;
  /** CLICKHOUSE_CLUSTER: a cluster of the servers' `remote_servers`; null for one node. */
  cluster: string | null;
}

/** Where rows are written and read: the Distributed table with a cluster, the table itself without. */
export function eventsTable(t: Topology): string {
  return t.cluster ? TABLES.events : TABLES.eventsLocal;
}
export function distinctIdsTable(t: Topology): string {
  return t.cluster ? TABLES.distinctIds : TABLES.distinctIdsLocal;
}
export function eventPersonsTable(t: Topology): string {
  return t.cluster ? TABLES.eventPersons : TABLES.eventPersonsLocal;
}

/**
 * Settings of every insert: into a Distributed table it returns once every shard
 * has its part (insert_distributed_sync); otherwise the server queues the parts,
 * and whoever checks what ClickHouse holds (a resumed backfill, the shipper) could not see them.
 */
export function insertSettings(t: Topology): Record<string, number> {
  return t.cluster ? { insert_distributed_sync: 1 } : {};
}

const onCluster = (t: Topology) => (t.cluster ? ` ON CLUSTER ${identifier(t.cluster)}` : "");

/**
 * A table of the schema named with its database. ON CLUSTER, each node runs the
 * statement in its own default database, not the initiator's: `AS events_local`
 * or a view's `FROM events_local` would name default.events_local there.
 */
const inDb = (t: Topology, table: string) => `${identifier(t.database)}.${table}`;

/** One step of the schema: statements run in order, each safe to run again (IF NOT EXISTS; an insert only into a table that folds repeats). */
export interface SchemaStep {
  version: number;
  name: string;
  statements: (t: Topology, onClusterDdl: boolean) => string[];
}

const eventsColumns = `
  project_id String,
  event_id UInt64,
  message_id String,
  event String,
  ts UInt64,
  received_at UInt64,
  distinct_id String,
  person_id UInt64,
  properties String,
  property_keys Array(String),
  property_values Array(String),
  context String,
${LIFTED_COLUMNS.map((c) => `  ${c} Nullable(String)`).join(",\n")}`;

export const SCHEMA: readonly SchemaStep[] = [
  {
    version: 1,
    name: "events and distinct ids",
    statements: (t, ddl) => {
      const on = ddl ? onCluster(t) : "";
      const list = [
        // Sorted by project, event name and time: what every report filters on first.
        // event_id last makes the order total (backfill resumes by it).
        `CREATE TABLE IF NOT EXISTS ${inDb(t, TABLES.eventsLocal)}${on} (${eventsColumns}
) ENGINE = MergeTree()
PARTITION BY toYYYYMM(toDate(intDiv(ts, 1000)))
ORDER BY (project_id, event, ts, person_id, event_id)`,
        // One row per (project, distinct id) and version: a merge writes a newer
        // version pointing at the kept person, and readers take argMax(person_id, version),
        // so every event of the distinct id moves to that person at once, also back in time.
        `CREATE TABLE IF NOT EXISTS ${inDb(t, TABLES.distinctIdsLocal)}${on} (
  project_id String,
  distinct_id String,
  person_id UInt64,
  is_user_id UInt8,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (project_id, distinct_id)`,
      ];
      if (t.cluster) {
        const cluster = identifier(t.cluster);
        const db = identifier(t.database);
        // Sharded by the person at write time: a person's events live on one shard
        // until a merge joins two persons of different shards (docs/clickhouse.md).
        list.push(
          `CREATE TABLE IF NOT EXISTS ${inDb(t, TABLES.events)}${on} AS ${inDb(t, TABLES.eventsLocal)}
ENGINE = Distributed(${cluster}, ${db}, ${TABLES.eventsLocal}, intHash64(person_id))`,
          // By distinct id: every version of one distinct id on one shard, where
          // ReplacingMergeTree's merges can fold them.
          `CREATE TABLE IF NOT EXISTS ${inDb(t, TABLES.distinctIds)}${on} AS ${inDb(t, TABLES.distinctIdsLocal)}
ENGINE = Distributed(${cluster}, ${db}, ${TABLES.distinctIdsLocal}, cityHash64(project_id, distinct_id))`,
        );
      }
      // Where a backfill stopped, on the node CLICKHOUSE_URL names: the last event id of the last whole batch.
      list.push(`CREATE TABLE IF NOT EXISTS ${inDb(t, TABLES.backfill)} (
  project_id String,
  last_event_id UInt64,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY project_id`);
      return list;
    },
  },
  {
    version: 2,
    name: "the persons each distinct id's events were written with",
    statements: (t, ddl) => {
      const on = ddl ? onCluster(t) : "";
      // One row per (distinct id, person it had when an event was written), filled by
      // a materialized view on every insert into events_local, so it is never behind
      // the events. Reports map a write-time person to the current one through it
      // (lib/query/clickhouse/source.ts): a join on a number with a table the size of
      // the merges, instead of looking up every event's distinct id.
      const list = [
        `CREATE TABLE IF NOT EXISTS ${inDb(t, TABLES.eventPersonsLocal)}${on} (
  project_id String,
  distinct_id String,
  person_id UInt64
) ENGINE = ReplacingMergeTree()
ORDER BY (project_id, distinct_id, person_id)`,
        // The view first, then the fill: an event inserted in between is in both, and the
        // table folds such repeats (readers group them anyway).
        `CREATE MATERIALIZED VIEW IF NOT EXISTS ${inDb(t, TABLES.eventPersonsView)}${on} TO ${inDb(t, TABLES.eventPersonsLocal)}
AS SELECT DISTINCT project_id, distinct_id, person_id FROM ${inDb(t, TABLES.eventsLocal)}`,
      ];
      if (t.cluster) {
        list.push(`CREATE TABLE IF NOT EXISTS ${inDb(t, TABLES.eventPersons)}${on} AS ${inDb(t, TABLES.eventPersonsLocal)}
ENGINE = Distributed(${identifier(t.cluster)}, ${identifier(t.database)}, ${TABLES.eventPersonsLocal}, cityHash64(project_id, distinct_id))`);
      }
      // The events stored before this step. ON CLUSTER reaches every node with the DDL
      // but runs this insert on one node only: it then goes through the Distributed tables.
      list.push(
        t.cluster && ddl
          ? `INSERT INTO ${inDb(t, TABLES.eventPersons)} SELECT DISTINCT project_id, distinct_id, person_id FROM ${inDb(t, TABLES.events)}`
          : `INSERT INTO ${inDb(t, TABLES.eventPersonsLocal)} SELECT DISTINCT project_id, distinct_id, person_id FROM ${inDb(t, TABLES.eventsLocal)}`,
      );
      return list;
    },
  },
];

export const SCHEMA_VERSION = SCHEMA[SCHEMA.length - 1].version;

/** The table recording applied steps, on the node CLICKHOUSE_URL names. */
export const SCHEMA_VERSIONS_DDL = `CREATE TABLE IF NOT EXISTS ${TABLES.schemaVersions} (
  version UInt32,
  name String,
  applied_at UInt64
) ENGINE = MergeTree()
ORDER BY version`;
