// GET /api/projects/{projectId}/events: JSON pages, or every match as NDJSON
// when asked with Accept: application/x-ndjson (API.md section 3).
import { authorizeProject } from "@/lib/auth";
import { handle, json } from "@/lib/http/respond";
import { listEvents, parseEventsQuery, streamEvents } from "@/lib/query";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  return handle(async () => {
    const { projectId } = await params;
    const access = await authorizeProject(request, projectId);
    const query = parseEventsQuery(new URL(request.url).searchParams);

    if (request.headers.get("accept")?.includes("application/x-ndjson")) {
      const encoder = new TextEncoder();
      const events = streamEvents(access.projectId, query);
      const body = new ReadableStream<Uint8Array>({
        // streamEvents gives the event loop a turn between pages of rows, so a long
        // export never holds health checks and ingestion (lib/query/events.ts).
        async pull(controller) {
          try {
            const next = await events.next();
            if (next.done) controller.close();
            else controller.enqueue(encoder.encode(JSON.stringify(next.value) + "\n"));
          } catch (error) {
            // Headers are gone: cut the stream short rather than end it as if complete.
            console.error("[crumbtrail] events export failed", error);
            controller.error(error);
          }
        },
        async cancel() {
          await events.return(undefined);
        },
      });
      return new Response(body, { headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "Cache-Control": "no-store" } });
    }
    return json(await listEvents(access.projectId, query), 200, { "Cache-Control": "no-store" });
  });
}
