// The pieces every ClickHouse report statement is built from: a property's value,
// the filters of API.md 3.1, the window an event falls in, and the event's
// current person. The same meanings as lib/query/filters.ts on SQLite and
// PostgreSQL, in SQL that ClickHouse 18.16 and current releases share. Every
// value (a property name too) goes through literal(): 18.16 has no query
// parameters.
//
// How a property is kept (lib/store/clickhouse/rows.ts): the event's top-level
// keys in `property_keys` and each value's JSON.stringify text, at the same
// index, in `property_values`. indexOf gives 0 for a missing key, and element 0
// of an array is its type's default, '': so `''` means "not there".
import { inList, literal, quoteString } from "../../store/clickhouse/literal";
import { builtinFor } from "../builtinProperties";
import type { Breakdown, Filter, WhereFilter } from "../model";
import { negationOf, personFilterKey, readsPerson, type PersonFilterIds } from "../personFilterIds";

type Scalar = string | number | boolean;

/** One property of the event row, as ClickHouse expressions. */
interface PropertyExpressions {
  /** A text that identifies the value, '' when missing or JSON null (see breakdownKey). */
  key: string;
  /** The value when it is a JSON number, else NULL. */
  number: string;
  isSet: string;
  equals(value: Scalar): string;
  /** Case-insensitive substring test on a string value. */
  contains(needle: string): string;
  compare(op: "gt" | "gte" | "lt" | "lte", value: number): string;
}

const OPERATORS = { gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

/** A key of the event's properties, read as its parts (see the top of the file). */
export interface JsonValue {
  /** The value's JSON text, '' when missing. */
  text: string;
  isString: string;
  /** A string value's own characters ('' for any other value). */
  stringValue: string;
  /** The value when it is a JSON number, else NULL. */
  number: string;
  /** What PostgreSQL's ->> gives: a string's own characters, any other value's JSON text ('' when missing or null). */
  asText: string;
}

export function jsonValue(name: string): JsonValue {
  const text = `property_values[indexOf(property_keys, ${quoteString(name)})]`;
  const isString = `startsWith(${text}, '"')`;
  // JSON.stringify escapes only quotes, backslashes and control characters: visitParamExtractString undoes them.
  const stringValue = `visitParamExtractString(concat('{"v":', ${text}, '}'), 'v')`;
  return { text, isString, stringValue, number: `toFloat64OrNull(${text})`, asText: `multiIf(${isString}, ${stringValue}, ${text} = 'null', '', ${text})` };
}

/**
 * A JSON property: its JSON text. Numbers are read with toFloat64OrNull on both
 * sides of a comparison: 18.16 parses some long decimals one unit in the last
 * place away from JavaScript, and reading both sides the same way keeps a
 * value equal to itself (`price lte 0.15` holds for a price of 0.15).
 */
function jsonProperty(name: string): PropertyExpressions {
  const { text, isString, stringValue, number } = jsonValue(name);
  return {
    key: `if(${text} = 'null', '', ${text})`,
    number,
    isSet: `(${text} NOT IN ('', 'null'))`,
    // JSON.stringify is canonical for what was stored (JSON.stringify too): typed equality is text equality.
    equals: (value) => `(${text} = ${quoteString(JSON.stringify(value))})`,
    contains: (needle) => `(${isString} AND positionUTF8(lowerUTF8(${stringValue}), ${quoteString(needle.toLowerCase())}) > 0)`,
    compare: (op, value) => `ifNull(${number} ${OPERATORS[op]} toFloat64OrNull(${quoteString(String(value))}), 0)`,
  };
}

/**
 * A built-in's column (Nullable(String)): text, so it equals only strings and no
 * numeric comparison holds, as on the other databases. The key is the text
 * behind an 's' ('' for NULL), told apart from JSON text by breakdownValueOf.
 */
function columnProperty(column: string): PropertyExpressions {
  return {
    key: `ifNull(concat('s', ${column}), '')`,
    number: "CAST(NULL AS Nullable(Float64))",
    isSet: `isNotNull(${column})`,
    equals: (value) => (typeof value === "string" ? `ifNull(${column} = ${quoteString(value)}, 0)` : "0"),
    contains: (needle) => `ifNull(positionUTF8(lowerUTF8(${column}), ${quoteString(needle.toLowerCase())}) > 0, 0)`,
    compare: () => "0",
  };
}

/** An event-scope property: a built-in's column, or a key of the event's properties. */
export function eventProperty(name: string): PropertyExpressions {
  const builtin = builtinFor("event", name);
  // The column name comes from the registry (builtinProperties.ts), never from the request.
  return builtin ? columnProperty(builtin.column) : jsonProperty(name);
}

/**
 * A breakdown key as the SQL reports give it: the value's JSON text, 'null' when
 * missing or null. ClickHouse's key (see PropertyExpressions.key) is turned into
 * it here, since 18.16 cannot quote a string as JSON.
 */
export function breakdownValueOf(breakdown: Breakdown, key: string): string {
  if (key === "") return "null";
  return builtinFor("event", breakdown.property) ? JSON.stringify(key.slice(1)) : key;
}

/** The reverse of breakdownValueOf: ClickHouse's key of a value's JSON text. */
export function clickHouseKeyOf(breakdown: Breakdown, json: string): string {
  if (json === "null") return "";
  if (!builtinFor("event", breakdown.property)) return json;
  const value: unknown = JSON.parse(json);
  return typeof value === "string" ? `s${value}` : `\u0000${json}`; // a column holds only strings: no row has any other
}

function compileFilter(filter: Filter): string {
  const property = eventProperty(filter.property);
  const value = filter.value;
  switch (filter.op) {
    case "eq":
      return property.equals(value as Scalar);
    case "neq":
      return `NOT ${property.equals(value as Scalar)}`;
    case "in": {
      const values = value as Scalar[];
      return values.length ? `(${values.map((v) => property.equals(v)).join(" OR ")})` : "0";
    }
    case "contains":
      return property.contains(value as string);
    case "not_contains":
      return `NOT ${property.contains(value as string)}`;
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return property.compare(filter.op, value as number);
    case "is_set":
      return property.isSet;
    case "is_not_set":
      return `NOT ${property.isSet}`;
  }
}

/**
 * All filters must hold. A filter on the event's person (a user property, a
 * cohort) tests the event's distinct id against the matching persons' ids,
 * read beforehand from the Prisma database (lib/query/personFilterIds.ts); a
 * negation tests NOT IN its positive's ids (negationOf). `people` must hold
 * every such filter of the report.
 */
export function compileWhere(filters: WhereFilter[], people: PersonFilterIds | undefined): string {
  const conditions = filters.map((f) => {
    if (!readsPerson(f)) return compileFilter(f as Filter);
    const positive = negationOf(f);
    const ids = people?.get(personFilterKey(positive ?? f));
    if (!ids) throw new Error("a person filter reached ClickHouse without its distinct ids (lib/query/report.ts reads them first)");
    const picked = ids.length ? `(distinct_id IN ${inList(ids)})` : "0";
    return positive ? `(NOT ${picked})` : picked;
  });
  return conditions.length ? `(${conditions.join(" AND ")})` : "1";
}

/** Windows of a report: ids, each with its [start, end). */
export interface TimeWindow {
  i: number;
  start: number;
  end: number;
}

/** Most slots a transform() table may have (two arrays in the statement's text). */
const MAX_SLOTS = 50_000;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * The id of the window that holds `ts`, for rows already inside the windows'
 * span. Windows are calendar buckets: the first and the last may be cut by the
 * range, and every boundary between them is a multiple of some unit from the
 * second window's start (an hour, a day; 15 minutes in zones with such
 * offsets), so the window of a row in between is a lookup of its slot in a
 * hashed table (transform). Without such a unit, a binary search of nested
 * if()s.
 */
