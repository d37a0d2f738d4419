// GET /api/projects/{projectId}/experiments: the project's experiments; POST creates one (API.md 6).
import { authorizeProject } from "@/lib/auth";
import { createExperiment, listExperiments, parseOrThrow } from "@/lib/experiments";
import { createExperimentSchema } from "@/lib/experiments/definition";
import { readJsonRequest } from "@/lib/http/jsonBody";
import { handle, json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ projectId: string }> };

export async function GET(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const access = await authorizeProject(request, (await params).projectId);
    return json({ experiments: await listExperiments(access.projectId) }, 200, { "Cache-Control": "no-store" });
  });
}

export async function POST(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const access = await authorizeProject(request, (await params).projectId, "manage_experiments");
    const input = parseOrThrow(createExperimentSchema, await readJsonRequest(request, undefined, "an experiment"));
    return json({ experiment: await createExperiment(access.projectId, access.userId, input) }, 201);
  });
}
