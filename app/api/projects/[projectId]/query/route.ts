// POST /api/projects/{projectId}/query: one report (API.md 3.1).
import { authorizeProject } from "@/lib/auth";
import { ApiError } from "@/lib/http/errors";
import { handle, json } from "@/lib/http/respond";
import { reportContext, runReport } from "@/lib/query";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  return handle(async () => {
    const { projectId } = await params;
    const access = await authorizeProject(request, projectId);
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      throw new ApiError(400, "invalid_json", "The body must be one report as JSON.");
    }
    // request.signal aborts when the client goes away: the report stops too (lib/query/limits.ts).
    const result = await runReport(reportContext({ id: access.projectId, timezone: access.timezone }, request.signal), body);
    return json(result, 200, { "Cache-Control": "no-store" });
  });
}
