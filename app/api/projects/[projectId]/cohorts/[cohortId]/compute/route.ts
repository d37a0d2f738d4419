// POST /api/projects/{projectId}/cohorts/{cohortId}/compute: recompute now and
// answer the new count (API.md 5). An optional {"asOf"} evaluates at an earlier instant.
import { authorizeProject } from "@/lib/auth";
import { computeCohort, computeSchema, parseOrThrow } from "@/lib/cohorts";
import { readCappedBody } from "@/lib/http/cappedBody";
import { ApiError } from "@/lib/http/errors";
import { handle, json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ projectId: string; cohortId: string }> };

export async function POST(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const { projectId, cohortId } = await params;
    const access = await authorizeProject(request, projectId, "manage_cohorts");
    const raw = (await readCappedBody(request, 4096)).toString("utf8").trim();
    let body: unknown = {};
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        throw new ApiError(400, "invalid_json", 'The body must be empty or {"asOf": "<ISO 8601>"}.');
      }
    }
    const { asOf } = parseOrThrow(computeSchema, body, "invalid_compute");
    const cohort = await computeCohort(access.projectId, cohortId, asOf);
    return json({ count: cohort.count, computedAt: cohort.computedAt, cohort });
  });
}
