// One number per event (lib/query/clickhouse/packed.ts): times and codes come
// back exactly, equal milliseconds are flagged, and a range that would not fit
// a double is refused rather than rounded.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { packedEvent, packingFor, unpack } from "../../lib/query/clickhouse/packed";

describe("packed events", () => {
  test("codes take just enough bits; times and codes split back exactly", () => {
    const packing = packingFor("funnel", 1_000, 1_000 + 366 * 86_400_000, 5);
    assert.equal(packing.codes, 8);
    assert.equal(packedEvent(packing, "c"), "toUInt64(toUInt64(ts - 1000) * 8 + c)");
    const packed = [0 * 8 + 4, 7 * 8 + 0, 31_622_399_999 * 8 + 3];
    assert.deepEqual(unpack(packing, packed), { times: [0, 7, 31_622_399_999], codes: [4, 0, 3] });
  });

  test("two events in one millisecond are flagged: their arrival order is not in the numbers", () => {
    const packing = packingFor("paths", 0, 10_000, 3);
    assert.equal(unpack(packing, [5 * 4 + 2, 5 * 4 + 3, 9 * 4]), null);
  });

  test("a range whose numbers would pass 2^53 is refused", () => {
    assert.equal(packingFor("funnel", 0, 2 ** 40, 2 ** 12 - 1).codes, 2 ** 12);
    assert.throws(() => packingFor("funnel", 0, 2 ** 41, 2 ** 12), /do not fit one number per event/);
  });
});
