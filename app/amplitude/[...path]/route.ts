// Amplitude's HTTP V2 and Batch APIs under /amplitude (API.md 2.5): the SDKs'
// `serverUrl` = <server>/amplitude/2/httpapi (or /amplitude/batch).
import { credentialedCorsHeaders, credentialedPreflight } from "@/lib/http/cors";
import { amplitudeProtocol } from "@/lib/http/vendors/amplitude";
import { ingestVendorRequest } from "@/lib/http/vendorRoute";

type Context = { params: Promise<{ path: string[] }> };

const ROUTES = new Set(["2/httpapi", "batch"]);

async function route(request: Request, context: Context): Promise<Response> {
  const path = (await context.params).path.filter(Boolean).join("/");
  if (request.method === "POST" && ROUTES.has(path)) return ingestVendorRequest(request, amplitudeProtocol);
  return Response.json(
    { code: 404, error: `There is no Amplitude route /amplitude/${path}; send events to /amplitude/2/httpapi or /amplitude/batch.` },
    { status: 404, headers: credentialedCorsHeaders(request) },
  );
}

export const GET = route;
export const POST = route;
export const OPTIONS = credentialedPreflight;
