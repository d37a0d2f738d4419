// Mixpanel's ingestion API under /mixpanel (API.md 2.5): mixpanel-browser
// `api_host` = <server>/mixpanel; the Node library `host` + `path: "/mixpanel"`.
// GET (data= in the query) and POST (form, JSON or sendBeacon text/plain).
import { credentialedCorsHeaders, credentialedPreflight } from "@/lib/http/cors";
import { mixpanelProtocol } from "@/lib/http/vendors/mixpanel";
import { ingestVendorRequest } from "@/lib/http/vendorRoute";
import type { MixpanelEndpoint } from "@/lib/ingest/vendors/mixpanel";

type Context = { params: Promise<{ path: string[] }> };

const ENDPOINTS: ReadonlySet<string> = new Set<MixpanelEndpoint>(["track", "import", "engage", "groups"]);
const protocols = new Map([...ENDPOINTS].map((endpoint) => [endpoint, mixpanelProtocol(endpoint as MixpanelEndpoint)]));

async function route(request: Request, context: Context): Promise<Response> {
  const path = (await context.params).path.filter(Boolean).join("/");
  const protocol = protocols.get(path);
  if (protocol) return ingestVendorRequest(request, protocol);
  return new Response("0", { status: 404, headers: { ...credentialedCorsHeaders(request), "Content-Type": "text/plain; charset=utf-8" } });
}

export const GET = route;
export const POST = route;
export const OPTIONS = credentialedPreflight;
