// A board filter in words, for a tile's "obeys" line.
import type { WhereFilter } from "@/lib/query/model";
import { OPERATOR_LABELS } from "@/components/reports/vocabulary";

export function filterText(filter: WhereFilter, cohortNames: Map<string, string> = new Map()): string {
  if ("cohort" in filter) return `${filter.negate ? "not in" : "in"} cohort ${cohortNames.get(filter.cohort) ?? filter.cohort}`;
  const value = filter.value === undefined ? "" : ` ${Array.isArray(filter.value) ? filter.value.join(", ") : String(filter.value)}`;
  return `${filter.scope === "user" ? "user " : ""}${filter.property} ${OPERATOR_LABELS[filter.op]}${value}`;
}
