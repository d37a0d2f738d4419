// Experiment assignment (API.md 6): u = first 15 hex digits of
// sha1("<key>.<distinctId>") / 16^15, then the first variant whose cumulative
// weight share exceeds u.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import { assignVariant, bucketOf, variantAt } from "../../lib/experiments/assignment";

const FIFTY_FIFTY = [
  { key: "control", weight: 50 },
  { key: "test", weight: 50 },
];

describe("experiment assignment", () => {
  test("fixed ids, worked out from their SHA-1", () => {
    // sha1("new-checkout.alice") starts 273b850b10ab597…: u = 0x273b850b10ab597 / 16^15 ≈ 0.1533 < 0.5 → control.
    // sha1("new-checkout.bob") starts dab5cdf34a078f9…: u ≈ 0.8543 ≥ 0.5 → test.
    // sha1("new-checkout.u-42") starts 57aa04c43f50f00…: u ≈ 0.3424.
    const hex = (id: string) => createHash("sha1").update(`new-checkout.${id}`).digest("hex").slice(0, 15);
    assert.equal(hex("alice"), "273b850b10ab597");
    assert.equal(hex("bob"), "dab5cdf34a078f9");
    assert.equal(hex("u-42"), "57aa04c43f50f00");
    // (Hex read with parseInt here: a 60-bit hex literal is rewritten by the test's compiler.)
    assert.equal(bucketOf("new-checkout", "alice"), parseInt("273b850b10ab597", 16) / 16 ** 15);
    assert.equal(bucketOf("new-checkout", "bob"), parseInt("dab5cdf34a078f9", 16) / 16 ** 15);

    const experiment = { key: "new-checkout", variants: FIFTY_FIFTY };
    assert.equal(assignVariant(experiment, "alice"), "control");
    assert.equal(assignVariant(experiment, "bob"), "test");
    assert.equal(assignVariant(experiment, "u-42"), "control");

    // Weights 1:1:2 → cumulative shares 0.25, 0.5, 1: 0.153 → control, 0.342 → a, 0.854 → b.
    const three = { key: "new-checkout", variants: [{ key: "control", weight: 1 }, { key: "a", weight: 1 }, { key: "b", weight: 2 }] };
    assert.equal(assignVariant(three, "alice"), "control");
    assert.equal(assignVariant(three, "u-42"), "a");
    assert.equal(assignVariant(three, "bob"), "b");
  });

  test("the same id always gets the same variant, and the key matters", () => {
    const experiment = { key: "pricing", variants: FIFTY_FIFTY };
    for (let i = 0; i < 200; i++) assert.equal(assignVariant(experiment, `id-${i}`), assignVariant(experiment, `id-${i}`));
    const differs = Array.from({ length: 200 }, (_, i) => `id-${i}`).some(
      (id) => assignVariant(experiment, id) !== assignVariant({ key: "pricing-2", variants: FIFTY_FIFTY }, id),
    );
    assert.ok(differs, "another key reshuffles the ids");
  });

  test("share boundaries: a variant takes u strictly below its cumulative share", () => {
    assert.equal(variantAt(FIFTY_FIFTY, 0), "control");
    assert.equal(variantAt(FIFTY_FIFTY, 0.4999999), "control");
    assert.equal(variantAt(FIFTY_FIFTY, 0.5), "test");
    assert.equal(variantAt(FIFTY_FIFTY, 0.9999999), "test");
  });

  test("10,000 ids split close to the weights", () => {
    const variants = [
      { key: "control", weight: 20 },
      { key: "a", weight: 30 },
      { key: "b", weight: 50 },
    ];
    const counts: Record<string, number> = { control: 0, a: 0, b: 0 };
    for (let i = 0; i < 10_000; i++) counts[assignVariant({ key: "split", variants }, `user-${i}`)] += 1;
    // Binomial sd at n = 10,000 is at most 50; allow 4 sd (200).
    assert.ok(Math.abs(counts.control - 2000) < 200, JSON.stringify(counts));
    assert.ok(Math.abs(counts.a - 3000) < 200, JSON.stringify(counts));
    assert.ok(Math.abs(counts.b - 5000) < 200, JSON.stringify(counts));
  });
});
