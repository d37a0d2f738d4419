// The size chart never labels two computations alike: seconds where they share
// a minute, a count where they share a second; minutes alone otherwise.
import assert from "node:assert/strict";
import { test } from "node:test";
import { sizeLabels } from "../../components/cohorts/sizeLabels";

test("computations in the same minute get seconds, the same second a count", () => {
  const labels = sizeLabels(
    ["2026-12-05T14:02:10.000Z", "2026-12-05T14:02:41.000Z", "2026-12-05T14:02:41.500Z", "2026-12-05T14:17:00.000Z"],
    "UTC",
  );
  assert.deepEqual(labels, ["Dec 5, 2026, 14:02:10", "Dec 5, 2026, 14:02:41", "Dec 5, 2026, 14:02:41 (2)", "Dec 5, 2026, 14:17"]);
  assert.equal(new Set(labels).size, labels.length);
});

test("in the project's zone", () => {
  assert.deepEqual(sizeLabels(["2026-12-05T14:02:10.000Z"], "Europe/Paris"), ["Dec 5, 2026, 15:02"]);
});
