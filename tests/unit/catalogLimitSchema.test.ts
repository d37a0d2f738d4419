import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { catalogLimitSchema } from "../../lib/projects";

describe("catalogLimitSchema (the caps an admin sets in Settings)", () => {
  test("whole numbers from 1 to 100,000, as typed in the form", () => {
    assert.equal(catalogLimitSchema.parse(" 2500 "), 2500);
    assert.equal(catalogLimitSchema.parse(1), 1);
    assert.equal(catalogLimitSchema.parse("100000"), 100_000);
  });

  test("anything else is refused with the form's message", () => {
    for (const bad of ["0", "-3", "1.5", "100001", "", "lots", null]) {
      const parsed = catalogLimitSchema.safeParse(bad);
      assert.equal(parsed.success, false, String(bad));
      assert.equal(parsed.error?.issues[0].message, "Enter a whole number of names from 1 to 100,000.", String(bad));
    }
  });
});
