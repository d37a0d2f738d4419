// POST /api/projects/{projectId}/tracking-plan/quarantine/replay: stores what
// the plan now allows of the blocked messages, once each by messageId, and
// takes them out of the quarantine (API.md 7).
import { authorizeProject } from "@/lib/auth";
import { handle, json } from "@/lib/http/respond";
import { replayQuarantine } from "@/lib/plan";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ projectId: string }> };

export async function POST(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const access = await authorizeProject(request, (await params).projectId, "manage_tracking_plan");
    return json(await replayQuarantine(access.projectId));
  });
}
