// A breakdown by cohorts (API.md 5) as slices of persons: one per cohort (its
// members; a person in two cohorts is in both slices), then NO_COHORT (members
// of none). Each slice is a list of cohort filters a report adds to its
// `where`, so a sliced report is the plain report filtered, exact by the same
// code; the filters are person-level, so on every event of a person they agree.
import { NO_COHORT, type CohortBreakdown, type CohortFilter } from "./model";

export interface CohortSlice {
  /** The slice's breakdownValue: a cohort id, or NO_COHORT. */
  value: string;
  where: CohortFilter[];
}

export function cohortSlices(breakdown: CohortBreakdown): CohortSlice[] {
  return [
    ...breakdown.cohorts.map((id) => ({ value: id, where: [{ cohort: id, negate: false }] })),
    { value: NO_COHORT, where: breakdown.cohorts.map((id) => ({ cohort: id, negate: true })) },
  ];
}

/** The slice whose breakdownValue is `value`; undefined when the breakdown has none such. */
export function cohortSlice(breakdown: CohortBreakdown, value: unknown): CohortSlice | undefined {
  return cohortSlices(breakdown).find((slice) => slice.value === value);
}
