// GET /api/projects/{projectId}/tracking-plan/violations?from&to[&event][&type]:
// each (event, property, type) seen between from and to, with its count, first
// and last seen and latest samples (API.md 7).
import { authorizeProject } from "@/lib/auth";
import { handle, json } from "@/lib/http/respond";
import { countQuarantined, parseViolationQuery, violations } from "@/lib/plan";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ projectId: string }> };

export async function GET(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const access = await authorizeProject(request, (await params).projectId);
    const filter = parseViolationQuery(new URL(request.url).searchParams);
    const [rows, quarantined] = await Promise.all([violations(access.projectId, filter), countQuarantined(access.projectId)]);
    return json(
      { violations: rows, from: new Date(filter.from).toISOString(), to: new Date(filter.to).toISOString(), quarantined },
      200,
      { "Cache-Control": "no-store" },
    );
  });
}
