// Absurd event times: refused at ingestion, and never fatal when read back.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { normalizeMessage } from "../../lib/ingest/normalize";
import { checkEventTime, checkMessage, eventTimeProblem } from "../../lib/ingest/validate";
import { storedInstant, storedInstantOrNull } from "../../lib/query/instant";

const NOW = Date.parse("2026-12-05T12:00:00Z");
const DAY = 24 * 3600 * 1000;

function tsOf(fields: Record<string, unknown>): number {
  const checked = checkMessage({ event: "x", anonymousId: "a", ...fields }, 0, true);
  assert.ok(checked.ok, JSON.stringify(checked));
  return normalizeMessage(checked.message, NOW).ts;
}

describe("the event time window", () => {
  test("absurd timestamps are refused per message, with the path and a code", () => {
    for (const timestamp of [9e15, 1e20, "9999999999999999", -9e15]) {
      const error = checkEventTime(tsOf({ timestamp }), NOW, 3, true);
      assert.ok(error, `timestamp ${timestamp} was accepted`);
      assert.equal(error.code, "timestamp_out_of_range");
      assert.equal(error.path, "batch[3].timestamp");
      assert.match(error.message, /^batch\[3\]\.timestamp is more than/);
    }
    assert.equal(checkEventTime(tsOf({ timestamp: 9e15 }), NOW, 0, false)?.path, "timestamp");
  });

  test("the window: ten years back, a day ahead", () => {
    assert.equal(eventTimeProblem(NOW, NOW), null);
    assert.equal(eventTimeProblem(NOW - 9 * 365 * DAY, NOW), null);
    assert.equal(eventTimeProblem(NOW + DAY - 1000, NOW), null);
    assert.match(eventTimeProblem(NOW - 11 * 365 * DAY, NOW) ?? "", /10 years before/);
    assert.match(eventTimeProblem(NOW + 2 * DAY, NOW) ?? "", /a day after/);
  });

  test("checked after clock-skew correction: a skewed clock is fine, an absurd sentAt is not", () => {
    // The device's clock is a year ahead; corrected, the event happened a minute ago.
    const year = 365 * DAY;
    assert.equal(eventTimeProblem(tsOf({ timestamp: NOW + year - 60_000, sentAt: NOW + year }), NOW), null);
    // Without sentAt the same timestamp is a year in the future.
    assert.ok(eventTimeProblem(tsOf({ timestamp: NOW + year }), NOW));
    assert.ok(eventTimeProblem(tsOf({ timestamp: NOW, sentAt: 1e20 }), NOW));
  });
});

describe("stored times read back", () => {
  test("any stored value formats without throwing", () => {
    for (const value of [9e15, 1e20, -1e20, Number.NaN, Infinity, "9999999999999999", BigInt("9223372036854775807"), "garbage"]) {
      const iso = storedInstant(value);
      assert.ok(!Number.isNaN(Date.parse(iso)), `${String(value)} -> ${iso}`);
    }
    assert.equal(storedInstant(Date.parse("2024-01-02T03:04:05.678Z")), "2024-01-02T03:04:05.678Z");
    assert.equal(storedInstant(String(Date.parse("2024-01-02T03:04:05.678Z"))), "2024-01-02T03:04:05.678Z");
    assert.equal(storedInstantOrNull(null), null);
  });
});
