// Filters as a form edits them (text in inputs) and as the query model wants
// them (typed values). Comparisons are typed, so each draft carries the type
// its value is read as: the catalog's type of the property by default.
import type { CohortFilter, Filter, FilterOperator } from "@/lib/query/model";
import { isCohortFilterLike, type FilterLike } from "./params";
import { NUMERIC_OPERATORS, OPERATORS, TEXT_OPERATORS, VALUELESS_OPERATORS, type PickerCatalog } from "./vocabulary";

export type ValueType = "string" | "number" | "boolean";

/** What a filter tests: an event's property, the person's property, or the person's cohort. */
export type FilterKind = "event" | "user" | "cohort";

export interface FilterDraft {
  key: string;
  /** The property's name; for a cohort filter, the cohort's id. */
  property: string;
  scope: FilterKind;
  op: FilterOperator;
  text: string;
  type: ValueType;
  /** Cohort filters: true for "not in cohort". */
  negate: boolean;
}

let counter = 0;
export function draftKey(): string {
  counter += 1;
  return `f${counter}`;
}

/** How a filter reads the value of a property of this catalog type. */
export function valueTypeOf(type: string | undefined): ValueType {
  return type === "number" ? "number" : type === "boolean" ? "boolean" : "string";
}

export function catalogType(catalog: PickerCatalog, scope: FilterKind, property: string): ValueType {
  const entry = scope === "user" ? catalog.userProperties.find((p) => p.name === property) : catalog.eventProperties.find((p) => p.name === property);
  return valueTypeOf(entry?.type);
}

export function newFilterDraft(scope: FilterKind = "event"): FilterDraft {
  return { key: draftKey(), property: "", scope, op: "eq", text: "", type: "string", negate: false };
}

export function draftFromFilter(filter: FilterLike, catalog: PickerCatalog): FilterDraft {
  if (isCohortFilterLike(filter)) return { ...newFilterDraft("cohort"), property: String(filter.cohort ?? ""), negate: filter.negate === true };
  const scope = filter.scope === "user" ? "user" : "event";
  const op = OPERATORS.includes(filter.op) ? filter.op : "eq";
  const value = filter.value;
  const first = Array.isArray(value) ? value[0] : value;
  const type: ValueType =
    first === undefined ? catalogType(catalog, scope, String(filter.property ?? "")) : typeof first === "number" ? "number" : typeof first === "boolean" ? "boolean" : "string";
  const text = value === undefined ? "" : Array.isArray(value) ? value.map(String).join(", ") : String(value);
  return { key: draftKey(), property: String(filter.property ?? ""), scope, op, text, type, negate: false };
}

function typed(text: string, type: ValueType): string | number | boolean | { error: string } {
  if (type === "number") {
    const n = Number(text.trim());
    return text.trim() !== "" && Number.isFinite(n) ? n : { error: `"${text}" is not a number` };
  }
  if (type === "boolean") {
    const t = text.trim().toLowerCase();
    return t === "true" ? true : t === "false" ? false : { error: "pick true or false" };
  }
  return text;
}

/** The model's filter, or a sentence saying what is missing. */
export function filterFromDraft(draft: FilterDraft): Filter | CohortFilter | { error: string } {
  if (draft.scope === "cohort") return draft.property ? { cohort: draft.property, negate: draft.negate } : { error: "choose a cohort" };
  if (!draft.property) return { error: "choose a property" };
  const base = { property: draft.property, scope: draft.scope, op: draft.op };
  if (VALUELESS_OPERATORS.includes(draft.op)) return base;
  if (NUMERIC_OPERATORS.includes(draft.op)) {
    const v = typed(draft.text, "number");
    return typeof v === "object" ? v : { ...base, value: v };
  }
  if (TEXT_OPERATORS.includes(draft.op)) {
    return draft.text === "" ? { error: "type the text to look for" } : { ...base, value: draft.text };
  }
  if (draft.op === "in") {
    const parts = draft.text
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean);
    if (!parts.length) return { error: "list one or more values, separated by commas" };
    const values: (string | number | boolean)[] = [];
    for (const part of parts) {
      const v = typed(part, draft.type);
      if (typeof v === "object") return v;
      values.push(v);
    }
    return { ...base, value: values };
  }
  const v = typed(draft.text, draft.type);
  return typeof v === "object" ? v : { ...base, value: v };
}

/** Every draft as a filter, or the first problem ("Filter 2: choose a property"). */
export function filtersFromDrafts(drafts: FilterDraft[], what = "Filter"): { filters: (Filter | CohortFilter)[]; error: string | null } {
  const filters: (Filter | CohortFilter)[] = [];
  for (const [i, draft] of drafts.entries()) {
    const result = filterFromDraft(draft);
    if ("error" in result) return { filters, error: `${what} ${i + 1}: ${result.error}.` };
    filters.push(result);
  }
  return { filters, error: null };
}
