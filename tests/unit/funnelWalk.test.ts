// The per-person funnel walk of API.md 3.1, on hand-made event rows.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { walkPerson } from "../../lib/query/funnel";

const S = 1000;
/** rows from [ts seconds, ...steps satisfied], in (timestamp, arrival) order */
function rows(spec: [number, ...number[]][], key = "all") {
  return spec.map(([ts, ...steps]) => ({ person: 1, ts: ts * S, key, flags: [0, 1, 2].map((k) => steps.includes(k)) }));
}

describe("walkPerson", () => {
  test("a straight conversion reaches every step and records the gaps", () => {
    const journey = walkPerson(rows([[0, 0], [10, 1], [25, 2]]), 3, 0, 100 * S, 60 * S);
    assert.deepEqual(journey, { reached: 3, gaps: [0, 10, 15], breakdownKey: "all" });
  });

  test("no start in range means no journey", () => {
    assert.equal(walkPerson(rows([[5, 1], [6, 2]]), 3, 0, 100 * S, 60 * S), null);
    assert.equal(walkPerson(rows([[100, 0], [101, 1]]), 3, 0, 100 * S, 60 * S), null, "a start at `to` is outside [from, to)");
  });

  test("a step exactly at the window's edge counts; 1 ms past it does not", () => {
    assert.equal(walkPerson(rows([[0, 0], [60, 1]]), 2, 0, 100 * S, 60 * S)!.reached, 2);
    const late = [{ person: 1, ts: 0, key: "all", flags: [true, false] }, { person: 1, ts: 60 * S + 1, key: "all", flags: [false, true] }];
    assert.equal(walkPerson(late, 2, 0, 100 * S, 60 * S)!.reached, 1);
  });

  test("steps out of order do not count; one event never serves two steps", () => {
    assert.equal(walkPerson(rows([[0, 1], [1, 0]]), 2, 0, 100 * S, 60 * S)!.reached, 1);
    assert.equal(walkPerson(rows([[0, 0, 1]]), 2, 0, 100 * S, 60 * S)!.reached, 1);
    assert.equal(walkPerson(rows([[0, 0, 1], [0, 0, 1]]), 2, 0, 100 * S, 60 * S)!.reached, 2);
  });

  test("a later start may reach further; the earliest start reaching the highest step gives the times", () => {
    // First start at 0 stalls (step 2 comes after its window); the start at 50 completes.
    const journey = walkPerson(rows([[0, 0], [10, 1], [50, 0], [55, 1], [70, 2], [90, 0], [91, 1], [92, 2]]), 3, 0, 100 * S, 30 * S);
    assert.deepEqual(journey, { reached: 3, gaps: [0, 5, 15], breakdownKey: "all" });
  });

  test("the next step is the earliest match after the previous one, not the best one", () => {
    const journey = walkPerson(rows([[0, 0], [5, 1], [6, 1], [20, 2]]), 3, 0, 100 * S, 60 * S);
    assert.deepEqual(journey!.gaps, [0, 5, 15]);
  });

  test("events after `to` may complete a funnel started inside the range", () => {
    assert.equal(walkPerson(rows([[99, 0], [130, 1]]), 2, 0, 100 * S, 60 * S)!.reached, 2);
  });
});
