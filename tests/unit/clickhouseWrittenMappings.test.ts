// The shipper writes a distinct id's mapping only when it changed since it last
// wrote it: a merge must still get through, and forgetting must only cost a rewrite.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { WrittenMappings } from "../../lib/store/clickhouse/writtenMappings";

const row = (distinct_id: string, person_id: number, project_id = "p1") => ({ project_id, distinct_id, person_id });

describe("written ClickHouse mappings", () => {
  test("a mapping is written once, again only when its person changes (a merge)", () => {
    const written = new WrittenMappings();
    assert.deepEqual(written.changed([row("a", 1), row("b", 2)]), [row("a", 1), row("b", 2)]);
    written.remember([row("a", 1), row("b", 2)]);
    assert.deepEqual(written.changed([row("a", 1), row("b", 2)]), []);
    // b's person merged into a's.
    assert.deepEqual(written.changed([row("a", 1), row("b", 1)]), [row("b", 1)]);
  });

  test("the same distinct id in another project is another mapping", () => {
    const written = new WrittenMappings();
    written.remember([row("a", 1, "p1")]);
    assert.deepEqual(written.changed([row("a", 1, "p2")]), [row("a", 1, "p2")]);
  });

  test("only what ClickHouse took is remembered, and beyond the capacity the oldest are forgotten", () => {
    const written = new WrittenMappings(2);
    written.changed([row("a", 1)]);
    assert.deepEqual(written.changed([row("a", 1)]), [row("a", 1)], "not remembered until written");
    written.remember([row("a", 1), row("b", 2), row("c", 3)]);
    assert.equal(written.size, 2);
    assert.deepEqual(written.changed([row("a", 1), row("b", 2), row("c", 3)]), [row("a", 1)]);
  });
});
