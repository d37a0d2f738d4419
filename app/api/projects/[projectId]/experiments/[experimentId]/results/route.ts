// GET /api/projects/{projectId}/experiments/{experimentId}/results (API.md 6).
import { authorizeProject } from "@/lib/auth";
import { getExperiment } from "@/lib/experiments";
import { experimentResults } from "@/lib/experiments/results";
import { handle, json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ projectId: string; experimentId: string }> };

export async function GET(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const { projectId, experimentId } = await params;
    const access = await authorizeProject(request, projectId);
    const experiment = await getExperiment(access.projectId, experimentId);
    const results = await experimentResults({ id: access.projectId, timezone: access.timezone }, experiment);
    return json({ experiment, ...results }, 200, { "Cache-Control": "no-store" });
  });
}
