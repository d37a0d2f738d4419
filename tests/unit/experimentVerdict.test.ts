// The results page's sentences (components/experiments/verdict.ts): the
// wording of issue 21 for a clear win, a clear loss, no clear difference and
// not enough data.
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatChance, verdict } from "../../components/experiments/verdict";
import type { MetricResult, VariantResult } from "../../lib/experiments/analysis";

const conversion: MetricResult["metric"] = { kind: "conversion", event: "purchase", windowSeconds: 604800 };
const control: VariantResult = { key: "control", exposures: 1000, mean: 0.1, variance: 0.09, enoughData: true };
const result = (variant: Partial<VariantResult>, more = 0): [MetricResult, VariantResult] => {
  const v: VariantResult = { key: "test", exposures: 1000, mean: 0.137, variance: 0.12, enoughData: true, lift: 0.037, relativeLift: 0.37, se: 0.008, pValue: 0.0001, confidenceInterval: [0.021, 0.053], chanceToBeatControl: 0.97, ...variant };
  return [{ metric: conversion, variants: [control, v], moreExposuresNeeded: more, overTime: [] }, v];
};

test("a clear win, in points, with the chance to beat control", () => {
  assert.equal(verdict(...result({})), "test raises purchase conversion by 2.1 to 5.3 points; 97% chance it beats control.");
});

test("a clear loss says lowers, with positive bounds", () => {
  assert.equal(verdict(...result({ confidenceInterval: [-0.05, -0.01], chanceToBeatControl: 0.002 })), "test lowers purchase conversion by 1.0 to 5.0 points; 0.2% chance it beats control.");
});

test("an interval across zero is no clear difference", () => {
  assert.equal(
    verdict(...result({ confidenceInterval: [-0.01, 0.02], chanceToBeatControl: 0.71 })),
    "No clear difference yet: test changes purchase conversion by −1.0 to +2.0 points; 71% chance it beats control.",
  );
});

test("not enough data names how many more exposures", () => {
  assert.equal(verdict(...result({ enoughData: false }, 1234)), "Not enough data yet: about 1,234 more exposures per variant.");
});

test("means are in their own unit", () => {
  const metric: MetricResult["metric"] = { kind: "mean", event: "purchase", property: "revenue" };
  const v: VariantResult = { key: "b", exposures: 500, mean: 12, variance: 4, enoughData: true, lift: 1.5, confidenceInterval: [0.5, 2.5], chanceToBeatControl: 0.999 };
  assert.equal(verdict({ metric, variants: [control, v], moreExposuresNeeded: 0, overTime: [] }, v), "b raises revenue of purchase per person by 0.50 to 2.50; 99.9% chance it beats control.");
  assert.equal(formatChance(0.99995), ">99.9%");
});
