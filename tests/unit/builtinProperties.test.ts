// The registry of built-in properties ($country -> the events table's country
// column) and how filters compile them: the column, never the name a user typed.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, sql } from "kysely";
import { messageSchema } from "../../lib/ingest/message";
import { normalizeMessage } from "../../lib/ingest/normalize";
import { BUILTIN_PROPERTIES, builtinFor, builtinProperty } from "../../lib/query/builtinProperties";
import { compileFilter, EVENT_ROW_SOURCES, propertyValue, type PropertySources } from "../../lib/query/filters";
import { filterSchema } from "../../lib/query/model";
import { queryDialect } from "../../lib/query/sqlDialect";

const compilers = {
  sqlite: new Kysely<Record<string, never>>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  }),
  postgres: new Kysely<Record<string, never>>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  }),
};

const SOURCES: PropertySources = EVENT_ROW_SOURCES;

function compiled(kind: "sqlite" | "postgres", filter: unknown, sources: PropertySources = SOURCES) {
  const condition = compileFilter(queryDialect(kind), filterSchema.parse(filter), sources);
  return sql`SELECT 1 WHERE ${condition}`.compile(compilers[kind]);
}

const snake = (camel: string) => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

describe("built-in properties", () => {
  test("every name is a $ name, a label and a column of its own", () => {
    const names = BUILTIN_PROPERTIES.map((p) => p.name);
    const columns = BUILTIN_PROPERTIES.map((p) => p.column);
    assert.equal(new Set(names).size, names.length, "a name twice");
    assert.equal(new Set(columns).size, columns.length, "a column twice");
    for (const p of BUILTIN_PROPERTIES) {
      assert.match(p.name, /^\$[a-z_]+$/, p.name);
      assert.ok(p.label.trim() && p.label !== p.name, `${p.name} has no label`);
      assert.equal(p.type, "string");
    }
    assert.deepEqual(builtinProperty("$country"), BUILTIN_PROPERTIES.find((p) => p.column === "country"));
    assert.equal(builtinProperty("$browser")?.label, "Browser");
    assert.equal(builtinProperty("$pathname")?.column, "path");
    assert.equal(builtinProperty("$lib")?.column, "library_name");
  });

  test("every column ingestion lifts is a built-in, but city, which nothing fills", () => {
    const lifted = Object.keys(normalizeMessage(messageSchema.parse({ anonymousId: "a", event: "x" }), 0).columns).map(snake);
    const offered = new Set<string>(BUILTIN_PROPERTIES.map((p) => p.column));
    assert.deepEqual(lifted.filter((column) => !offered.has(column)), ["city"]);
    for (const column of offered) assert.ok(lifted.includes(column), `${column} is not a lifted column`);
  });

  test("other names are not built-ins: custom names, case variants, prototype keys, user scope", () => {
    for (const name of ["country", "$Country", "$country ", "$city", "constructor", "__proto__", "toString", "$", ""]) {
      assert.equal(builtinProperty(name), null, name);
    }
    assert.equal(builtinFor("user", "$country"), null);
    assert.equal(builtinFor("event", "$country")?.column, "country");
  });

  for (const kind of ["sqlite", "postgres"] as const) {
    test(`${kind}: a built-in filter reads its column, with the value bound`, () => {
      const eq = compiled(kind, { property: "$country", op: "eq", value: "DE' OR 1=1 --" });
      assert.match(eq.sql, /"e"\."country" = (\?|\$1)/);
      assert.doesNotMatch(eq.sql, /properties|\$country|DE'/);
      assert.deepEqual(eq.parameters, ["DE' OR 1=1 --"]);

      const set = compiled(kind, { property: "$utm_source", op: "is_set" });
      assert.match(set.sql, /"e"\."utm_source" IS NOT NULL/);
      assert.deepEqual(set.parameters, []);

      // Text columns: a number equals nothing and no numeric comparison holds, as for a JSON string.
      for (const filter of [
        { property: "$browser_version", op: "eq", value: 120 },
        { property: "$browser_version", op: "gt", value: 1 },
      ]) {
        const c = compiled(kind, filter);
        assert.match(c.sql, /\(1 = 0\)/, JSON.stringify(filter));
        assert.doesNotMatch(c.sql, /browser_version|properties/);
      }
    });

    test(`${kind}: user scope, and statements without an event row, read the JSON property of that name`, () => {
      const user = compiled(kind, { property: "$country", scope: "user", op: "eq", value: "DE" });
      assert.match(user.sql, /"p"\."properties"/);
      assert.doesNotMatch(user.sql, /"country"/);
      assert.ok(user.parameters.some((p) => typeof p === "string" && p.includes("$country")), "the name is a parameter");

      const noRow = compiled(kind, { property: "$country", op: "eq", value: "DE" }, { ...SOURCES, eventRow: null });
      assert.match(noRow.sql, /"e"\."properties"/);
      assert.doesNotMatch(noRow.sql, /"country"/);
    });

    test(`${kind}: a built-in breakdown key is the column's value as JSON text`, () => {
      const key = propertyValue(queryDialect(kind), SOURCES, "event", "$browser").json;
      const { sql: text } = sql`SELECT ${key}`.compile(compilers[kind]);
      assert.match(text, kind === "sqlite" ? /json_quote\("e"\."browser"\)/ : /to_jsonb\("e"\."browser"\)::text/);
    });
  }
});
