// GET /api/projects/{projectId}/cohorts/{cohortId}/members.csv: every member as
// CSV (public id, all distinct ids, properties as JSON), a page at a time so a
// large cohort streams with flat memory.
import { authorizeProject } from "@/lib/auth";
import { memberIdsPage } from "@/lib/cohorts";
import { handle } from "@/lib/http/respond";
import { reportContext } from "@/lib/query";
import { usersByPersonIds } from "@/lib/query/users";
import { csvLine, fileSlug } from "@/components/reports/trends/csv";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ projectId: string; cohortId: string }> };

const PAGE = 1000;

export async function GET(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const { projectId, cohortId } = await params;
    const access = await authorizeProject(request, projectId);
    const ctx = reportContext({ id: access.projectId, timezone: access.timezone });
    // The first page is read before answering, so an unknown cohort is a 404, not a broken download.
    const first = await memberIdsPage(access.projectId, cohortId, undefined, PAGE);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        try {
          controller.enqueue(encoder.encode(csvLine(["distinct_id", "distinct_ids", "first_seen", "last_seen", "properties"]) + "\r\n"));
          let page = first;
          for (;;) {
            const users = await usersByPersonIds(ctx, page.personIds);
            const lines = users.map((u) => csvLine([u.id, u.distinctIds.join(" "), u.firstSeen ?? "", u.lastSeen ?? "", JSON.stringify(u.properties)]) + "\r\n");
            if (lines.length) controller.enqueue(encoder.encode(lines.join("")));
            if (!page.nextCursor) break;
            page = await memberIdsPage(access.projectId, cohortId, page.nextCursor, PAGE);
          }
          controller.close();
        } catch (error) {
          console.error("[crumbtrail] cohort CSV export failed", error);
          controller.error(error);
        }
      },
    });
    return new Response(body, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${fileSlug(first.cohort.name)}-members.csv"`,
        "Cache-Control": "no-store",
      },
    });
  });
}
