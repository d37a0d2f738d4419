// Statements of one report that run at once on ClickHouse share its memory
// budget (CLICKHOUSE_REPORT_MEMORY_MB): each sizes its parts of the persons
// against its share, so the report's peak stays within the budget.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { z } from "zod";
import type { ClickHouseClient } from "../../lib/store/clickhouse/client";
import { BYTES_PER_UNIQUE_EVENT, sharingMemory, type ClickHouseEvents } from "../../lib/query/clickhouse/source";
import type { ReportContext } from "../../lib/query/context";
import { reportSchema, type TrendsQuery } from "../../lib/query/model";
import { trends } from "../../lib/query/trends";

const DAY = 86_400_000;
const FROM = Date.UTC(2026, 0, 5);

/** A ClickHouse that holds `events` events in any range and no rows otherwise; it records each statement. */
function countingSource(events: number, reportMemoryBytes: number): { source: ClickHouseEvents; statements: string[] } {
  const statements: string[] = [];
  const client = {
    database: "crumbtrail",
    query: async (statement: string, schema: z.ZodType<unknown>) => {
      statements.push(statement);
      return /count\(\) AS n/.test(statement) ? [schema.parse({ n: events })] : [];
    },
  } as unknown as ClickHouseClient;
  return { source: { client, topology: { database: "crumbtrail", cluster: null }, reportMemoryBytes }, statements };
}

/** How many parts the persons of each statement were split in ("1": one). */
function partCounts(statements: string[]): number[] {
  return statements.filter((s) => /uniqExact/.test(s)).map((s) => Number(/% (\d+) = \d+/.exec(s)?.[1] ?? 1));
}

describe("ClickHouse statements that run at once share the report's memory", () => {
  test("sharingMemory gives each of n statements an n-th of the budget", () => {
    const { source } = countingSource(0, 1_000_001);
    assert.equal(sharingMemory(source, 2).reportMemoryBytes, 500_000);
    assert.equal(sharingMemory(source, 1).reportMemoryBytes, 1_000_001);
    assert.equal(source.reportMemoryBytes, 1_000_001, "the report's own source is left as it was");
  });

  test("unique users by day: the per-day and whole-range counts run at once, each in parts sized to half the budget", async () => {
    // The budget holds 1,000 events' sets; the range has 1,500. Alone, one
    // statement would fit in 2 parts; two at once need 3 parts each (500 a share).
    const { source, statements } = countingSource(1_500, 1_000 * BYTES_PER_UNIQUE_EVENT);
    const ctx = { projectId: "p1", timezone: "UTC", clickhouse: source } as unknown as ReportContext;
    const q = reportSchema.parse({ kind: "trends", from: new Date(FROM).toISOString(), to: new Date(FROM + 7 * DAY).toISOString(), interval: "day", series: [{ event: "Viewed", math: "unique_users" }] }) as TrendsQuery;
    await trends(ctx, q);
    const counts = partCounts(statements);
    assert.ok(counts.length >= 2, `unique-users statements: ${statements.length} statement(s) in all`);
    assert.deepEqual([...new Set(counts)], [3], `parts per statement: ${counts.join(", ")}`);
  });
});
