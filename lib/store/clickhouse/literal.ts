// Values written into ClickHouse SQL text. ClickHouse 18.16 (Debian 12's package)
// has no server-side query parameters (`{name:Type}` came later), so every value a
// statement carries goes through `literal`: the one place that quotes. Names
// (databases, tables, clusters) are never values; `identifier` only admits plain ones.

export type Literal = string | number | bigint | boolean | null | readonly Literal[];

export class LiteralError extends Error {}

// Inside '...', ClickHouse reads a backslash as an escape: the quote, the backslash
// and the control characters are written as escapes, everything else (any Unicode)
// is passed through as its UTF-8 bytes.
const ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "'": "\\'",
  "\0": "\\0",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

// UTF-8 has no form for half a surrogate pair: it would arrive as U+FFFD, silently another string.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A string as a ClickHouse string literal. */
export function quoteString(value: string): string {
  if (LONE_SURROGATE.test(value)) throw new LiteralError("a string with a lone surrogate cannot be written to ClickHouse");
  return `'${value.replace(/[\\'\0\b\f\n\r\t]/g, (c) => ESCAPES[c])}'`;
}

/** A number as a literal: integers exactly, other finite numbers by their shortest round-trip text. */
export function quoteNumber(value: number | bigint): string {
  if (typeof value === "bigint") return value.toString();
  if (!Number.isFinite(value)) throw new LiteralError(`not a finite number: ${value}`);
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) throw new LiteralError(`an integer beyond 2^53 loses digits: pass it as a bigint (${value})`);
  // -0 would print as "0" anyway; String() gives "1e+21" style only past 2^53, refused above.
  return Object.is(value, -0) ? "0" : String(value);
}

/** Any supported value as a ClickHouse literal; arrays become `[a, b]`. */
export function literal(value: Literal): string {
  if (value === null) return "NULL";
  if (typeof value === "string") return quoteString(value);
  if (typeof value === "number" || typeof value === "bigint") return quoteNumber(value);
  if (typeof value === "boolean") return value ? "1" : "0";
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  throw new LiteralError(`not a value for ClickHouse SQL: ${typeof value}`);
}

/** The right side of `x IN ...`: a parenthesized list (an array literal there is a type error). */
export function inList(values: readonly Literal[]): string {
  if (!values.length) throw new LiteralError("an IN list needs at least one value");
  return `(${values.map(literal).join(", ")})`;
}

/** A plain name (database, table, cluster), checked rather than quoted. */
export function identifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(name)) throw new LiteralError(`not a plain ClickHouse name: ${JSON.stringify(name)}`);
  return name;
}

/**
 * A statement with its `?` placeholders replaced by literals, in order. The
 * statement text is ours; a `?` inside a quoted part of it would be replaced too,
 * so statements keep their own string constants free of `?`.
 */
export function sqlWith(statement: string, values: readonly Literal[]): string {
  const parts = statement.split("?");
  if (parts.length - 1 !== values.length) throw new LiteralError(`the statement has ${parts.length - 1} placeholder(s) for ${values.length} value(s)`);
  return parts.reduce((text, part, i) => text + literal(values[i - 1]) + part);
}
