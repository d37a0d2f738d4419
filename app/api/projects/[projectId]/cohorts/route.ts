// GET /api/projects/{projectId}/cohorts: the project's cohorts; POST creates one
// and computes it (API.md 5).
import { authorizeProject } from "@/lib/auth";
import { createCohort, createCohortSchema, listCohorts, parseOrThrow } from "@/lib/cohorts";
import { distinctIdsFromCsv, MAX_LIST_BYTES } from "@/lib/cohorts/lists";
import { readJsonRequest } from "@/lib/http/jsonBody";
import { handle, json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ projectId: string }> };

export async function GET(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const access = await authorizeProject(request, (await params).projectId);
    return json({ cohorts: await listCohorts(access.projectId) }, 200, { "Cache-Control": "no-store" });
  });
}

export async function POST(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const access = await authorizeProject(request, (await params).projectId, "manage_cohorts");
    const input = parseOrThrow(createCohortSchema, await readJsonRequest(request, MAX_LIST_BYTES, "a cohort"));
    const listed = input.kind === "static" && input.csv ? distinctIdsFromCsv(input.csv) : [];
    return json({ cohort: await createCohort(access.projectId, access.userId, input, listed) }, 201);
  });
}
