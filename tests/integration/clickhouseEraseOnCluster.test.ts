// Erase and retention purge reach ClickHouse's copies on a two-shard cluster with
// ZooKeeper: clickhouse:migrate and the deletes run ON CLUSTER, with no
// CLICKHOUSE_SHARD_URLS (the suite is tests/support/clickhouseErase.ts). Beside
// PostgreSQL only, the pairing a cluster runs with: what ON CLUSTER changes is on
// ClickHouse's side, and the SQLite phase has the other two topologies.
import { clickHouseEraseSuite } from "../support/clickhouseErase";
import { databaseKind } from "../support/server";

if (databaseKind() === "postgres") clickHouseEraseSuite(2, true);
