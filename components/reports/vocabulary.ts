// Human words for the report model's vocabulary (lib/query/model.ts). Records
// keyed by the model's own unions, so a new operator or math fails the type
// check here until it has a label. Type-only imports: safe in client bundles.
import type { FilterOperator, SeriesMath } from "@/lib/query/model";

export const OPERATOR_LABELS: Record<FilterOperator, string> = {
  eq: "equals",
  neq: "does not equal",
  contains: "contains",
  not_contains: "does not contain",
  gt: "greater than",
  gte: "at least",
  lt: "less than",
  lte: "at most",
  in: "is one of",
  is_set: "is set",
  is_not_set: "is not set",
};

export const OPERATORS = Object.keys(OPERATOR_LABELS) as FilterOperator[];
export const NUMERIC_OPERATORS: readonly FilterOperator[] = ["gt", "gte", "lt", "lte"];
export const TEXT_OPERATORS: readonly FilterOperator[] = ["contains", "not_contains"];
export const VALUELESS_OPERATORS: readonly FilterOperator[] = ["is_set", "is_not_set"];

export const MATH_LABELS: Record<SeriesMath, { label: string; needsProperty: boolean }> = {
  total: { label: "Total events", needsProperty: false },
  unique_users: { label: "Unique users", needsProperty: false },
  sum: { label: "Sum of property", needsProperty: true },
  avg: { label: "Average of property", needsProperty: true },
  min: { label: "Minimum of property", needsProperty: true },
  max: { label: "Maximum of property", needsProperty: true },
  median: { label: "Median of property", needsProperty: true },
  p90: { label: "90th percentile of property", needsProperty: true },
};

export const MATHS = Object.keys(MATH_LABELS) as SeriesMath[];

export function isMath(value: unknown): value is SeriesMath {
  return typeof value === "string" && Object.hasOwn(MATH_LABELS, value);
}

export const INTERVAL_LABELS = { hour: "Hour", day: "Day", week: "Week", month: "Month" } as const;
export type ReportInterval = keyof typeof INTERVAL_LABELS;

export function isInterval(value: unknown): value is ReportInterval {
  return typeof value === "string" && Object.hasOwn(INTERVAL_LABELS, value);
}

/**
 * The events and properties a picker offers: the most sent of the catalog,
 * trimmed for the browser. `more` says which lists go on past what the page
 * holds: those pickers search the properties API as the user types.
 */
export interface PickerCatalog {
  projectId: string;
  events: string[];
  eventProperties: { name: string; type: string; events: string[] }[];
  userProperties: { name: string; type: string }[];
  more: { events: boolean; eventProperties: boolean; userProperties: boolean };
  /** The project's cohorts, for cohort filters and breakdowns. */
  cohorts: PickerCohort[];
}

export interface PickerCohort {
  id: string;
  name: string;
}

/** Names per list a report page ships (the rest are searched); events listed with each property. */
export const PICKER_SEED = { limit: 100, eventsPerProperty: 20 } as const;

export function pickerCatalog(
  projectId: string,
  full: {
    events: { name: string }[];
    eventProperties: { name: string; type: string; events: string[] }[];
    userProperties: { name: string; type: string }[];
    more: PickerCatalog["more"];
    cohorts?: PickerCohort[];
  },
): PickerCatalog {
  return {
    projectId,
    events: full.events.map((e) => e.name),
    eventProperties: full.eventProperties.map((p) => ({ name: p.name, type: p.type, events: p.events })),
    userProperties: full.userProperties.map((p) => ({ name: p.name, type: p.type })),
    more: full.more,
    cohorts: (full.cohorts ?? []).map((c) => ({ id: c.id, name: c.name })),
  };
}
