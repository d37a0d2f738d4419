// GET /sourceConfig/: what rudder-analytics-js loads at startup (API.md 2.5):
// one enabled source and no destinations, so nothing reaches RudderStack.
import { credentialedCorsHeaders, credentialedPreflight } from "@/lib/http/cors";
import { handle, json } from "@/lib/http/respond";
import { rudderStackSourceConfig } from "@/lib/http/vendors/segment";
import { resolveProject } from "@/lib/ingest";
import { writeKeyBeforeBody } from "@/lib/ingest/writeKey";

export async function GET(request: Request): Promise<Response> {
  const headers = credentialedCorsHeaders(request);
  return handle(async () => {
    const project = await resolveProject(writeKeyBeforeBody(request));
    return json(rudderStackSourceConfig(project.id), 200, headers);
  }, headers);
}

export const OPTIONS = credentialedPreflight;
