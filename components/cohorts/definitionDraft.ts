// A dynamic cohort's definition as the form edits it (text in inputs, a key
// per row for React) and as the API takes it (lib/cohorts/definition.ts). The
// client only builds the JSON: numbers it cannot read are sent as typed, so
// the server, which validates everything, names the problem at its place.
// Type-only imports from lib: safe in client bundles.
import type { Condition, CountOperator, Group } from "@/lib/cohorts/definition";
import type { Filter } from "@/lib/query/model";
import { draftFromFilter, draftKey, filterFromDraft, filtersFromDrafts, newFilterDraft, type FilterDraft } from "@/components/reports/filterDraft";
import type { PickerCatalog } from "@/components/reports/vocabulary";

export type GroupMode = "all" | "any";

/** What a condition row says; "did not" and "not in" are the negated performed and cohort conditions. */
export type LeafKind = "property" | "performed" | "not_performed" | "first_time" | "cohort" | "not_cohort";

export interface LeafDraft {
  key: string;
  kind: LeafKind;
  /** property: the person property filter (scope user). */
  filter: FilterDraft;
  event: string;
  countOp: CountOperator;
  countValue: string;
  withinDays: string;
  where: FilterDraft[];
  cohortId: string;
  /** For property and first_time rows: the condition must not hold. */
  negate: boolean;
}

export interface GroupDraft {
  key: string;
  mode: GroupMode;
  entries: EntryDraft[];
}

export type EntryDraft = LeafDraft | GroupDraft;

/** How deep the form lets groups nest (the top group is 1); the API allows more. */
export const FORM_MAX_DEPTH = 3;

export function isGroupDraft(entry: EntryDraft): entry is GroupDraft {
  return "entries" in entry;
}

export function newLeaf(kind: LeafKind = "performed"): LeafDraft {
  return {
    key: draftKey(),
    kind,
    filter: newFilterDraft("user"),
    event: "",
    countOp: "gte",
    countValue: "1",
    withinDays: "30",
    where: [],
    cohortId: "",
    negate: false,
  };
}

export function newGroup(mode: GroupMode = "all", entries: EntryDraft[] = [newLeaf()]): GroupDraft {
  return { key: draftKey(), mode, entries };
}

/** A row switched to another kind keeps what it can (the event, the window). */
export function withKind(leaf: LeafDraft, kind: LeafKind): LeafDraft {
  return { ...leaf, kind, negate: kind === "property" || kind === "first_time" ? leaf.negate : false };
}

function leafFromCondition(condition: Exclude<Condition, Group>, catalog: PickerCatalog): LeafDraft {
  const base = newLeaf();
  switch (condition.type) {
    case "property":
      return {
        ...base,
        kind: "property",
        filter: draftFromFilter({ property: condition.property, op: condition.op, value: condition.value, scope: "user" }, catalog),
        negate: condition.negate,
      };
    case "performed":
      return {
        ...base,
        kind: condition.negate ? "not_performed" : "performed",
        event: condition.event,
        countOp: condition.count.op,
        countValue: String(condition.count.value),
        withinDays: String(condition.withinDays),
        where: condition.where.map((f) => draftFromFilter(f, catalog)),
      };
    case "first_time":
      return { ...base, kind: "first_time", event: condition.event, withinDays: String(condition.withinDays), negate: condition.negate };
    case "cohort":
      return { ...base, kind: condition.negate ? "not_cohort" : "cohort", cohortId: condition.cohortId };
  }
}

/** A saved definition, ready to edit. */
export function draftFromMatch(match: Group, catalog: PickerCatalog): GroupDraft {
  const mode: GroupMode = "all" in match ? "all" : "any";
  const entries = "all" in match ? match.all : match.any;
  return {
    key: draftKey(),
    mode,
    entries: entries.map((c) => ("all" in c || "any" in c ? draftFromMatch(c, catalog) : leafFromCondition(c, catalog))),
  };
}

