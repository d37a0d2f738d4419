// GET /api/projects/{projectId}/tracking-plan/test?step=A&step=B&since[&distinctId|&testSession]:
// "Test your tracking" (API.md 7): each step with the first event that
// performed it since `since` (from that person, or carrying that browser's
// $test_session), and the plan violations of this test's messages.
import { authorizeProject } from "@/lib/auth";
import { handle, json } from "@/lib/http/respond";
import { parseTestRunQuery, runTrackingTest } from "@/lib/plan/testRun";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ projectId: string }> };

export async function GET(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const access = await authorizeProject(request, (await params).projectId);
    const query = parseTestRunQuery(new URL(request.url).searchParams);
    return json(await runTrackingTest({ id: access.projectId, timezone: access.timezone }, query), 200, { "Cache-Control": "no-store" });
  });
}
