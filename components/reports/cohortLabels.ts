// How a cohort breakdown's values read on a report: a cohort's name instead of
// its id, and "$none" as the persons in none of them.
import type { CohortUsed } from "@/lib/query/cohortsUsed";
import { NO_COHORT } from "@/lib/query/model";
import { displayValue } from "./format";

export const NO_COHORT_LABEL = "In none of these cohorts";

/**
 * A label for breakdown values: with `cohorts` (the answer's cohortsUsed, when
 * the breakdown was by cohorts) ids read as names; otherwise displayValue.
 */
export function breakdownValueLabel(cohorts: CohortUsed[] | null): (value: unknown) => string {
  if (!cohorts) return displayValue;
  const names = new Map(cohorts.map((c) => [c.id, c.name]));
  return (value) => (value === NO_COHORT ? NO_COHORT_LABEL : typeof value === "string" && names.has(value) ? names.get(value)! : displayValue(value));
}
