// How a ClickHouse report finds each event's current person
// (lib/query/clickhouse/source.ts, eventsWithPersons): the map of merged persons
// is read once per report, carried inline while small, joined past that.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { z } from "zod";
import type { ClickHouseClient } from "../../lib/store/clickhouse/client";
import { clickHouseEvents, eventsWithPersons, mostMergedInline, personPartsFor } from "../../lib/query/clickhouse/source";

/** A ClickHouse whose map of merged persons holds `pairs` (write-time person n+1 → 1000+n); it records each statement. */
function mapOf(pairs: number, reportMemoryBytes = 400_000_000) {
  const statements: string[] = [];
  const client = {
    database: "crumbtrail",
    query: async (statement: string, schema: z.ZodType<unknown>) => {
      statements.push(statement);
      const limit = Number(/LIMIT (\d+)\s*$/.exec(statement)?.[1] ?? Infinity);
      return Array.from({ length: Math.min(pairs, limit) }, (_, n) => schema.parse({ person_id: n + 1, current_person: 1000 + n }));
    },
  } as unknown as ClickHouseClient;
  return { source: clickHouseEvents(client, null, reportMemoryBytes), statements };
}

describe("each event's current person on ClickHouse", () => {
  test("no merged person: the write-time person, no join", async () => {
    const { source } = mapOf(0);
    assert.deepEqual(await eventsWithPersons(source, "p1"), { from: "events_local", person: "person_id" });
  });

  test("a few merged persons travel inside the statement as a transform of the write-time person", async () => {
    const { source } = mapOf(2);
    const persons = await eventsWithPersons(source, "p1");
    assert.equal(persons.from, "events_local");
    assert.equal(persons.person, "transform(person_id, CAST([1, 2] AS Array(UInt64)), CAST([1000, 1001] AS Array(UInt64)), person_id)");
    assert.deepEqual(personPartsFor(source, persons, 16, 400_000_000 / 4), [0, 1, 2, 3].map((k) => `(${persons.person}) % 4 = ${k}`), "parts split by the current person");
  });

  test("past what the budget carries inline, the map is joined by number", async () => {
    const { source, statements } = mapOf(13, 50_000);
    assert.equal(mostMergedInline(source), 12, "4 kB of the budget per merged person");
    const persons = await eventsWithPersons(source, "p1");
    assert.match(statements[0], /LIMIT 13\s*$/, "it reads no more of the map than it needs to decide");
    assert.match(persons.from, /^events_local ANY LEFT JOIN \(SELECT person_id, argMax\(current, newest\) AS current_person/);
    assert.equal(persons.person, "if(current_person = 0, person_id, current_person)");
    assert.equal(mostMergedInline(mapOf(0, 400_000_000_000).source), 10_000, "and never more than 10,000 inline");
  });

  test("a report reads the map once, whatever its statements, and every share of its budget with it", async () => {
    const { source, statements } = mapOf(3);
    const [a, b] = await Promise.all([eventsWithPersons(source, "p1"), eventsWithPersons({ ...source, reportMemoryBytes: 1 }, "p1")]);
    assert.equal(a, b);
    assert.equal(statements.length, 1);
    await eventsWithPersons(source, "p2");
    assert.equal(statements.length, 2, "another project has a map of its own");
  });

  test("a failed read is not remembered", async () => {
    let calls = 0;
    const client = {
      database: "crumbtrail",
      query: async () => {
        calls += 1;
        if (calls === 1) throw new Error("connection refused");
        return [];
      },
    } as unknown as ClickHouseClient;
    const source = clickHouseEvents(client, null, 1_000_000);
    await assert.rejects(eventsWithPersons(source, "p1"), /connection refused/);
    assert.equal((await eventsWithPersons(source, "p1")).person, "person_id");
  });
});
