// GET /api/projects/{projectId}/users/{distinctId}/export: everything stored
// about one person (their profile and every event of all their distinct ids) as
// one JSON file download, for access requests. Streamed, never held whole.
import { authorizeProject } from "@/lib/auth";
import { ApiError } from "@/lib/http/errors";
import { handle } from "@/lib/http/respond";
import { reportContext } from "@/lib/query";
import { personExport } from "@/lib/query/personExport";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ projectId: string; distinctId: string }> };

/** An ASCII fallback file name, and the exact one for browsers that read filename*. */
function attachment(distinctId: string): string {
  const base = `crumbtrail-user-${distinctId}`.slice(0, 120);
  const ascii = base.replace(/[^A-Za-z0-9._-]+/g, "_");
  return `attachment; filename="${ascii}.json"; filename*=UTF-8''${encodeURIComponent(base)}.json`;
}

export async function GET(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const { projectId, distinctId } = await params;
    // Reading a person's data is what view_reports already allows (profile and
    // events API); a secret key may export too (API.md section 1).
    const access = await authorizeProject(request, projectId);
    const found = await personExport(reportContext({ id: access.projectId, timezone: access.timezone }), { id: access.projectId, name: access.name }, distinctId);
    if (!found) throw new ApiError(404, "user_not_found", "No person in this project has that distinct id.");
    const encoder = new TextEncoder();
    const { chunks } = found;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (error) {
          // Headers are gone already: all that is left is to cut the download short
          // (the client sees invalid JSON, never a document that looks complete).
          console.error("[crumbtrail] person export failed", error);
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    });
    return new Response(body, {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": attachment(distinctId),
        "Cache-Control": "no-store",
      },
    });
  });
}
