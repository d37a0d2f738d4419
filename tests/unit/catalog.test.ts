import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { inferType } from "../../lib/store/catalog";

describe("inferType", () => {
  test("JSON scalars", () => {
    assert.equal(inferType(3), "number");
    assert.equal(inferType(-0.5), "number");
    assert.equal(inferType(true), "boolean");
    assert.equal(inferType(false), "boolean");
    assert.equal(inferType("pro"), "string");
    assert.equal(inferType(""), "string");
  });

  test("a number sent as a string stays a string", () => {
    assert.equal(inferType("42"), "string");
    assert.equal(inferType("1714564800000"), "string");
  });

  test("ISO dates and date-times are dates", () => {
    for (const value of ["2024-05-01", "2024-05-01T12:00:00Z", "2024-05-01T12:00:00.123+02:00", "2024-05-01 12:00"]) {
      assert.equal(inferType(value), "date", value);
    }
  });

  test("date-shaped text that is no real date is a string", () => {
    for (const value of ["2024-13-45", "2024-05-01T25:61:00Z", "May 1, 2024", "01/05/2024"]) {
      assert.equal(inferType(value), "string", value);
    }
  });

  test("lists and objects", () => {
    assert.equal(inferType([]), "list");
    assert.equal(inferType([1, "a"]), "list");
    assert.equal(inferType({}), "object");
    assert.equal(inferType({ a: 1 }), "object");
  });

  test("null says nothing about the type", () => {
    assert.equal(inferType(null), null);
    assert.equal(inferType(undefined), null);
  });
});
