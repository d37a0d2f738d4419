// Cohort filters and cohort breakdowns in the query model (API.md 5): what the
// schema takes and refuses, the SQL they compile to on both databases (bound
// parameters only), the slices of a cohort breakdown, the cohort ids a query
// names, and how the pages read and write them in the address.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, sql } from "kysely";
import { breakdownDraft, breakdownParam } from "../../components/reports/Pickers";
import { draftFromFilter, filterFromDraft, newFilterDraft } from "../../components/reports/filterDraft";
import type { PickerCatalog } from "../../components/reports/vocabulary";
import { ApiError } from "../../lib/http/errors";
import { cohortSlice, cohortSlices } from "../../lib/query/cohortSlices";
import { cohortIdsOf } from "../../lib/query/cohortsUsed";
import { compileWhere, EVENT_ROW_SOURCES, needsPersons, PERSON_ROW_SOURCES } from "../../lib/query/filters";
import { isCohortFilter, whereFilterSchema, type WhereFilter } from "../../lib/query/model";
import { filterValueCount, parseReport } from "../../lib/query/report";
import { queryDialect } from "../../lib/query/sqlDialect";
import { parseUsersQuery } from "../../lib/query/users";

const RANGE = { from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z" };
const trends = (extra: Record<string, unknown>) => ({ kind: "trends", ...RANGE, series: [{ event: "Viewed" }], ...extra });

function invalid(input: unknown): string {
  try {
    parseReport(input);
  } catch (error) {
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.status, 400);
    assert.equal(error.code, "invalid_query");
    return error.message;
  }
  assert.fail(`accepted ${JSON.stringify(input)}`);
}

const compilers = {
  sqlite: new Kysely<unknown>({
    dialect: { createAdapter: () => new SqliteAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (db) => new SqliteIntrospector(db), createQueryCompiler: () => new SqliteQueryCompiler() },
  }),
  postgres: new Kysely<unknown>({
    dialect: { createAdapter: () => new PostgresAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (db) => new PostgresIntrospector(db), createQueryCompiler: () => new PostgresQueryCompiler() },
  }),
};

describe("cohort filters in the query model", () => {
  test("a cohort filter beside property filters, negate defaulting to false", () => {
    const q = parseReport(trends({ where: [{ cohort: "c1" }, { cohort: "c2", negate: true }, { property: "plan", op: "eq", value: "pro" }] }));
    assert.deepEqual(q.where, [
      { cohort: "c1", negate: false },
      { cohort: "c2", negate: true },
      { property: "plan", scope: "event", op: "eq", value: "pro" },
    ]);
    assert.deepEqual(q.where.map((f) => isCohortFilter(f)), [true, true, false]);
  });

  test("every report kind and every where list takes them", () => {
    const where = [{ cohort: "c1", negate: true }];
    parseReport({ kind: "trends", ...RANGE, series: [{ event: "a", where }] });
    parseReport({ kind: "funnel", ...RANGE, steps: [{ event: "a", where }, { event: "b" }] });
    parseReport({ kind: "retention", ...RANGE, startEvent: "a", returnEvent: "b", where });
    parseReport({ kind: "paths", ...RANGE, where });
  });

  test("bad cohort filters name their own problem", () => {
    assert.match(invalid(trends({ where: [{ cohort: "" }] })), /^where\[0\]\.cohort must not be empty/);
    assert.match(invalid(trends({ where: [{ cohort: 7 }] })), /^where\[0\]\.cohort must be a cohort id/);
    assert.match(invalid(trends({ where: [{ cohort: "c", negate: "yes" }] })), /^where\[0\]\.negate must be true or false/);
    assert.match(invalid(trends({ where: [{ cohort: "c", op: "eq" }] })), /^where\[0\] .*"op"/);
    assert.match(invalid(trends({ where: [{ cohort: "x".repeat(101) }] })), /^where\[0\]\.cohort/);
  });

  test("a bad property filter still says what is wrong with it, not that some union failed", () => {
    assert.match(invalid(trends({ where: [{ property: "plan", op: "like", value: "x" }] })), /^where\[0\]\.op must be one of eq, neq/);
    assert.match(invalid(trends({ where: [{ property: "plan", op: "gt", value: "1" }] })), /^where\[0\]\.value must be a number for gt/);
    assert.match(invalid(trends({ series: [{ event: "a", where: [{ property: "", op: "is_set" }] }] })), /^series\[0\]\.where\[0\]\.property must not be empty/);
  });

  test("a cohort filter counts as one filter value", () => {
    assert.equal(filterValueCount(parseReport(trends({ where: [{ cohort: "c" }, { property: "p", op: "in", value: [1, 2, 3] }] }))), 4);
  });

  test("whereFilterSchema on its own", () => {
    assert.equal(whereFilterSchema.safeParse({ cohort: "c" }).success, true);
    assert.equal(whereFilterSchema.safeParse({ property: "p", op: "is_set" }).success, true);
    assert.equal(whereFilterSchema.safeParse("c").success, false);
    assert.equal(whereFilterSchema.safeParse(null).success, false);
  });
});

