// The slot arithmetic of lib/query/activitySlots.ts: which slot an instant
// belongs to (as the migrations' triggers compute it), and which whole slots a
// report window holds.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SLOT_MS, slotAtOrBefore, wholeSlots } from "../../lib/query/activitySlots";

describe("activity slots", () => {
  test("an instant's slot is the multiple of 15 minutes at or before it, before 1970 too", () => {
    assert.equal(slotAtOrBefore(0), 0);
    assert.equal(slotAtOrBefore(SLOT_MS - 1), 0);
    assert.equal(slotAtOrBefore(SLOT_MS), SLOT_MS);
    assert.equal(slotAtOrBefore(-1), -SLOT_MS);
    assert.equal(slotAtOrBefore(-SLOT_MS), -SLOT_MS);
    assert.equal(slotAtOrBefore(Date.parse("2026-05-04T10:14:59.999Z")), Date.parse("2026-05-04T10:00:00.000Z"));
  });

  test("a window's whole slots: from the first boundary at or after its start to the last at or before its end", () => {
    const at = Date.parse;
    assert.deepEqual(wholeSlots(at("2026-05-04T10:00:00Z"), at("2026-05-05T00:00:00Z")), { coreStart: at("2026-05-04T10:00:00Z"), coreEnd: at("2026-05-05T00:00:00Z") });
    assert.deepEqual(wholeSlots(at("2026-05-04T10:07:00.001Z"), at("2026-05-04T13:52:00Z")), { coreStart: at("2026-05-04T10:15:00Z"), coreEnd: at("2026-05-04T13:45:00Z") });
    // Kolkata's days start at :30 UTC, Kathmandu's at :15: still slot boundaries.
    assert.deepEqual(wholeSlots(at("2026-05-03T18:30:00Z"), at("2026-05-04T18:15:00Z")), { coreStart: at("2026-05-03T18:30:00Z"), coreEnd: at("2026-05-04T18:15:00Z") });
  });

  test("a window with no whole slot is read from the events alone (an empty core at its end)", () => {
    const at = Date.parse;
    const end = at("2026-05-04T10:10:00Z");
    assert.deepEqual(wholeSlots(at("2026-05-04T10:07:00Z"), end), { coreStart: end, coreEnd: end });
    const later = at("2026-05-04T10:20:00Z"); // crosses a boundary, but no slot fits inside
    assert.deepEqual(wholeSlots(at("2026-05-04T10:07:00Z"), later), { coreStart: later, coreEnd: later });
  });
});
