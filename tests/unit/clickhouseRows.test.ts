// Events and distinct ids of the Prisma database as ClickHouse rows (lib/store/clickhouse/rows.ts).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseClickHouseUrl, serverError } from "../../lib/store/clickhouse/client";
import { distinctIdRowFor, eventRowFor, jsonObject, propertyArrays, RowError, type SourceEvent } from "../../lib/store/clickhouse/rows";
import { LIFTED_COLUMNS } from "../../lib/store/clickhouse/schema";

const base: SourceEvent = {
  id: 42,
  project_id: "proj",
  event: "Paid",
  ts: 1_733_000_000_123,
  received_at: 1_733_000_000_456,
  distinct_id: "anon-1",
  person_id: 7,
  message_id: "m-1",
  properties: '{"price":19.99,"currency":"EUR","tags":["a","b"],"gift":false,"note":null,"it\'s":"x\\"y"}',
  context: '{"page":{"url":"https://shop.example/"}}',
  url: "https://shop.example/",
  path: "/",
  country: "DE",
  city: null,
};

describe("ClickHouse rows", () => {
  test("an SQLite event row keeps its JSON text byte for byte and gets the key/value arrays", () => {
    const row = eventRowFor(base);
    assert.equal(row.properties, base.properties);
    assert.equal(row.context, base.context);
    assert.deepEqual(row.property_keys, ["price", "currency", "tags", "gift", "note", "it's"]);
    assert.deepEqual(row.property_values, ["19.99", '"EUR"', '["a","b"]', "false", "null", '"x\\"y"']);
    // Each value is read back exactly as JSON.
    const object = JSON.parse(base.properties as string);
    row.property_keys.forEach((key, i) => assert.deepEqual(JSON.parse(row.property_values[i]), object[key]));
    assert.equal(row.event_id, 42);
    assert.equal(row.ts, 1_733_000_000_123);
    assert.equal(row.received_at, 1_733_000_000_456);
    assert.equal(row.person_id, 7);
    assert.equal(row.url, "https://shop.example/");
    assert.equal(row.city, null);
    // Every lifted column is present, null when the source has none.
    for (const column of LIFTED_COLUMNS) assert.ok(column in row, column);
    assert.equal(row.utm_source, null);
  });

  test("a PostgreSQL row (jsonb arrives parsed, BIGINT maybe as text) maps the same", () => {
    const row = eventRowFor({ ...base, id: "42", ts: "1733000000123", person_id: 7n, properties: { a: 1, b: "two" }, context: {} });
    assert.equal(row.event_id, 42);
    assert.equal(row.ts, 1_733_000_000_123);
    assert.equal(row.person_id, 7);
    assert.equal(row.properties, '{"a":1,"b":"two"}');
    assert.deepEqual(row.property_values, ["1", '"two"']);
    assert.equal(row.context, "{}");
  });

  test("unreadable or non-object JSON is {}, as lib/query reads it", () => {
    assert.deepEqual(jsonObject("not json"), { text: "{}", object: {} });
    assert.deepEqual(jsonObject("[1,2]"), { text: "{}", object: {} });
    assert.deepEqual(jsonObject(null), { text: "{}", object: {} });
    assert.deepEqual(propertyArrays({ a: undefined, b: 1 }), { keys: ["b"], values: ["1"] });
  });

  test("ids and times must be non-negative safe integers", () => {
    assert.throws(() => eventRowFor({ ...base, ts: -1 }), RowError);
    assert.throws(() => eventRowFor({ ...base, id: "12abc" }), RowError);
    assert.throws(() => eventRowFor({ ...base, person_id: 2 ** 60 }), RowError);
  });

  test("distinct id rows carry the version that orders re-pointings", () => {
    assert.deepEqual(distinctIdRowFor({ project_id: "p", distinct_id: "u", person_id: "9", is_user_id: 1 }, 1_733_000_000_000), {
      project_id: "p",
      distinct_id: "u",
      person_id: 9,
      is_user_id: 1,
      version: 1_733_000_000_000,
    });
    assert.equal(distinctIdRowFor({ project_id: "p", distinct_id: "a", person_id: 9, is_user_id: false }, 1).is_user_id, 0);
    assert.equal(distinctIdRowFor({ project_id: "p", distinct_id: "a", person_id: 9, is_user_id: true }, 1).is_user_id, 1);
  });

  test("CLICKHOUSE_URL is parsed with its credentials and database", () => {
    assert.deepEqual(parseClickHouseUrl("http://writer:p%40ss@ch.internal:8123/analytics"), {
      origin: "http://ch.internal:8123",
      user: "writer",
      password: "p@ss",
      database: "analytics",
    });
    assert.deepEqual(parseClickHouseUrl("http://127.0.0.1:8123"), { origin: "http://127.0.0.1:8123", user: "default", password: "", database: "default" });
    assert.throws(() => parseClickHouseUrl("ftp://x/y"), /http/);
    assert.throws(() => parseClickHouseUrl("http://x/bad-name"), /letters, digits/);
    assert.throws(() => parseClickHouseUrl("nonsense"), /not a URL/);
  });

  test("a ClickHouse error answer becomes its code and sentence", () => {
    const error = serverError(404, "Code: 60, e.displayText() = DB::Exception: Table crumbtrail.nope doesn't exist., e.what() = DB::Exception\n");
    assert.equal(error.code, 60);
    assert.equal(error.kind, "server");
    assert.equal(error.message, "ClickHouse: Table crumbtrail.nope doesn't exist.");
    // Current releases word it differently.
    const modern = serverError(404, "Code: 60. DB::Exception: Table crumbtrail.nope does not exist. (UNKNOWN_TABLE) (version 24.3.1.1)\n");
    assert.equal(modern.code, 60);
    assert.equal(modern.message, "ClickHouse: Table crumbtrail.nope does not exist. (UNKNOWN_TABLE)");
  });
});
