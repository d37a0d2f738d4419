// Searching a cohort's members: the members page's search box (API.md 5,
// `GET …/members?q=`). The same match as the users list's search (a property
// value or a distinct id containing the text), among the cohort's members only,
// paged by person id like the unsearched list.
import { sql } from "kysely";
import type { ReportContext } from "./context";
import { personMatches } from "./users";

export async function searchCohortMemberPage(
  ctx: Pick<ReportContext, "db" | "dialect" | "projectId">,
  cohortId: string,
  text: string,
  afterPersonId: number,
  limit: number,
): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    SELECT p.id FROM cohort_members m JOIN persons p ON p.id = m.person_id
    WHERE m.cohort_id = ${cohortId} AND p.project_id = ${ctx.projectId} AND m.person_id > ${afterPersonId}
      AND ${personMatches(ctx.dialect, text)}
    ORDER BY m.person_id
    LIMIT ${limit}`.execute(ctx.db);
  return rows.map((r) => Number(r.id));
}
