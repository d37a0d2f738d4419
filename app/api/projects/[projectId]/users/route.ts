// GET /api/projects/{projectId}/users?search&limit&cursor&sort&order&where (API.md section 3).
import { authorizeProject } from "@/lib/auth";
import { handle, json } from "@/lib/http/respond";
import { reportContext } from "@/lib/query";
import { listUsers, parseUsersQuery } from "@/lib/query/users";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  return handle(async () => {
    const access = await authorizeProject(request, (await params).projectId);
    const query = parseUsersQuery(new URL(request.url).searchParams);
    return json(await listUsers(reportContext({ id: access.projectId, timezone: access.timezone }), query), 200, { "Cache-Control": "no-store" });
  });
}
