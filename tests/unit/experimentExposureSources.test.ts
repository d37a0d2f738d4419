// Where an experiment's exposures are read from (lib/experiments/analysis.ts):
// its own event, PostHog's and Mixpanel's, and PostHog's boolean flag answer
// only for an experiment whose variants are exactly control and test.
import assert from "node:assert/strict";
import { test } from "node:test";
import { booleanVariantsOf, exposureSources } from "../../lib/experiments/analysis";

const own = { event: "$experiment_exposure", experimentProperty: "experiment", variantProperty: "variant" };
const v = (...keys: string[]) => keys.map((key) => ({ key, weight: 1 }));

test("true is test and false is control, for control/test in either order", () => {
  assert.deepEqual(booleanVariantsOf(v("control", "test")), { true: "test", false: "control" });
  assert.deepEqual(booleanVariantsOf(v("test", "control")), { true: "test", false: "control" });
});

test("any other set of variants ignores a boolean answer", () => {
  assert.equal(booleanVariantsOf(v("control", "b")), undefined);
  assert.equal(booleanVariantsOf(v("control", "test", "other")), undefined);
  assert.equal(booleanVariantsOf(v("Control", "Test")), undefined);
});

test("only PostHog's source carries the boolean mapping", () => {
  const sources = exposureSources(own, v("control", "test"));
  assert.deepEqual(
    sources.map((s) => [s.event, s.booleanVariants ?? null]),
    [
      ["$experiment_exposure", null],
      ["$feature_flag_called", { true: "test", false: "control" }],
      ["$experiment_started", null],
    ],
  );
  assert.ok(exposureSources(own, v("a", "b")).every((s) => s.booleanVariants === undefined));
});

test("an experiment whose own exposure is PostHog's event lists it once, with the mapping", () => {
  const posthog = { event: "$feature_flag_called", experimentProperty: "$feature_flag", variantProperty: "$feature_flag_response" };
  const sources = exposureSources(posthog, v("control", "test"));
  assert.equal(sources.length, 2);
  assert.deepEqual(sources[0].booleanVariants, { true: "test", false: "control" });
});