describe("cohort breakdowns in the query model", () => {
  test("trends and funnels take cohorts or a property; retention only cohorts; paths none", () => {
    const byCohorts = parseReport(trends({ breakdown: { cohorts: ["a", "b"] } }));
    assert.deepEqual(byCohorts.kind === "trends" && byCohorts.breakdown, { cohorts: ["a", "b"] });
    const funnel = parseReport({ kind: "funnel", ...RANGE, steps: [{ event: "a" }, { event: "b" }], breakdown: { cohorts: ["a"] } });
    assert.deepEqual(funnel.kind === "funnel" && funnel.breakdown, { cohorts: ["a"] });
    const retention = parseReport({ kind: "retention", ...RANGE, startEvent: "a", returnEvent: "b", breakdown: { cohorts: ["a"] } });
    assert.deepEqual(retention.kind === "retention" && retention.breakdown, { cohorts: ["a"] });
    assert.match(invalid({ kind: "retention", ...RANGE, startEvent: "a", returnEvent: "b", breakdown: { property: "plan" } }), /^breakdown/);
    const property = parseReport(trends({ breakdown: { property: "plan" } }));
    assert.deepEqual(property.kind === "trends" && property.breakdown, { property: "plan", scope: "event", limit: 10 });
  });

  test("bad cohort breakdowns are refused with a sentence", () => {
    assert.match(invalid(trends({ breakdown: { cohorts: [] } })), /^breakdown\.cohorts must list at least one cohort/);
    assert.match(invalid(trends({ breakdown: { cohorts: ["a", "a"] } })), /^breakdown\.cohorts must not list a cohort twice/);
    assert.match(invalid(trends({ breakdown: { cohorts: Array.from({ length: 11 }, (_, i) => `c${i}`) } })), /^breakdown\.cohorts must list at most 10 cohorts/);
    assert.match(invalid(trends({ breakdown: { cohorts: ["a"], property: "plan" } })), /^breakdown .*"property"/);
  });

  test("slices: each cohort's members, then $none, members of none", () => {
    assert.deepEqual(cohortSlices({ cohorts: ["a", "b"] }), [
      { value: "a", where: [{ cohort: "a", negate: false }] },
      { value: "b", where: [{ cohort: "b", negate: false }] },
      { value: "$none", where: [{ cohort: "a", negate: true }, { cohort: "b", negate: true }] },
    ]);
    assert.equal(cohortSlice({ cohorts: ["a"] }, "$none")?.where.length, 1);
    assert.equal(cohortSlice({ cohorts: ["a"] }, "zzz"), undefined);
  });

  test("the cohort ids a query names, each once, in order of mention", () => {
    const q = parseReport({
      kind: "funnel",
      ...RANGE,
      where: [{ cohort: "b" }],
      steps: [{ event: "a", where: [{ cohort: "a" }, { cohort: "b", negate: true }] }, { event: "b" }],
      breakdown: { cohorts: ["c", "a"] },
    });
    assert.ok(q.kind === "funnel");
    assert.deepEqual(cohortIdsOf({ filterLists: [q.where, ...q.steps.map((s) => s.where)], breakdown: q.breakdown }), ["b", "a", "c"]);
  });
});

