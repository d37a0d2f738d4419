// Experiments' statistics (API.md 6) against figures computed outside this
// code base: published R output, a worked Welch example, and table values of
// the t, normal and χ² distributions. Each expected number names its source.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { normalCdfStd, sampleRatioMismatch, sampleSize, summarize, welch } from "../../lib/experiments/statistics";

function close(actual: number | null | undefined, expected: number, tolerance: number, what: string): void {
  assert.ok(typeof actual === "number", `${what}: ${actual} is not a number`);
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);
}

describe("Welch's t-test", () => {
  // R 4.x, t.test(ts1, ts2) (Welch is R's default), as published in the
  // Cross Validated answer "Welch's t-test confidence interval":
  //   t = -1.8325, df = 17.9, p-value = 0.08356
  //   95 percent confidence interval: -2.1469104 0.1469104; means 10.4 and 11.4
  const ts1 = [11, 9, 10, 11, 10, 12, 9, 11, 12, 9];
  const ts2 = [11, 13, 10, 13, 12, 9, 11, 12, 12, 11];

  test("matches R's t.test on raw values", () => {
    // lift = treatment - control, so ts1 is the treatment and ts2 the control (R's x - y).
    const result = welch(summarize(ts2), summarize(ts1));
    close(result.lift, -1, 1e-12, "lift");
    close(result.lift / result.se, -1.8325, 5e-5, "t");
    close(result.df, 17.9, 0.05, "df");
    close(result.pValue, 0.08356, 5e-6, "p-value");
    close(result.confidenceInterval?.[0], -2.1469104, 5e-6, "interval low");
    close(result.confidenceInterval?.[1], 0.1469104, 5e-6, "interval high");
    close(result.relativeLift, -1 / 11.4, 1e-12, "relative lift");
  });

  test("matches a worked example from summaries (n, mean, s)", () => {
    // Worked answer on Wyzant ("Confidence interval question", 2021): normal
    // subjects n 16, mean 3.75625, s 2.01659; ulcer subjects n 10, mean 18.97,
    // s 8.06488: SE 2.59969, t 5.85214, d.f. 9.708, 99% t crit 3.1906 at 9.7 d.f.,
    // 99% interval [6.9192, 23.5083].
    const normal = { n: 16, mean: 3.75625, variance: 2.01659 ** 2 };
    const ulcer = { n: 10, mean: 18.97, variance: 8.06488 ** 2 };
    const result = welch(normal, ulcer, 0.99);
    close(result.se, 2.59969, 5e-6, "se");
    close(result.lift / result.se, 5.85214, 5e-5, "t");
    close(result.df, 9.708, 1e-3, "df");
    close(result.confidenceInterval?.[0], 6.9192, 5e-3, "99% interval low");
    close(result.confidenceInterval?.[1], 23.5083, 5e-3, "99% interval high");
  });

  test("the interval uses t(0.975, df): with df = 10 the margin is 2.228 se (t table)", () => {
    // Two groups of 6 with equal variances give Welch df = 10 exactly.
    const a = summarize([1, 2, 3, 4, 5, 6]);
    const b = summarize([2, 3, 4, 5, 6, 7]);
    const result = welch(a, b);
    close(result.df, 10, 1e-9, "df");
    const margin = (result.confidenceInterval![1] - result.confidenceInterval![0]) / 2;
    close(margin / result.se, 2.228, 5e-4, "t(0.975, 10)");
  });

  test("chance to beat control is Φ(lift / se)", () => {
    // Pick se = 1 and lift = 1.96: Φ(1.96) = 0.9750 (standard normal table).
    const control = { n: 100, mean: 0, variance: 50 };
    const treatment = { n: 100, mean: 1.96, variance: 50 };
    const result = welch(control, treatment);
    close(result.se, 1, 1e-12, "se");
    close(result.chanceToBeatControl, 0.975, 5e-5, "chance to beat control");
  });

  test("no test without spread or with under two values a side", () => {
    const flat = welch(summarize([1, 1, 1]), summarize([1, 1, 1]));
    assert.equal(flat.pValue, null);
    assert.equal(flat.confidenceInterval, null);
    const one = welch(summarize([1]), summarize([0, 1, 2]));
    assert.equal(one.df, null);
    assert.equal(welch({ n: 10, mean: 0, variance: 1 }, { n: 10, mean: 1, variance: 1 }).relativeLift, null);
  });
});

