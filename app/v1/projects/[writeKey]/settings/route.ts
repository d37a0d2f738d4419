// GET /v1/projects/{writeKey}/settings: what @segment/analytics-next loads at
// startup with `cdnURL` = this server (API.md 2.5): send everything here.
import { credentialedCorsHeaders, credentialedPreflight } from "@/lib/http/cors";
import { handle, json } from "@/lib/http/respond";
import { segmentSettings } from "@/lib/http/vendors/segment";
import { resolveProject } from "@/lib/ingest";

type Params = { params: Promise<{ writeKey: string }> };

export async function GET(request: Request, { params }: Params): Promise<Response> {
  const headers = credentialedCorsHeaders(request);
  return handle(async () => {
    const { writeKey } = await params;
    await resolveProject(writeKey);
    return json(segmentSettings(writeKey, request.url, request.headers), 200, headers);
  }, headers);
}

export const OPTIONS = credentialedPreflight;
