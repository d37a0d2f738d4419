// PostHog's API under /posthog (API.md 2.5): posthog-js `api_host` and
// posthog-node `host` = <server>/posthog. Trailing slashes are answered as they
// come (next.config.js skipTrailingSlashRedirect): a redirected POST loses its body.
import { credentialedCorsHeaders, credentialedPreflight } from "@/lib/http/cors";
import { posthogCapture, posthogConfigScript, POSTHOG_REMOTE_CONFIG } from "@/lib/http/vendors/posthog";
import { posthogFlagsAnswer } from "@/lib/http/vendors/posthogFlags";
import { ingestVendorRequest } from "@/lib/http/vendorRoute";

type Context = { params: Promise<{ path: string[] }> };

const CAPTURE = new Set(["e", "batch", "capture", "track", "engage", "i/v0/e"]);
const FLAGS = new Set(["flags", "decide"]);

function notFound(request: Request, route: string): Response {
  return Response.json(
    { type: "invalid_request", code: "not_found", detail: `There is no PostHog route /posthog/${route}; Crumbtrail takes capture (/e/, /batch/, /capture/, /i/v0/e/), /flags/ and /array/{token}/config.` },
    { status: 404, headers: credentialedCorsHeaders(request) },
  );
}

async function route(request: Request, context: Context): Promise<Response> {
  const path = (await context.params).path.filter(Boolean).join("/");
  if (request.method === "POST" && CAPTURE.has(path)) return ingestVendorRequest(request, posthogCapture);
  if (FLAGS.has(path)) return Response.json(await posthogFlagsAnswer(request), { headers: credentialedCorsHeaders(request) });
  const config = /^array\/([^/]+)\/(config|config\.js)$/.exec(path);
  if (config && request.method === "GET") {
    if (config[2] === "config") return Response.json(POSTHOG_REMOTE_CONFIG, { headers: credentialedCorsHeaders(request) });
    return new Response(posthogConfigScript(config[1]), {
      headers: { ...credentialedCorsHeaders(request), "Content-Type": "application/javascript; charset=utf-8" },
    });
  }
  return notFound(request, path);
}

export const GET = route;
export const POST = route;
export const OPTIONS = credentialedPreflight;
