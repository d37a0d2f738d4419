import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isRangePreset, RANGE_PRESETS, resolveRange } from "../../lib/query/ranges";

const now = Date.parse("2024-05-10T15:30:12.345Z");
const iso = (ms: number) => new Date(ms).toISOString();

describe("resolveRange", () => {
  test("24h: from the start of the hour 23 hours ago, to just after now", () => {
    const range = resolveRange("24h", "UTC", now);
    assert.equal(iso(range.from), "2024-05-09T16:00:00.000Z");
    assert.equal(range.to, now + 1);
    assert.equal(range.interval, "hour");
    assert.equal(range.preset, "24h");
  });

  test("7d includes today: from the start of the day 6 days ago", () => {
    const range = resolveRange("7d", "UTC", now);
    assert.equal(iso(range.from), "2024-05-04T00:00:00.000Z");
    assert.equal(range.to, now + 1);
    assert.equal(range.interval, "day");
  });

  test("30d and 90d", () => {
    assert.equal(iso(resolveRange("30d", "UTC", now).from), "2024-04-11T00:00:00.000Z");
    const ninety = resolveRange("90d", "UTC", now);
    assert.equal(iso(ninety.from), "2024-02-11T00:00:00.000Z");
    assert.equal(ninety.interval, "week");
  });

  test("days start at midnight in the project's zone", () => {
    assert.equal(iso(resolveRange("7d", "America/Los_Angeles", now).from), "2024-05-04T07:00:00.000Z");
    // 2024-05-10T15:30Z is already 2024-05-11 in Tokyo.
    assert.equal(iso(resolveRange("7d", "Asia/Tokyo", now).from), "2024-05-04T15:00:00.000Z");
  });

  test("every preset's range is non-empty and contains now", () => {
    for (const preset of Object.keys(RANGE_PRESETS) as (keyof typeof RANGE_PRESETS)[]) {
      const range = resolveRange(preset, "Europe/Paris", now);
      assert.ok(range.from <= now && now < range.to, preset);
    }
  });
});

describe("isRangePreset", () => {
  test("only the presets", () => {
    for (const preset of ["24h", "7d", "30d", "90d"]) assert.equal(isRangePreset(preset), true, preset);
    for (const other of ["1y", "", "7D", "toString", "__proto__", "constructor", 7, null, undefined, {}]) {
      assert.equal(isRangePreset(other), false, String(other));
    }
  });
});

describe("a range that fell back to the default", () => {
  test("uses the fallback's interval, not the hourly one asked for with the bad dates", async () => {
    const { resolveReportRange } = await import("../../components/reports/range");
    const { effectiveInterval, trendsQuery } = await import("../../components/reports/trends/spec");
    const spec = { series: [{ event: "x" }], where: [], breakdown: null, interval: "hour", compare: false, chart: "line" as const };
    const fallback = resolveReportRange({ from: "2026-02-30", to: "2026-03-01" }, "UTC", Date.parse("2026-06-01T12:00:00Z"));
    assert.ok(fallback.problem);
    assert.equal(effectiveInterval(spec, fallback), "day");
    assert.equal(trendsQuery(spec, fallback.from, fallback.to, fallback).interval, "day");
    const week = resolveReportRange({ from: "2026-05-01", to: "2026-05-07" }, "UTC", Date.parse("2026-06-01T12:00:00Z"));
    assert.equal(effectiveInterval(spec, week), "hour");
  });
});
