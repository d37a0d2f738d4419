// Erase and retention purge reach ClickHouse's copies, on one node (the suite is
// tests/support/clickhouseErase.ts; two shards: clickhouseEraseShards.test.ts).
import { clickHouseEraseSuite } from "../support/clickhouseErase";

clickHouseEraseSuite(1);