describe("normal distribution", () => {
  test("Φ matches the standard normal table", () => {
    close(normalCdfStd(0), 0.5, 1e-15, "Φ(0)");
    close(normalCdfStd(1.96), 0.975, 5e-5, "Φ(1.96)");
    close(normalCdfStd(1), 0.8413, 5e-5, "Φ(1)");
    close(normalCdfStd(-1.645), 0.05, 5e-5, "Φ(-1.645)");
  });
});

describe("sample summaries", () => {
  test("mean and sample variance (n - 1)", () => {
    // By hand: mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32, / 7.
    const s = summarize([2, 4, 4, 4, 5, 5, 7, 9]);
    assert.equal(s.n, 8);
    assert.equal(s.mean, 5);
    close(s.variance, 32 / 7, 1e-12, "variance");
    assert.deepEqual(summarize([]), { n: 0, mean: 0, variance: 0 });
    assert.deepEqual(summarize([3]), { n: 1, mean: 3, variance: 0 });
  });
});

describe("sample ratio mismatch", () => {
  test("χ² against the weights, k − 1 degrees of freedom", () => {
    // 50/50 split, 1000 exposures, 552 vs 448: χ² = (52² + 52²) / 500 = 10.816,
    // just under the χ²(1) critical value 10.828 at 0.001 (χ² table): p just above 0.001.
    const near = sampleRatioMismatch([552, 448], [50, 50]);
    close(near.chiSquare, 10.816, 1e-9, "χ²");
    assert.ok(near.pValue! > 0.001 && near.pValue! < 0.00101, `p = ${near.pValue}`);
    assert.equal(near.warning, false);
    // 553 vs 447: χ² = 2·53²/500 = 11.236 > 10.828: a warning.
    const off = sampleRatioMismatch([553, 447], [50, 50]);
    assert.ok(off.pValue! < 0.001);
    assert.equal(off.warning, true);
  });

  test("uneven weights and three variants", () => {
    // Weights 1:1:2 over 400: expected 100, 100, 200. Observed 110, 90, 200:
    // χ² = 1 + 1 + 0 = 2 on 2 df; P(χ²(2) > x) = e^(−x/2), so p = e^−1.
    const result = sampleRatioMismatch([110, 90, 200], [1, 1, 2]);
    close(result.chiSquare, 2, 1e-12, "χ²");
    close(result.pValue, Math.exp(-1), 1e-9, "p-value");
    // χ²(0.95, 2) = 5.991 (χ² table): p = 0.05 there.
    close(1 - (1 - Math.exp(-5.991 / 2)), 0.05, 1e-4, "χ² table sanity");
  });

  test("no exposures, no verdict", () => {
    assert.deepEqual(sampleRatioMismatch([0, 0], [1, 1]), { chiSquare: 0, pValue: null, warning: false });
  });
});

describe("sample size", () => {
  test("the formula of API.md 6 with z table values", () => {
    // z(0.975) = 1.959964, z(0.8) = 0.841621 (normal table); baseline 10%, +5% relative
    // → p2 = 0.105: (2.801585)² · (0.09 + 0.093975) / 0.005² = 57,760.0…
    const hand = (2.801585 ** 2 * (0.1 * 0.9 + 0.105 * 0.895)) / 0.005 ** 2;
    const n = sampleSize(0.1, 0.05);
    assert.ok(Math.abs(n - hand) <= 1.5, `${n} vs ${hand}`);
    // Baseline 50%, +20% → 60%: 7.8489 · (0.25 + 0.24) / 0.01 = 384.6 → 385.
    assert.equal(sampleSize(0.5, 0.2), 385);
  });
});
