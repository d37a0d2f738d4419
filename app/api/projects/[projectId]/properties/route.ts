// GET /api/projects/{projectId}/properties: the catalog of events, event
// properties and user properties (API.md section 3). With ?property=NAME&scope=
// event|user it answers that property's top values instead.
import { authorizeProject } from "@/lib/auth";
import { ApiError } from "@/lib/http/errors";
import { handle, json } from "@/lib/http/respond";
import { reportContext } from "@/lib/query";
import { catalog, topValues } from "@/lib/query/properties";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  return handle(async () => {
    const access = await authorizeProject(request, (await params).projectId);
    const ctx = reportContext({ id: access.projectId, timezone: access.timezone });
    const search = new URL(request.url).searchParams;
    const property = search.get("property");
    if (property !== null) {
      const scope = search.get("scope") ?? "event";
      if (!property || property.length > 400 || (scope !== "event" && scope !== "user")) {
        throw new ApiError(400, "invalid_query", "property must be a name and scope event or user.");
      }
      return json({ property, scope, values: await topValues(ctx, scope, property) }, 200, { "Cache-Control": "no-store" });
    }
    return json(await catalog(ctx), 200, { "Cache-Control": "no-store" });
  });
}
