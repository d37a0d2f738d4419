// Ingestion routes are called from any web page (write keys are public).
export const INGEST_CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST, OPTIONS",
  "Access-Control-Allow-Headers": "Authorization, Content-Type, Content-Encoding, X-Write-Key",
  "Access-Control-Max-Age": "86400",
};

export function preflight(): Response {
  return new Response(null, { status: 204, headers: INGEST_CORS_HEADERS });
}

/**
 * The vendor SDKs' routes (API.md 2.5): PostHog's and Mixpanel's browser
 * libraries send credentials, and a browser refuses `*` with credentials, so
 * the request's own Origin and requested headers are echoed back.
 */
export function credentialedCorsHeaders(request: Request): Record<string, string> {
  const origin = request.headers.get("origin");
  return {
    "Access-Control-Allow-Origin": origin || "*",
    ...(origin ? { "Access-Control-Allow-Credentials": "true", Vary: "Origin" } : {}),
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers":
      request.headers.get("access-control-request-headers") || "Authorization, Content-Type, Content-Encoding, X-Write-Key",
    "Access-Control-Max-Age": "86400",
  };
}

export function credentialedPreflight(request: Request): Response {
  return new Response(null, { status: 204, headers: credentialedCorsHeaders(request) });
}
