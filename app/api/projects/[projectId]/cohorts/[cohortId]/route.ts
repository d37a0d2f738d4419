// GET, PATCH, DELETE /api/projects/{projectId}/cohorts/{cohortId} (API.md 5).
// A PATCH that changes the definition recomputes the cohort.
import { authorizeProject } from "@/lib/auth";
import { deleteCohort, getCohort, parseOrThrow, updateCohort, updateCohortSchema } from "@/lib/cohorts";
import { readJsonRequest } from "@/lib/http/jsonBody";
import { handle, json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ projectId: string; cohortId: string }> };

export async function GET(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const { projectId, cohortId } = await params;
    const access = await authorizeProject(request, projectId);
    return json({ cohort: await getCohort(access.projectId, cohortId) }, 200, { "Cache-Control": "no-store" });
  });
}

export async function PATCH(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const { projectId, cohortId } = await params;
    const access = await authorizeProject(request, projectId, "manage_cohorts");
    const input = parseOrThrow(updateCohortSchema, await readJsonRequest(request, undefined, "the cohort's changes"));
    return json({ cohort: await updateCohort(access.projectId, cohortId, input) });
  });
}

export async function DELETE(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const { projectId, cohortId } = await params;
    const access = await authorizeProject(request, projectId, "manage_cohorts");
    await deleteCohort(access.projectId, cohortId);
    return json({ deleted: true });
  });
}
