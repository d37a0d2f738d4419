// How report SQL reads JSON properties on each database. A property name is
// always a bound parameter: on SQLite it becomes a quoted JSON path ($."name",
// built here, passed as a value); on Postgres it is the key of the -> operator.
import { sql, type RawBuilder } from "kysely";
import type { DatabaseKind } from "../config";
import { FOLD_FROM, FOLD_TO, foldForSearch } from "../text/fold";

export type Json = RawBuilder<unknown>;
export type Condition = RawBuilder<unknown>;

/** $."name" with quotes and backslashes escaped: any key, never a nested path. */
export function sqliteJsonPath(name: string): string {
  return `$."${name.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

export interface QueryDialect {
  kind: DatabaseKind;
  /** "number" | "string" | "boolean" | "null" | "object" | "array", or NULL when missing. */
  typeOf(column: Json, name: string): RawBuilder<string | null>;
  /** The value as text (strings unquoted); NULL when missing. */
  textOf(column: Json, name: string): RawBuilder<string | null>;
  /** The value when it is a JSON number, else NULL. */
  numberOf(column: Json, name: string): RawBuilder<number | null>;
  /** The value as JSON text ('1', '"1"', 'true', 'null'); NULL when missing. */
  jsonOf(column: Json, name: string): RawBuilder<string | null>;
  /** JSON-typed equality with a scalar. */
  equals(column: Json, name: string, value: string | number | boolean): Condition;
  /** Case-insensitive substring test on string values. */
  containsText(column: Json, name: string, needle: string): Condition;
  /**
   * Case- and accent-insensitive substring test (lib/text/fold.ts) on any scalar value in the document, at any
   * depth (strings, numbers, booleans as their JSON text); keys never match.
   */
  anyValueContains(column: Json, needle: string): Condition;
  /** A text column's value as JSON text ('"US"'), NULL where the column is NULL: a built-in property's breakdown key. */
  columnJson(column: RawBuilder<string | null>): RawBuilder<string | null>;
  /** Case-insensitive substring test on a text column (NULL where the column is NULL). */
  columnContains(column: RawBuilder<string | null>, needle: string): Condition;
  /** A condition that is false (not NULL) where `condition` is NULL. */
  isTrue(condition: Condition): Condition;
  /**
   * Aggregate: the group's integers as "1,2,3", in `order` (else in the order
   * the rows come). Reading one row per
   * group instead of one per event is most of what makes funnels fast.
   */
  numberList(value: RawBuilder<number>, order?: RawBuilder<unknown>): RawBuilder<string>;
  /**
   * Aggregate: two integers a row, interleaved, as "a1,b1,a2,b2": numberList
   * of both at once, one aggregate and (with `order`) one sort per group
   * instead of two.
   */
  numberPairs(first: RawBuilder<number>, second: RawBuilder<number>, order?: RawBuilder<unknown>): RawBuilder<string>;
  /** Aggregate: the group's texts as a JSON array text, in `order` (else in the order the rows come). */
  textList(value: RawBuilder<string>, order?: RawBuilder<unknown>): RawBuilder<string>;
  /** Aggregate: the group's rows as a JSON array of arrays, [[v1, v2, ...], ...], in the order the rows come. */
  tupleList(values: RawBuilder<unknown>[]): RawBuilder<string>;
  /** A row source of these integers, for `x IN (...)`: one bound parameter, however many. */
  integersOf(values: number[]): RawBuilder<unknown>;
  /**
   * `events e`, read by (project, event, ts): for a subquery per time window.
   * SQLite has no statistics (the product never runs ANALYZE) and, left to
   * itself, scans a person's index there instead, 100 times slower. On
   * SQLite the index carries each event's properties too, so a breakdown or a
   * property filter reads no row.
   */
  eventsByNameAndTime: RawBuilder<unknown>;
  /**
   * `events e`, read by (project, event, ts) for each event's properties too
   * (a breakdown, a property filter, a property's math) over a range.
   * SQLite: eventsByNameAndTime, whose index carries the properties.
   * PostgreSQL: the events with under 250 characters of properties (99% of
   * the benchmark's) from a partial index that carries them, the others from
   * their rows, through a second partial index: two arms of one UNION ALL,
   * each condition spelled as in its index so the planner can prove it
   * (migration *_event_index_carries_small_properties).
   */
  eventsWithProperties: RawBuilder<unknown>;
  /**
   * `events e`, read by (project, ts): the same, for every event in a window.
   * On SQLite the index carries the event name and the Overview's lifted
   * columns too.
   */
  eventsByTime: RawBuilder<unknown>;
  /**
   * `events e`, read by (project, person, ts): one person's events in a
   * range, for reports that start from a cohort's members (membersFirst.ts).
   * The index carries the event name, so only matching events read a row.
   */
  eventsByPerson: RawBuilder<unknown>;
  /**
   * The `ids[k]` of the window [bounds[k], bounds[k + 1]) holding `ts`, for a
   * row already inside [bounds[0], bounds[last]): windows found per row, so
   * one read of a range (or of a cohort's members) serves every window.
   */
  windowOf(ts: RawBuilder<unknown>, bounds: number[], ids: number[]): RawBuilder<number>;
  /** `persons`, read by (project, last_seen): the index alone answers "ids seen since". */
  personsByLastSeen: RawBuilder<unknown>;
  /** median/p90 in SQL (percentile_cont), when the database has it. */
  percentile: ((value: RawBuilder<number | null>, fraction: number) => RawBuilder<number | null>) | null;
}

/**
 * A cheap first test on the whole document's JSON text, so that only documents
 * holding the needle somewhere (keys included) are walked value by value. JSON
 * text escapes quotes, backslashes and control characters, so a needle with any
 * of those gets no prefilter.
 */
function textPrefilter(found: RawBuilder<unknown>, lowered: string): RawBuilder<unknown> {
  return /["\\\u0000-\u001f]/.test(lowered) ? sql`` : sql`${found} AND`;
}

const sqliteTypeOf = (column: Json, name: string) =>
  sql<string | null>`(CASE json_type(${column}, ${sqliteJsonPath(name)})
    WHEN 'integer' THEN 'number' WHEN 'real' THEN 'number' WHEN 'text' THEN 'string'
    WHEN 'true' THEN 'boolean' WHEN 'false' THEN 'boolean' ELSE json_type(${column}, ${sqliteJsonPath(name)}) END)`;

/**
 * SQLite has no width_bucket: a binary search over the windows' starts as
 * nested CASEs, log2(windows) comparisons a row (a year of days: nine), of
 * windows lo..hi-1.
 */
function windowSearch(ts: RawBuilder<unknown>, bounds: number[], ids: number[], lo: number, hi: number): RawBuilder<number> {
  if (hi - lo === 1) return sql<number>`${ids[lo]}`;
  const middle = (lo + hi) >> 1;
  return sql<number>`(CASE WHEN ${ts} < ${bounds[middle]} THEN ${windowSearch(ts, bounds, ids, lo, middle)} ELSE ${windowSearch(ts, bounds, ids, middle, hi)} END)`;
}

/** SQLite's (project, event, ts, person) index, which also carries the properties. */
const sqliteEventsByNameAndTime = sql`events e INDEXED BY events_project_id_event_ts_person_id_idx`;

const sqlite: QueryDialect = {
  kind: "sqlite",
  typeOf: sqliteTypeOf,
  textOf: (column, name) => sql<string | null>`(${column} ->> ${sqliteJsonPath(name)})`,
  numberOf: (column, name) =>
    sql<number | null>`(CASE WHEN json_type(${column}, ${sqliteJsonPath(name)}) IN ('integer', 'real') THEN ${column} ->> ${sqliteJsonPath(name)} END)`,
  jsonOf: (column, name) => sql<string | null>`(${column} -> ${sqliteJsonPath(name)})`,
  equals(column, name, value) {
    const path = sqliteJsonPath(name);
    if (typeof value === "boolean") return sql`(json_type(${column}, ${path}) = ${value ? "true" : "false"})`;
    if (typeof value === "number") return sql`(json_type(${column}, ${path}) IN ('integer', 'real') AND ${column} ->> ${path} = ${value})`;
    return sql`(json_type(${column}, ${path}) = 'text' AND ${column} ->> ${path} = ${value})`;
  },
  // lower() in SQLite folds ASCII only; ct_lower (registered on the connection) folds like JavaScript.
  containsText: (column, name, needle) =>
    sql`(json_type(${column}, ${sqliteJsonPath(name)}) = 'text' AND instr(ct_lower(${column} ->> ${sqliteJsonPath(name)}), ${needle.toLowerCase()}) > 0)`,
  anyValueContains: (column, needle) => {
    const folded = foldForSearch(needle);
    return sql`(${textPrefilter(sql`instr(ct_fold(CAST(${column} AS TEXT)), ${folded}) > 0`, folded)} EXISTS (
      SELECT 1 FROM json_tree(${column}) t
      WHERE t.type IN ('text', 'integer', 'real', 'true', 'false')
        AND instr(ct_fold(CASE t.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(t.atom AS TEXT) END), ${folded}) > 0))`;
  },
  columnJson: (column) => sql<string | null>`(CASE WHEN ${column} IS NOT NULL THEN json_quote(${column}) END)`,
  columnContains: (column, needle) => sql`(instr(ct_lower(${column}), ${needle.toLowerCase()}) > 0)`,
  isTrue: (condition) => sql`coalesce(${condition}, 0)`,
  // Aggregate ORDER BY: SQLite 3.44 and later (better-sqlite3 bundles its own).
  numberList: (value, order) => (order ? sql<string>`group_concat(${value}, ',' ORDER BY ${order})` : sql<string>`group_concat(${value}, ',')`),
  numberPairs: (first, second, order) =>
    order
      ? sql<string>`group_concat((${first}) || ',' || (${second}), ',' ORDER BY ${order})`
      : sql<string>`group_concat((${first}) || ',' || (${second}), ',')`,
  // '' || strips the JSON subtype that -> gives a value, so it is kept as a string.
  textList: (value, order) =>
    order ? sql<string>`json_group_array(('' || ${value}) ORDER BY ${order})` : sql<string>`json_group_array('' || ${value})`,
  tupleList: (values) => sql<string>`json_group_array(json_array(${sql.join(values)}))`,
  integersOf: (values) => sql`SELECT value FROM json_each(${JSON.stringify(values)})`,
  eventsByNameAndTime: sqliteEventsByNameAndTime,
  eventsWithProperties: sqliteEventsByNameAndTime,
  eventsByTime: sql`events e INDEXED BY events_project_id_ts_person_id_idx`,
  eventsByPerson: sql`events e INDEXED BY events_project_id_person_id_ts_event_idx`,
  windowOf: (ts, bounds, ids) => windowSearch(ts, bounds, ids, 0, ids.length),
  personsByLastSeen: sql`persons INDEXED BY persons_project_id_last_seen_idx`,
  percentile: null,
};

const postgres: QueryDialect = {
  kind: "postgres",
  typeOf: (column, name) => sql<string | null>`jsonb_typeof(${column} -> ${name}::text)`,
  textOf: (column, name) => sql<string | null>`(${column} ->> ${name}::text)`,
  numberOf: (column, name) =>
    sql<number | null>`(CASE WHEN jsonb_typeof(${column} -> ${name}::text) = 'number' THEN (${column} ->> ${name}::text)::float8 END)`,
  jsonOf: (column, name) => sql<string | null>`((${column} -> ${name}::text)::text)`,
  // jsonb equality is typed (1 = 1.0, "1" <> 1), which is exactly the filter's meaning.
  equals: (column, name, value) => sql`((${column} -> ${name}::text) = ${JSON.stringify(value)}::jsonb)`,
  containsText: (column, name, needle) =>
    sql`(CASE WHEN jsonb_typeof(${column} -> ${name}::text) = 'string' THEN strpos(lower(${column} ->> ${name}::text), ${needle.toLowerCase()}::text) > 0 ELSE false END)`,
  anyValueContains: (column, needle) => {
    const folded = foldForSearch(needle);
    const fold = (text: RawBuilder<unknown>) => sql`lower(translate(${text}, ${FOLD_FROM}::text, ${FOLD_TO}::text))`;
    return sql`(${textPrefilter(sql`strpos(${fold(sql`${column}::text`)}, ${folded}::text) > 0`, folded)} EXISTS (
      SELECT 1 FROM jsonb_path_query(${column}, 'strict $.**') v
      WHERE jsonb_typeof(v) IN ('string', 'number', 'boolean') AND strpos(${fold(sql`v #>> '{}'`)}, ${folded}::text) > 0))`;
  },
  // to_jsonb of a text is a JSON string, escaped as jsonb prints the properties' strings.
  columnJson: (column) => sql<string | null>`(to_jsonb(${column})::text)`,
  columnContains: (column, needle) => sql`(strpos(lower(${column}), ${needle.toLowerCase()}::text) > 0)`,
  isTrue: (condition) => sql`coalesce(${condition}, false)`,
  numberList: (value, order) => (order ? sql<string>`string_agg((${value})::text, ',' ORDER BY ${order})` : sql<string>`string_agg((${value})::text, ',')`),
  numberPairs: (first, second, order) =>
    order
      ? sql<string>`string_agg((${first})::text || ',' || (${second})::text, ',' ORDER BY ${order})`
      : sql<string>`string_agg((${first})::text || ',' || (${second})::text, ',')`,
  textList: (value, order) => (order ? sql<string>`(json_agg(${value} ORDER BY ${order}))::text` : sql<string>`(json_agg(${value}))::text`),
  tupleList: (values) => sql<string>`(json_agg(json_build_array(${sql.join(values)})))::text`,
  integersOf: (values) => sql`SELECT unnest(${values}::bigint[])`,
  eventsByNameAndTime: sql`events e`,
  eventsWithProperties: sql`(SELECT * FROM events WHERE octet_length(properties::text) < 250
    UNION ALL SELECT * FROM events WHERE octet_length(properties::text) >= 250) e`,
  eventsByTime: sql`events e`,
  eventsByPerson: sql`events e`,
  windowOf: (ts, bounds, ids) => sql<number>`(${ids}::int[])[width_bucket(${ts}, ${bounds}::bigint[])]`,
  personsByLastSeen: sql`persons`,
  percentile: (value, fraction) => sql<number | null>`percentile_cont(${fraction}::float8) WITHIN GROUP (ORDER BY ${value})`,
};

export function queryDialect(kind: DatabaseKind): QueryDialect {
  return kind === "sqlite" ? sqlite : postgres;
}

/**
 * Time windows as a VALUES list, for `WITH b(i, window_start, window_end) AS (VALUES ...)`
 * joined to events by range: one index range per window. Typed casts, because
 * Postgres takes untyped parameters in VALUES as text.
 */
export function windowValues(windows: { i: number; start: number; end: number }[]): RawBuilder<unknown> {
  return sql.join(windows.map((w) => sql`(cast(${w.i} as integer), cast(${w.start} as bigint), cast(${w.end} as bigint))`));
}
