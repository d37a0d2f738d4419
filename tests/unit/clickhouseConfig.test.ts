// ClickHouse's settings from the environment (lib/store/clickhouse/config.ts).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { clickHouseConfig } from "../../lib/store/clickhouse/config";

describe("ClickHouse settings", () => {
  test("without CLICKHOUSE_URL there is no ClickHouse, whatever else is set", () => {
    assert.equal(clickHouseConfig({}), null);
    assert.equal(clickHouseConfig({ CLICKHOUSE_URL: "  ", CLICKHOUSE_CLUSTER: "c", CLICKHOUSE_SHARD_URLS: "http://a:8123" }), null);
  });

  test("one node: the client, no cluster, no shards", () => {
    const config = clickHouseConfig({ CLICKHOUSE_URL: "http://writer:s%40cret@ch:8123/analytics", CLICKHOUSE_CLUSTER: "" });
    assert.ok(config);
    assert.deepEqual(config.client.target, { origin: "http://ch:8123", user: "writer", password: "s@cret", database: "analytics" });
    assert.equal(config.cluster, null);
    assert.deepEqual(config.shardClients, []);
    assert.equal(config.reportMemoryBytes, 400_000_000, "CLICKHOUSE_REPORT_MEMORY_MB defaults to 400");
  });

  test("CLICKHOUSE_REPORT_MEMORY_MB: megabytes, fractions allowed", () => {
    const url = "http://ch:8123/analytics";
    assert.equal(clickHouseConfig({ CLICKHOUSE_URL: url, CLICKHOUSE_REPORT_MEMORY_MB: " 2000 " })?.reportMemoryBytes, 2_000_000_000);
    assert.equal(clickHouseConfig({ CLICKHOUSE_URL: url, CLICKHOUSE_REPORT_MEMORY_MB: "0.05" })?.reportMemoryBytes, 50_000);
    for (const bad of ["0", "-1", "lots", "1e9"]) {
      assert.throws(() => clickHouseConfig({ CLICKHOUSE_URL: url, CLICKHOUSE_REPORT_MEMORY_MB: bad }), /CLICKHOUSE_REPORT_MEMORY_MB is not a number of megabytes/, bad);
    }
  });

  test("shard URLs: each its own credentials, the database of CLICKHOUSE_URL unless named", () => {
    const config = clickHouseConfig({
      CLICKHOUSE_URL: "http://default@ch-1:8123/analytics",
      CLICKHOUSE_CLUSTER: " crumbtrail ",
      CLICKHOUSE_SHARD_URLS: "http://ch-1:8123, https://u:p@ch-2:8443/analytics ,,",
    });
    assert.ok(config);
    assert.equal(config.cluster, "crumbtrail");
    assert.deepEqual(
      config.shardClients.map((c) => c.target),
      [
        { origin: "http://ch-1:8123", user: "default", password: "", database: "analytics" },
        { origin: "https://ch-2:8443", user: "u", password: "p", database: "analytics" },
      ],
    );
  });

  test("unusable values are refused in one sentence naming the setting", () => {
    const url = "http://ch:8123/analytics";
    assert.throws(() => clickHouseConfig({ CLICKHOUSE_URL: "nonsense" }), /CLICKHOUSE_URL is not a URL/);
    assert.throws(() => clickHouseConfig({ CLICKHOUSE_URL: url, CLICKHOUSE_CLUSTER: "a-b" }), /CLICKHOUSE_CLUSTER is not a plain cluster name/);
    assert.throws(() => clickHouseConfig({ CLICKHOUSE_URL: url, CLICKHOUSE_SHARD_URLS: "ftp://x" }), /CLICKHOUSE_SHARD_URLS must start with http/);
    assert.throws(() => clickHouseConfig({ CLICKHOUSE_URL: url, CLICKHOUSE_SHARD_URLS: "http://ch-2:8123/other" }), /CLICKHOUSE_SHARD_URLS names the database "other"/);
  });
});
