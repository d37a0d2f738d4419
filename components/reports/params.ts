// Reading a report's spec from the address. Every page keeps its whole report
// in the search params so a link reproduces it; structured parts (series,
// filters, steps, breakdown) are JSON, the rest plain words.
import type { Filter } from "@/lib/query/model";

export type SearchParams = Record<string, string | string[] | undefined>;

/** One value per name (the first, if repeated). */
export function flatParams(params: SearchParams): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(params)) out[key] = Array.isArray(value) ? value[0] : value;
  return out;
}

export class SpecProblem extends Error {}

/** JSON from a search param, or `fallback` when absent; SpecProblem when it does not parse. */
export function jsonParam<T>(params: Record<string, string | undefined>, name: string, fallback: T): T {
  const text = params[name];
  if (text === undefined || text === "") return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new SpecProblem(`The "${name}" part of this address is not valid JSON; fix it or start over from the menu.`);
  }
}

export interface PropertyFilterLike {
  property: string;
  scope?: "event" | "user";
  op: Filter["op"];
  value?: Filter["value"];
}

/** Membership of a cohort (negate: not a member). */
export interface CohortFilterLike {
  cohort: string;
  negate?: boolean;
}

/** A filter as the address has it: sent to the query as it is, so the model names any problem. */
export type FilterLike = PropertyFilterLike | CohortFilterLike;

export function isCohortFilterLike(filter: FilterLike): filter is CohortFilterLike {
  return typeof filter === "object" && filter !== null && "cohort" in filter;
}

/** A breakdown by a property, or by cohorts (one series per cohort plus "$none"). */
export interface BreakdownLike {
  property?: string;
  scope?: "event" | "user";
  cohorts?: string[];
}

/** An address for `path` with `params` (empty values left out). */
export function hrefWith(path: string, params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined && value !== "") search.set(key, String(value));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
