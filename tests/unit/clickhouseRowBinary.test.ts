// Reading ClickHouse's RowBinary answers (lib/store/clickhouse/rowBinary.ts):
// lengths as LEB128, little-endian UInt64 up to 2^53, UTF-8 strings, arrays, and
// answers that end inside a row.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { RowBinaryError, RowBinaryReader } from "../../lib/store/clickhouse/rowBinary";

/** LEB128, as ClickHouse writes lengths. */
function leb128(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    bytes.push(byte);
  } while (value > 0);
  return bytes;
}

function uint64(value: bigint): number[] {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64LE(value);
  return [...buffer];
}

const text = (value: string) => [...leb128(Buffer.byteLength(value)), ...Buffer.from(value, "utf8")];

describe("ClickHouse RowBinary", () => {
  test("rows of (UInt64, Array(UInt64), Array(String)) read back exactly", () => {
    const big = 2 ** 53 - 1;
    const numbers = Array.from({ length: 300 }, (_, n) => n * 1_000_003 + (n % 2 ? 2 ** 40 : 0));
    const bytes = Buffer.from([
      ...uint64(42n),
      ...leb128(numbers.length), // 300: a two-byte length
      ...numbers.flatMap((n) => uint64(BigInt(n))),
      ...leb128(2),
      ...text(""),
      ...text('"é😀\n\'\\"'),
      ...uint64(BigInt(big)),
      ...leb128(0),
      ...leb128(0),
    ]);
    const rows = new RowBinaryReader(bytes);
    assert.equal(rows.uint64(), 42);
    assert.deepEqual(rows.uint64Array(), numbers);
    assert.deepEqual(rows.stringArray(), ["", '"é😀\n\'\\"']);
    assert.equal(rows.done, false);
    assert.equal(rows.uint64(), big);
    assert.deepEqual(rows.uint64Array(), []);
    assert.deepEqual(rows.stringArray(), []);
    assert.equal(rows.done, true);
  });

  test("a UInt64 a number cannot hold exactly is refused, not rounded", () => {
    assert.throws(() => new RowBinaryReader(Buffer.from(uint64(2n ** 53n))).uint64(), RowBinaryError);
    assert.throws(() => new RowBinaryReader(Buffer.from(uint64(2n ** 64n - 1n))).uint64(), RowBinaryError);
  });

  test("an answer that ends inside a row throws instead of inventing values", () => {
    assert.throws(() => new RowBinaryReader(Buffer.from(uint64(7n).slice(0, 5))).uint64(), /ends inside a row/);
    assert.throws(() => new RowBinaryReader(Buffer.from([...leb128(3), ...uint64(1n)])).uint64Array(), /ends inside a row/);
    assert.throws(() => new RowBinaryReader(Buffer.from([...leb128(10), 0x61])).string(), /ends inside a row/);
    assert.throws(() => new RowBinaryReader(Buffer.from([0x80])).length(), /ends inside a row/);
    assert.throws(() => new RowBinaryReader(Buffer.from(Array(12).fill(0xff))).length(), RowBinaryError);
  });
});
