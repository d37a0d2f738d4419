// The one date/time formatter (components/format/time.ts) and the one display
// name of events (components/format/event.ts).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { eventLabel, isBuiltInEvent } from "../../components/format/event";
import { formatTime, formatTimeWithZone, isoInstant } from "../../components/format/time";

describe("formatTime", () => {
  const instant = "2026-12-05T15:07:02.000Z";

  test("shows the moment in the project's zone, not the server's or UTC", () => {
    assert.equal(formatTime(instant, "UTC"), "Dec 5, 2026, 15:07");
    assert.equal(formatTime(instant, "Europe/Paris"), "Dec 5, 2026, 16:07");
    assert.equal(formatTime(instant, "America/Los_Angeles"), "Dec 5, 2026, 07:07");
    // Across midnight the day changes with the zone.
    assert.equal(formatTime("2026-12-05T23:30:00Z", "Asia/Tokyo", "date"), "Dec 6, 2026");
    assert.equal(formatTime("2026-12-05T23:30:00Z", "UTC", "date"), "Dec 5, 2026");
  });

  test("the same text from an ISO string, a Date and milliseconds", () => {
    const ms = Date.parse(instant);
    for (const value of [instant, new Date(ms), ms]) assert.equal(formatTime(value, "Europe/Berlin", "time"), "16:07:02");
  });

  test("each style", () => {
    assert.equal(formatTime(instant, "UTC", "date"), "Dec 5, 2026");
    assert.equal(formatTime(instant, "UTC", "time"), "15:07:02");
    assert.equal(formatTime(instant, "UTC", "day"), "Saturday, December 5, 2026");
  });

  test("a DST day: the hour before and after the change keep their wall-clock time and offset", () => {
    // Europe/Paris springs forward on 2026-03-29 at 02:00 local (01:00 UTC) to 03:00.
    assert.equal(formatTime("2026-03-29T00:59:00Z", "Europe/Paris"), "Mar 29, 2026, 01:59");
    assert.equal(formatTime("2026-03-29T01:00:00Z", "Europe/Paris"), "Mar 29, 2026, 03:00");
    assert.match(formatTimeWithZone("2026-03-29T00:59:00Z", "Europe/Paris"), /01:59:00 Europe\/Paris \(GMT\+1\)$/);
    assert.match(formatTimeWithZone("2026-03-29T01:00:00Z", "Europe/Paris"), /03:00:00 Europe\/Paris \(GMT\+2\)$/);
    // New York falls back on 2026-11-01: 01:30 happens twice, an hour apart.
    assert.equal(formatTime("2026-11-01T05:30:00Z", "America/New_York", "time"), "01:30:00");
    assert.equal(formatTime("2026-11-01T06:30:00Z", "America/New_York", "time"), "01:30:00");
  });

  test("nothing to show is a dash; an unknown zone falls back to UTC instead of 'Invalid DateTime'", () => {
    assert.equal(formatTime(null, "UTC"), "—");
    assert.equal(formatTime(undefined, "UTC"), "—");
    assert.equal(formatTime("not a date", "UTC"), "—");
    assert.equal(formatTime(instant, "Mars/Olympus_Mons"), "Dec 5, 2026, 15:07");
  });

  test("the machine-readable instant is ISO 8601 in UTC whatever the zone", () => {
    assert.equal(isoInstant("2026-12-05T16:07:02+01:00"), "2026-12-05T15:07:02.000Z");
    assert.equal(isoInstant("garbage"), null);
  });
});

describe("eventLabel", () => {
  test("built-in $ events have one friendly label", () => {
    assert.equal(eventLabel("$pageview"), "Page view");
    assert.equal(eventLabel("$screen"), "Screen view");
    assert.equal(eventLabel("$identify"), "Identify");
    assert.equal(eventLabel("$create_alias"), "Create alias");
    assert.equal(eventLabel("$other"), "Other events");
    assert.ok(isBuiltInEvent("$pageview"));
  });

  test("custom events, and $ names that are not built in, show as they were sent", () => {
    assert.equal(eventLabel("Signed Up"), "Signed Up");
    assert.equal(eventLabel("$custom_thing"), "$custom_thing");
    assert.equal(eventLabel("constructor"), "constructor", "no label from Object.prototype");
    assert.equal(eventLabel("toString"), "toString");
    assert.ok(!isBuiltInEvent("Signed Up"));
  });
});
