// POST /api/projects/{projectId}/query: one report (API.md 3.1).
import { authorizeProject } from "@/lib/auth";
import { readJsonRequest } from "@/lib/http/jsonBody";
import { handle, json } from "@/lib/http/respond";
import { reportContext, runReport } from "@/lib/query";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  return handle(async () => {
    const { projectId } = await params;
    const access = await authorizeProject(request, projectId);
    // Capped (256 KB): a report query is a few KB, and reading and parsing an unbounded body was the attack.
    const body = await readJsonRequest(request);
    // request.signal aborts when the client goes away: the report stops too (lib/query/limits.ts).
    const result = await runReport(reportContext({ id: access.projectId, timezone: access.timezone }, request.signal), body);
    return json(result, 200, { "Cache-Control": "no-store" });
  });
}
