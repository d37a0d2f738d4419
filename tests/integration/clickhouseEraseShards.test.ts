// Erase and retention purge reach ClickHouse's copies on a two-shard cluster
// without ZooKeeper, through CLICKHOUSE_SHARD_URLS (the suite is tests/support/clickhouseErase.ts).
import { clickHouseEraseSuite } from "../support/clickhouseErase";

clickHouseEraseSuite(2);