describe("cohort filters in SQL", () => {
  const where: WhereFilter[] = [
    { cohort: "c'1; DROP TABLE events", negate: false },
    { cohort: "c2", negate: true },
  ];
  for (const kind of ["sqlite", "postgres"] as const) {
    test(`${kind}: the row's person IN the cohort's members (read once, uncorrelated), ids bound`, () => {
      const compiled = sql`SELECT 1 WHERE ${compileWhere(queryDialect(kind), where, EVENT_ROW_SOURCES)}`.compile(compilers[kind]);
      assert.ok(!compiled.sql.includes("DROP TABLE"), compiled.sql);
      assert.deepEqual(compiled.parameters, ["c'1; DROP TABLE events", "c2"]);
      assert.match(compiled.sql, /\("e"\."person_id" IN \(SELECT m\.person_id FROM cohort_members m WHERE m\.cohort_id = (\?|\$1)\)\)/);
      assert.match(compiled.sql, /\(NOT "e"\."person_id" IN \(SELECT m\.person_id FROM cohort_members m WHERE m\.cohort_id = (\?|\$2)\)\)/);
      const persons = sql`SELECT 1 WHERE ${compileWhere(queryDialect(kind), where, PERSON_ROW_SOURCES)}`.compile(compilers[kind]);
      assert.match(persons.sql, /"p"\."id" IN \(SELECT m\.person_id FROM cohort_members m/);
    });
  }

  test("cohort filters need no join of persons; user-scope property filters do", () => {
    assert.equal(needsPersons([{ cohort: "c", negate: false }]), false);
    assert.equal(needsPersons([{ cohort: "c", negate: false }, { property: "p", scope: "user", op: "is_set" }]), true);
  });
});

describe("the users list's cohort filters", () => {
  test("cohort filters stay cohort filters; property filters become user-scope", () => {
    const q = parseUsersQuery(new URLSearchParams({ where: JSON.stringify([{ cohort: "c", negate: true }, { property: "plan", op: "is_set" }]) }));
    assert.deepEqual(q.where, [
      { cohort: "c", negate: true },
      { property: "plan", scope: "user", op: "is_set" },
    ]);
  });
});

describe("cohorts in the pickers and the address", () => {
  const catalog: PickerCatalog = {
    projectId: "p",
    events: [],
    eventProperties: [],
    userProperties: [],
    more: { events: false, eventProperties: false, userProperties: false },
    cohorts: [{ id: "c1", name: "Buyers" }],
  };

  test("a cohort filter goes from the address to a draft and back", () => {
    for (const filter of [{ cohort: "c1", negate: false }, { cohort: "c1", negate: true }]) {
      const draft = draftFromFilter(filter, catalog);
      assert.equal(draft.scope, "cohort");
      assert.deepEqual(filterFromDraft(draft), filter);
    }
    assert.deepEqual(filterFromDraft(newFilterDraft("cohort")), { error: "choose a cohort" });
  });

  test("a breakdown by cohorts goes from the address to a draft and back; none chosen is no breakdown", () => {
    const draft = breakdownDraft({ cohorts: ["c1", "c2"] });
    assert.deepEqual(draft, { property: "", scope: "cohort", cohorts: ["c1", "c2"] });
    assert.equal(breakdownParam(draft), JSON.stringify({ cohorts: ["c1", "c2"] }));
    assert.equal(breakdownParam({ ...draft, cohorts: [] }), null);
    assert.equal(breakdownParam(breakdownDraft({ property: "plan", scope: "user" })), JSON.stringify({ property: "plan", scope: "user" }));
    assert.equal(breakdownParam(breakdownDraft(null)), null);
  });
});
