// ClickHouse 18.16 has no bound parameters: every value in a statement goes
// through literal.ts, so its quoting is the injection boundary.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { identifier, inList, literal, LiteralError, quoteNumber, quoteString, sqlWith } from "../../lib/store/clickhouse/literal";

describe("ClickHouse literals", () => {
  test("plain strings are single-quoted", () => {
    assert.equal(quoteString(""), "''");
    assert.equal(quoteString("Signed up"), "'Signed up'");
  });

  test("quotes and backslashes are escaped, so a value never ends the literal", () => {
    assert.equal(quoteString("it's"), "'it\\'s'");
    assert.equal(quoteString("a\\b"), "'a\\\\b'");
    assert.equal(quoteString("\\'"), "'\\\\\\''");
    assert.equal(quoteString("x' OR 1=1 --"), "'x\\' OR 1=1 --'");
    // A trailing backslash must not escape the closing quote.
    assert.equal(quoteString("end\\"), "'end\\\\'");
    assert.equal(quoteString('double "quotes" stay'), `'double "quotes" stay'`);
  });

  test("NUL and control characters become escapes", () => {
    assert.equal(quoteString("a\0b"), "'a\\0b'");
    assert.equal(quoteString("1\n2\r3\t4\b5\f6"), "'1\\n2\\r3\\t4\\b5\\f6'");
  });

  test("unicode passes through unchanged, lone surrogates are refused", () => {
    assert.equal(quoteString("Zürich 😀 東京 \u2028"), "'Zürich 😀 東京 \u2028'");
    assert.throws(() => quoteString("broken \uD83D"), LiteralError);
    assert.throws(() => quoteString("\uDE00 broken"), LiteralError);
  });

  test("numbers: integers exactly, decimals by their round-trip text, nothing non-finite", () => {
    assert.equal(quoteNumber(0), "0");
    assert.equal(quoteNumber(-0), "0");
    assert.equal(quoteNumber(1_733_000_000_000), "1733000000000");
    assert.equal(quoteNumber(-42), "-42");
    assert.equal(quoteNumber(19.99), "19.99");
    assert.equal(quoteNumber(18446744073709551615n), "18446744073709551615");
    assert.throws(() => quoteNumber(Number.NaN), LiteralError);
    assert.throws(() => quoteNumber(Infinity), LiteralError);
    assert.throws(() => quoteNumber(2 ** 60), LiteralError);
  });

  test("null, booleans and arrays, nested", () => {
    assert.equal(literal(null), "NULL");
    assert.equal(literal(true), "1");
    assert.equal(literal(false), "0");
    assert.equal(literal([]), "[]");
    assert.equal(literal(["a'", "b"]), "['a\\'', 'b']");
    assert.equal(literal([1, 2.5]), "[1, 2.5]");
    assert.equal(literal([["x"], []]), "[['x'], []]");
  });

  test("anything else is refused", () => {
    assert.throws(() => literal({} as never), LiteralError);
    assert.throws(() => literal(undefined as never), LiteralError);
  });

  test("sqlWith fills each ? in order and checks the count", () => {
    assert.equal(sqlWith("SELECT ? AS a, ? AS b", ["x'y", 3]), "SELECT 'x\\'y' AS a, 3 AS b");
    assert.equal(sqlWith("WHERE has(?, name)", [["a", "b"]]), "WHERE has(['a', 'b'], name)");
    // A value containing ? is not a placeholder.
    assert.equal(sqlWith("SELECT ?, ?", ["?", "?"]), "SELECT '?', '?'");
    assert.throws(() => sqlWith("SELECT ?", []), LiteralError);
    assert.throws(() => sqlWith("SELECT 1", [1]), LiteralError);
  });

  test("identifiers are checked, not quoted", () => {
    assert.equal(identifier("crumbtrail_two_shards"), "crumbtrail_two_shards");
    for (const bad of ["", "1abc", "a-b", "a b", "a;DROP", "`x`", "db.table"]) assert.throws(() => identifier(bad), LiteralError, bad);
  });
  test("IN lists are parenthesized literals, never empty", () => {
    assert.equal(inList(["a", "it's"]), "('a', 'it\\'s')");
    assert.equal(inList([1, 2]), "(1, 2)");
    assert.throws(() => inList([]), LiteralError);
  });
});
