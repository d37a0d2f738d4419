// The dialects' windowOf: which window a row's time falls in, when one read of
// a range serves every window (trends read members first, PostgreSQL's tiled
// read). SQLite's is a binary search written as nested CASEs; it runs here on a
// real SQLite for every window count up to a year of days, at each window's
// first and last millisecond. PostgreSQL's (width_bucket) is checked by the
// reference suite.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import Database from "better-sqlite3";
import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, sql } from "kysely";
import { queryDialect } from "../../lib/query/sqlDialect";

const compiler = new Kysely<unknown>({
  dialect: { createAdapter: () => new SqliteAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (db) => new SqliteIntrospector(db), createQueryCompiler: () => new SqliteQueryCompiler() },
});

/** Windows of uneven widths (as days around a DST change are), numbered from `firstId`. */
function windows(count: number, firstId: number): { bounds: number[]; ids: number[] } {
  const bounds = [1_700_000_000_000];
  for (let k = 0; k < count; k++) bounds.push(bounds[k] + 3_600_000 * (23 + (k % 3)));
  return { bounds, ids: Array.from({ length: count }, (_, k) => firstId + k) };
}

describe("windowOf on SQLite", () => {
  const db = new Database(":memory:");
  const d = queryDialect("sqlite");

  function windowOfEach(times: number[], bounds: number[], ids: number[]): number[] {
    const compiled = sql`SELECT ${d.windowOf(sql.ref("t.ts"), bounds, ids)} AS i FROM (SELECT value AS ts, key AS k FROM json_each(${JSON.stringify(times)})) t ORDER BY t.k`.compile(compiler);
    return db.prepare(compiled.sql).all(...(compiled.parameters as unknown[])).map((row) => (row as { i: number }).i);
  }

  for (const count of [1, 2, 3, 4, 7, 30, 31, 365]) {
    test(`${count} window(s): each window's first and last millisecond fall in it`, () => {
      const { bounds, ids } = windows(count, 100);
      const times: number[] = [];
      const expected: number[] = [];
      for (let k = 0; k < count; k++) {
        times.push(bounds[k], bounds[k + 1] - 1);
        expected.push(ids[k], ids[k]);
      }
      assert.deepEqual(windowOfEach(times, bounds, ids), expected);
    });
  }

  test("the search stays shallow: a year of days is nine comparisons deep", () => {
    const { bounds, ids } = windows(365, 0);
    const text = d.windowOf(sql.ref("e.ts"), bounds, ids).compile(compiler).sql;
    let depth = 0;
    let deepest = 0;
    for (const word of text.split(/\s+/)) {
      if (word.endsWith("CASE")) deepest = Math.max(deepest, ++depth);
      if (word.startsWith("END")) depth--;
    }
    assert.equal(deepest, 9);
  });
});
