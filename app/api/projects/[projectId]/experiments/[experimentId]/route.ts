// GET, PATCH, DELETE /api/projects/{projectId}/experiments/{experimentId} (API.md 6).
import { authorizeProject } from "@/lib/auth";
import { deleteExperiment, getExperiment, parseOrThrow, updateExperiment } from "@/lib/experiments";
import { updateExperimentSchema } from "@/lib/experiments/definition";
import { readJsonRequest } from "@/lib/http/jsonBody";
import { handle, json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ projectId: string; experimentId: string }> };

export async function GET(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const { projectId, experimentId } = await params;
    const access = await authorizeProject(request, projectId);
    return json({ experiment: await getExperiment(access.projectId, experimentId) }, 200, { "Cache-Control": "no-store" });
  });
}

export async function PATCH(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const { projectId, experimentId } = await params;
    const access = await authorizeProject(request, projectId, "manage_experiments");
    const input = parseOrThrow(updateExperimentSchema, await readJsonRequest(request, undefined, "the experiment's changes"));
    return json({ experiment: await updateExperiment(access.projectId, experimentId, input) });
  });
}

export async function DELETE(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const { projectId, experimentId } = await params;
    const access = await authorizeProject(request, projectId, "manage_experiments");
    await deleteExperiment(access.projectId, experimentId);
    return json({ deleted: true });
  });
}