export function windowOf(ts: string, windows: TimeWindow[]): string {
  if (windows.length === 1) return String(windows[0].i);
  const first = windows[0];
  const last = windows[windows.length - 1];
  if (windows.length === 2) return `if(${ts} < ${last.start}, ${first.i}, ${last.i})`;
  const origin = windows[1].start;
  const inner = windows.slice(1, -1);
  let unit = 0;
  for (const w of inner) unit = gcd(unit, w.end - origin);
  const slots = (last.start - origin) / unit;
  if (!(slots <= MAX_SLOTS)) return windowSearch(ts, windows, 0, windows.length);
  const from: number[] = [];
  const to: number[] = [];
  for (const w of inner) {
    for (let slot = (w.start - origin) / unit; slot < (w.end - origin) / unit; slot++) {
      from.push(slot);
      to.push(w.i);
    }
  }
  const slot = `toUInt32(intDiv(toInt64(${ts}) - ${origin}, ${unit}))`;
  const lookup = `transform(${slot}, CAST(${literal(from)} AS Array(UInt32)), CAST(${literal(to)} AS Array(Int32)), toInt32(-1))`;
  return `if(${ts} < ${origin}, ${first.i}, if(${ts} >= ${last.start}, ${last.i}, ${lookup}))`;
}

function windowSearch(ts: string, windows: TimeWindow[], lo: number, hi: number): string {
  if (hi - lo === 1) return String(windows[lo].i);
  const middle = (lo + hi) >> 1;
  return `if(${ts} < ${windows[middle].start}, ${windowSearch(ts, windows, lo, middle)}, ${windowSearch(ts, windows, middle, hi)})`;
}
