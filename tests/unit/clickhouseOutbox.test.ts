// The outbox keeps a group's event ids as runs: the shipper must get back
// exactly the ids the writer stored, no more (another group's ids may lie
// between two runs on PostgreSQL) and no fewer.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { idRuns, idsOfRuns, idsOfRunsText, namedDistinctIds } from "../../lib/store/clickhouse/outbox";

describe("ClickHouse outbox ids", () => {
  test("consecutive ids fold into one run, gaps start a new one", () => {
    assert.deepEqual(idRuns([5, 6, 7, 8]), [[5, 8]]);
    assert.deepEqual(idRuns([1, 2, 4, 9, 10]), [[1, 2], [4, 4], [9, 10]]);
    assert.deepEqual(idRuns([]), []);
  });

  test("order and repeats do not matter", () => {
    assert.deepEqual(idRuns([10, 3, 2, 10, 4]), [[2, 4], [10, 10]]);
  });

  test("runs give back exactly the ids", () => {
    const ids = [1, 2, 3, 7, 8, 100, 5000, 5001];
    assert.deepEqual(idsOfRuns(idRuns(ids)), ids);
    const big = Array.from({ length: 5000 }, (_, i) => 1_000_000 + i);
    assert.deepEqual(idRuns(big), [[1_000_000, 1_004_999]]);
    assert.deepEqual(idsOfRuns(idRuns(big)), big);
  });

  test("a row's text is read back exactly, and anything else is refused rather than guessed", () => {
    assert.deepEqual(idsOfRunsText(JSON.stringify(idRuns([4, 5, 6, 9]))), [4, 5, 6, 9]);
    assert.throws(() => idsOfRunsText('[[1, "2"]]'));
    assert.throws(() => idsOfRunsText("[[-1, 2]]"));
    assert.throws(() => idsOfRunsText("not json"));
  });

  test("a message names its own distinct id and those identify and alias join to it", () => {
    assert.deepEqual(namedDistinctIds({ distinctId: "u1", userId: "u1", anonymousId: "a1", previousId: null }), ["u1", "u1", "a1"]);
    assert.deepEqual(namedDistinctIds({ distinctId: "a1", userId: null, anonymousId: "a1", previousId: null }), ["a1", "a1"]);
    assert.deepEqual(namedDistinctIds({ distinctId: "new", userId: "new", anonymousId: null, previousId: "old" }), ["new", "new", "old"]);
  });
});
