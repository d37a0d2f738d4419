// /api/projects/{projectId}/cohorts/{cohortId}/destinations (API.md 5): GET the
// cohort's webhook destinations with their latest deliveries; POST {"url",
// "secret"} adds one, which receives every member at once.
import { authorizeProject } from "@/lib/auth";
import { parseOrThrow } from "@/lib/cohorts";
import { createDestination, destinationSchema, listDestinations } from "@/lib/cohorts/sync";
import { readJsonRequest } from "@/lib/http/jsonBody";
import { handle, json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ projectId: string; cohortId: string }> };

export async function GET(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const { projectId, cohortId } = await params;
    const access = await authorizeProject(request, projectId);
    return json({ destinations: await listDestinations(access.projectId, cohortId) }, 200, { "Cache-Control": "no-store" });
  });
}

export async function POST(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const { projectId, cohortId } = await params;
    const access = await authorizeProject(request, projectId, "manage_cohorts");
    const input = parseOrThrow(destinationSchema, await readJsonRequest(request, 16 * 1024, "a destination"), "invalid_destination");
    return json({ destination: await createDestination(access.projectId, cohortId, access.userId, input) }, 201);
  });
}