/** A problem at a place of the definition: the API's path ("match.all.0.event") cut to the row it belongs to. */
export interface DefinitionError {
  /** "match.all.0" for a row, "match.all.1.any" for a group, "match" for the whole. */
  path: string;
  message: string;
}

/** A whole number as typed, or the text itself so the server says what is wrong with it. */
function numberOrText(text: string): number | string {
  const trimmed = text.trim();
  const n = Number(trimmed);
  return trimmed !== "" && Number.isFinite(n) ? n : trimmed;
}

function leafJson(leaf: LeafDraft, path: string, errors: DefinitionError[]): Record<string, unknown> {
  switch (leaf.kind) {
    case "property": {
      const filter = filterFromDraft(leaf.filter);
      if ("error" in filter || "cohort" in filter) {
        // A cohort's own conditions name other cohorts with the "in cohort" condition, not a filter.
        errors.push({ path, message: "error" in filter ? `Person property: ${filter.error}.` : "Person property: choose a property." });
        return { type: "property", property: leaf.filter.property, op: leaf.filter.op, negate: leaf.negate };
      }
      return { type: "property", property: filter.property, op: filter.op, ...("value" in filter ? { value: filter.value } : {}), negate: leaf.negate };
    }
    case "performed":
    case "not_performed": {
      const where = filtersFromDrafts(leaf.where, "Filter");
      if (where.error) errors.push({ path, message: where.error });
      const filters = where.filters.filter((f): f is Filter => !("cohort" in f));
      if (filters.length < where.filters.length) errors.push({ path, message: "Event filters test properties; use an “in cohort” condition for cohorts." });
      return {
        type: "performed",
        event: leaf.event,
        ...(filters.length ? { where: filters } : {}),
        // "Did not" is "did it at least once" negated: no count to choose.
        ...(leaf.kind === "performed" ? { count: { op: leaf.countOp, value: numberOrText(leaf.countValue) } } : {}),
        withinDays: numberOrText(leaf.withinDays),
        negate: leaf.kind === "not_performed",
      };
    }
    case "first_time":
      return { type: "first_time", event: leaf.event, withinDays: numberOrText(leaf.withinDays), negate: leaf.negate };
    case "cohort":
    case "not_cohort":
      if (!leaf.cohortId) errors.push({ path, message: "Choose a cohort." });
      return { type: "cohort", cohortId: leaf.cohortId, negate: leaf.kind === "not_cohort" };
  }
}

/** The `match` JSON of the API, and what the client already knows is missing (each at its path). */
export function matchFromDraft(group: GroupDraft, path = "match"): { match: Record<string, unknown>; errors: DefinitionError[] } {
  const errors: DefinitionError[] = [];
  const entries = group.entries.map((entry, i) => {
    const at = `${path}.${group.mode}.${i}`;
    if (isGroupDraft(entry)) {
      const nested = matchFromDraft(entry, at);
      errors.push(...nested.errors);
      return nested.match;
    }
    return leafJson(entry, at, errors);
  });
  return { match: { [group.mode]: entries }, errors };
}

/**
 * The API's 400 message split into the path it starts with and the rest:
 * "match.all.0.withinDays must be at least 1" → a row's error. Messages about
 * the whole definition (a cycle, an unknown cohort) have no path: "match".
 */
export function definitionErrorOf(message: string): DefinitionError | null {
  const found = /^(match(?:\.[A-Za-z0-9_]+)*) (.+)$/.exec(message);
  if (!found) return null;
  const steps = found[1].split(".");
  // Cut the path after the deepest group index: match.all.0.where.1.value → match.all.0
  let cut = 1;
  for (let i = 1; i + 1 < steps.length; i += 2) {
    if ((steps[i] === "all" || steps[i] === "any") && /^\d+$/.test(steps[i + 1])) cut = i + 2;
    else break;
  }
  const rest = steps.slice(cut).join(".");
  return { path: steps.slice(0, cut).join("."), message: `${rest ? `${rest} ` : ""}${found[2]}` };
}
