// What every report statement tells ClickHouse besides its text
// (lib/query/clickhouse/source.ts, reportRows): numbers as numbers, room for long
// statements, and the report's deadline so that an abandoned statement stops.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { z } from "zod";
import type { ClickHouseClient } from "../../lib/store/clickhouse/client";
import { reportRows, type ClickHouseEvents } from "../../lib/query/clickhouse/source";

/** A client that records the settings of each statement and answers one row. */
function recordingSource(deadline?: number): { source: ClickHouseEvents; settings: Record<string, string | number>[] } {
  const settings: Record<string, string | number>[] = [];
  const client = {
    database: "crumbtrail",
    query: async (_statement: string, schema: z.ZodType<unknown>, given: Record<string, string | number>) => {
      settings.push(given);
      return [schema.parse({ n: 1 })];
    },
  } as unknown as ClickHouseClient;
  return { source: { client, topology: { database: "crumbtrail", cluster: null }, reportMemoryBytes: 1, deadline }, settings };
}

const row = z.object({ n: z.number() });

describe("report statements' settings", () => {
  test("without a deadline (the Overview): no time limit of their own", async () => {
    const { source, settings } = recordingSource();
    await reportRows(source, "SELECT 1 AS n", row);
    assert.equal(settings[0].output_format_json_quote_64bit_integers, 0);
    assert.equal(settings[0].max_query_size, 262_144);
    assert.equal("max_execution_time" in settings[0], false);
  });

  test("a report's deadline becomes max_execution_time, whole seconds rounded up, at least one", async () => {
    const soon = recordingSource(Date.now() + 7_200);
    await reportRows(soon.source, "SELECT 1 AS n", row);
    assert.equal(soon.settings[0].max_execution_time, 8);
    const past = recordingSource(Date.now() - 5_000);
    await reportRows(past.source, "SELECT 1 AS n", row);
    assert.equal(past.settings[0].max_execution_time, 1);
  });

  test("a statement longer than ClickHouse's default 256 kB says how long it is, in bytes", async () => {
    const { source, settings } = recordingSource();
    const long = `SELECT 1 AS n WHERE 'é' IN (${Array.from({ length: 60_000 }, () => "'é'").join(", ")})`;
    await reportRows(source, long, row);
    assert.equal(settings[0].max_query_size, Buffer.byteLength(long) + 1_024);
    assert.ok(Number(settings[0].max_query_size) > long.length + 1_024, "counted in bytes, not characters");
  });
});
