// The pure parts of ClickHouse deletes (lib/store/clickhouse/mutations.ts): the
// statements erase and purge issue, which mutations are still to wait for, and
// how several outcomes add up.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { deleteStatements, unfinished, worstOutcome } from "../../lib/store/clickhouse/mutations";

describe("ClickHouse delete statements", () => {
  test("an erase deletes the ids' events, distinct-id rows and write-time persons of the project, every value quoted", () => {
    const statements = deleteStatements("proj'1", { distinctIds: ["a'b", "c\\d", "a'b", "é😀"] });
    const where = `project_id = 'proj\\'1' AND distinct_id IN ('a\\'b', 'c\\\\d', 'é😀')`;
    assert.deepEqual(statements, [
      { table: "events_local", where },
      { table: "person_distinct_ids_local", where },
      { table: "event_persons_local", where },
    ]);
  });

  test("no ids, no statement; many ids are split so a statement stays small", () => {
    assert.deepEqual(deleteStatements("p", { distinctIds: [] }), []);
    const ids = Array.from({ length: 2_500 }, (_, i) => `id-${i}`);
    const statements = deleteStatements("p", { distinctIds: ids });
    assert.equal(statements.length, 9);
    const named = statements
      .filter((s) => s.table === "events_local")
      .flatMap((s) => [...s.where.matchAll(/'(id-\d+)'/g)].map((m) => m[1]));
    assert.deepEqual(named, ids, "each id in exactly one statement, in order");
  });

  test("a purge deletes the project's events before the moment; nothing is before the epoch", () => {
    assert.deepEqual(deleteStatements("p", { before: 1_733_000_000_123.7 }), [{ table: "events_local", where: "project_id = 'p' AND ts < 1733000000123" }]);
    assert.deepEqual(deleteStatements("p", { before: 0 }), []);
    assert.deepEqual(deleteStatements("p", { before: -5 }), []);
    assert.throws(() => deleteStatements("p", { before: Number.NaN }), /not a moment/);
  });

  test("only mutations that appeared after the snapshot and are not done are waited for", () => {
    const before = new Set(["mutation_1.txt", "mutation_2.txt"]);
    const after = [
      { mutation_id: "mutation_1.txt", is_done: 0, parts_to_do: 3 },
      { mutation_id: "mutation_2.txt", is_done: 1, parts_to_do: 0 },
      { mutation_id: "mutation_3.txt", is_done: 1, parts_to_do: 0 },
      { mutation_id: "mutation_4.txt", is_done: 0, parts_to_do: 1 },
    ];
    assert.deepEqual(unfinished(before, after).map((m) => m.mutation_id), ["mutation_4.txt"]);
    assert.deepEqual(unfinished(new Set(), []), []);
  });

  test("several outcomes: failed before pending before done", () => {
    const done = { status: "done" } as const;
    const pending = { status: "pending", message: "slow" } as const;
    const failed = { status: "failed", message: "down" } as const;
    assert.equal(worstOutcome([]), null);
    assert.equal(worstOutcome([null, undefined]), null);
    assert.deepEqual(worstOutcome([done, null]), done);
    assert.deepEqual(worstOutcome([done, pending, done]), pending);
    assert.deepEqual(worstOutcome([pending, failed, done]), failed);
  });
});
