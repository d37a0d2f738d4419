// The cohorts a report reads (its cohort filters and cohort breakdown): checked
// to be the project's own before the report runs, and named in its answer with
// the computation whose membership it used (API.md 5: "Reports use membership
// as of computedAt").
import { connections } from "../db";
import { ApiError } from "../http/errors";
import { isCohortBreakdown, isCohortFilter, type ReportBreakdown, type WhereFilter } from "./model";

/** A cohort as a report used it: the membership stored by its computation at `computedAt` (null: never computed, no members). */
export interface CohortUsed {
  id: string;
  name: string;
  computedAt: string | null;
  count: number;
}

/** The parts of a query that may name cohorts: every `where` list (its own, its series' or steps'), and its breakdown. */
export interface NamesCohorts {
  filterLists: WhereFilter[][];
  breakdown?: ReportBreakdown;
}

/** Every cohort id the query names, in order of first mention. */
export function cohortIdsOf(query: NamesCohorts): string[] {
  const ids: string[] = [];
  for (const list of query.filterLists) for (const filter of list) if (isCohortFilter(filter)) ids.push(filter.cohort);
  if (query.breakdown && isCohortBreakdown(query.breakdown)) ids.push(...query.breakdown.cohorts);
  return [...new Set(ids)];
}

/**
 * The cohorts of `ids`, in that order, each the project's own; 400
 * unknown_cohort naming the first that is not (unknown, deleted, or another
 * project's: the same answer, so no other project's ids can be probed).
 */
export async function resolveCohorts(projectId: string, ids: string[]): Promise<CohortUsed[]> {
  if (!ids.length) return [];
  const rows = await connections().prisma.cohort.findMany({
    where: { projectId, id: { in: ids } },
    select: { id: true, name: true, computedAt: true, count: true },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) throw new ApiError(400, "unknown_cohort", `This project has no cohort "${id}".`, { cohort: id });
    return { id: row.id, name: row.name, computedAt: row.computedAt?.toISOString() ?? null, count: row.count };
  });
}

/** resolveCohorts for every cohort the query names. */
export function cohortsOfQuery(projectId: string, query: NamesCohorts): Promise<CohortUsed[]> {
  return resolveCohorts(projectId, cohortIdsOf(query));
}
