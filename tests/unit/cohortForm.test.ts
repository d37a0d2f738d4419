// The cohort form's side of a definition (components/cohorts/definitionDraft.ts):
// the JSON it builds passes the API's own schema, a saved definition comes back
// into the form unchanged, and the API's 400 messages land on the row they name.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { matchSchema, type Group } from "../../lib/cohorts/definition";
import { definitionErrorOf, draftFromMatch, matchFromDraft, newGroup, newLeaf } from "../../components/cohorts/definitionDraft";
import type { PickerCatalog } from "../../components/reports/vocabulary";

const catalog: PickerCatalog = {
  projectId: "p",
  events: ["Purchase"],
  eventProperties: [{ name: "price", type: "number", events: ["Purchase"] }],
  userProperties: [{ name: "plan", type: "string" }, { name: "age", type: "number" }],
  more: { events: false, eventProperties: false, userProperties: false },
  cohorts: [],
};

const saved: Group = {
  all: [
    { type: "property", property: "plan", op: "eq", value: "pro", negate: false },
    { type: "performed", event: "Purchase", where: [{ property: "price", op: "gte", value: 10, scope: "event" }], count: { op: "gte", value: 2 }, withinDays: 30, negate: false },
    { type: "performed", event: "Cancel", where: [], count: { op: "gte", value: 1 }, withinDays: 90, negate: true },
    { any: [{ type: "first_time", event: "Signed Up", withinDays: 7, negate: false }, { type: "cohort", cohortId: "c1", negate: true }] },
  ],
};

describe("cohort form drafts", () => {
  test("a saved definition comes back from the form as the same definition", () => {
    const { match, errors } = matchFromDraft(draftFromMatch(saved, catalog));
    assert.deepEqual(errors, []);
    assert.deepEqual(matchSchema.parse(match), matchSchema.parse(saved));
  });

  test("numbers typed are sent as numbers; what is not a number is sent as typed for the server to name", () => {
    const leaf = { ...newLeaf("performed"), event: "Purchase", countValue: " 3 ", withinDays: "a week" };
    const { match } = matchFromDraft(newGroup("any", [leaf]));
    assert.deepEqual(match, { any: [{ type: "performed", event: "Purchase", count: { op: "gte", value: 3 }, withinDays: "a week", negate: false }] });
    const parsed = matchSchema.safeParse(match);
    assert.equal(parsed.success, false);
    assert.deepEqual(parsed.error?.issues[0].path, ["any", 0, "withinDays"]);
  });

  test("what the client can tell is missing is said at the row", () => {
    const group = newGroup("all", [newLeaf("performed"), newGroup("any", [newLeaf("property"), newLeaf("cohort")])]);
    const { errors } = matchFromDraft(group);
    assert.deepEqual(
      errors.map((e) => e.path),
      ["match.all.1.any.0", "match.all.1.any.1"],
    );
  });

  test("the API's messages are cut to the row or group they are about", () => {
    assert.deepEqual(definitionErrorOf("match.all.0.withinDays must be at least 1"), { path: "match.all.0", message: "withinDays must be at least 1" });
    assert.deepEqual(definitionErrorOf("match.all.1.any.0.where.0.value must be a number"), { path: "match.all.1.any.0", message: "where.0.value must be a number" });
    assert.deepEqual(definitionErrorOf("match.all.2.any must hold at least one condition"), { path: "match.all.2", message: "any must hold at least one condition" });
    assert.deepEqual(definitionErrorOf("match must be a group: {all: [...]} or {any: [...]}"), { path: "match", message: "must be a group: {all: [...]} or {any: [...]}" });
    assert.equal(definitionErrorOf("name must not be empty"), null);
  });
});
