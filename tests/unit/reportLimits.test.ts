// A report's time limit and cancellation (lib/query/limits.ts, scan.ts,
// report.ts): a stopped report answers with report_timeout / report_cancelled,
// and a streamed scan stops within one chunk of rows instead of running on.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import Database from "better-sqlite3";
import { Kysely, sql, SqliteDialect } from "kysely";
import type { HotTables } from "../../lib/db/tables";
import { ApiError } from "../../lib/http/errors";
import type { ReportContext } from "../../lib/query/context";
import { abortError, reportSignal, ReportTimeout } from "../../lib/query/limits";
import { runReport } from "../../lib/query/report";
import { forEachRow } from "../../lib/query/scan";
import { queryDialect } from "../../lib/query/sqlDialect";

function memoryContext(signal?: AbortSignal): ReportContext {
  const sqlite = new Database(":memory:");
  sqlite.exec(`CREATE TABLE events (id INTEGER PRIMARY KEY, project_id TEXT, event TEXT, ts INTEGER, person_id INTEGER, properties TEXT)`);
  // The report SQL names these indexes (INDEXED BY, lib/query/sqlDialect.ts).
  sqlite.exec(`CREATE INDEX events_project_id_event_ts_person_id_idx ON events (project_id, event, ts, person_id)`);
  // A report first counts the persons seen in its range, to decide whether to use two threads.
  sqlite.exec(`CREATE TABLE persons (id INTEGER PRIMARY KEY, project_id TEXT, first_seen INTEGER, last_seen INTEGER)`);
  sqlite.exec(`CREATE INDEX persons_project_id_last_seen_idx ON persons (project_id, last_seen)`);
  const db = new Kysely<HotTables>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { projectId: "p", timezone: "UTC", db, dialect: queryDialect("sqlite"), sqlite, signal };
}

const MANY_ROWS = sql`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) SELECT x FROM c`;

describe("report limits", () => {
  test("a timed-out report is a 503 report_timeout that says what to do", () => {
    const controller = new AbortController();
    controller.abort(new ReportTimeout(30_000));
    const error = abortError(controller.signal);
    assert.equal(error.status, 503);
    assert.equal(error.code, "report_timeout");
    assert.match(error.message, /longer than 30 s/);
    assert.match(error.message, /shorter date range, fewer steps or fewer filters\.$/);
  });

  test("a time limit can carry its own advice, which ends the message", async () => {
    const limit = reportSignal(undefined, 1, "Try a shorter date range.");
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.match(abortError(limit.signal).message, /stopped\. Try a shorter date range\.$/);
    limit.done();
  });

  test("a report whose client went away is report_cancelled", () => {
    const controller = new AbortController();
    controller.abort();
    assert.equal(abortError(controller.signal).code, "report_cancelled");
  });

  test("reportSignal aborts with ReportTimeout after its limit, and follows the outer signal", async () => {
    const timed = reportSignal(undefined, 20);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.ok(timed.signal.reason instanceof ReportTimeout);
    timed.done();

    const outer = new AbortController();
    const joined = reportSignal(outer.signal, 60_000);
    assert.equal(joined.signal.aborted, false);
    outer.abort();
    assert.equal(joined.signal.aborted, true);
    assert.ok(!(joined.signal.reason instanceof ReportTimeout));
    joined.done();
  });

  test("a streamed scan reads every row when nothing stops it", async () => {
    let rows = 0;
    await forEachRow(memoryContext(), MANY_ROWS, () => rows++);
    assert.equal(rows, 100_000);
  });

  test("a streamed scan stops within a chunk of rows once its signal aborts", async () => {
    const controller = new AbortController();
    let rows = 0;
    await assert.rejects(
      forEachRow(memoryContext(controller.signal), MANY_ROWS, () => {
        if (++rows === 1000) controller.abort(new ReportTimeout(1));
      }),
      (error: unknown) => error instanceof ApiError && error.code === "report_timeout",
    );
    assert.ok(rows < 10_000, `stopped after ${rows} rows`);
  });

  test("runReport answers report_timeout instead of a result once the limit has passed", async () => {
    const controller = new AbortController();
    controller.abort(new ReportTimeout(5_000));
    const query = { kind: "trends", from: "2026-01-01T00:00:00Z", to: "2026-01-08T00:00:00Z", series: [{ event: "a" }] };
    await assert.rejects(runReport(memoryContext(controller.signal), query), (error: unknown) => error instanceof ApiError && error.code === "report_timeout");
    // The same report with no abort runs (and finds nothing).
    const result = await runReport(memoryContext(), query);
    assert.ok("series" in result && result.series[0].total === 0);
  });

  test("an invalid query is still a 400, whatever the signal", async () => {
    const controller = new AbortController();
    controller.abort(new ReportTimeout(5_000));
    await assert.rejects(runReport(memoryContext(controller.signal), { kind: "trends" }), (error: unknown) => error instanceof ApiError && error.status === 400);
  });
});
