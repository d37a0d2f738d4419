// GET /api/projects/{projectId}/experiments/sample-size?baseline=0.1&mde=0.05 (API.md 6):
// persons per variant to detect a relative change `mde` of a conversion rate `baseline`.
import { authorizeProject } from "@/lib/auth";
import { parseOrThrow } from "@/lib/experiments";
import { sampleSizeQuerySchema } from "@/lib/experiments/definition";
import { sampleSize } from "@/lib/experiments/statistics";
import { handle, json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ projectId: string }> };

export async function GET(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    await authorizeProject(request, (await params).projectId);
    const query = parseOrThrow(sampleSizeQuerySchema, Object.fromEntries(new URL(request.url).searchParams), "invalid_query");
    return json({ baseline: query.baseline, mde: query.mde, alpha: 0.05, power: 0.8, perVariant: sampleSize(query.baseline, query.mde) });
  });
}
