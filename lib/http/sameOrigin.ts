// CSRF: telling our own pages' requests from ones another site makes a browser send.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a cookie-authenticated request may change state: a safe method, or
 * an Origin naming the host the request reached (X-Forwarded-Host first, as a
 * reverse proxy sets it; the same rule Next applies to server actions). A
 * request without Origin is not from a browser page, so cannot be a forged one.
 */
export function isSameOriginRequest(request: Request): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return true;
  const origin = request.headers.get("origin");
  if (origin === null) return true;
  const host = (request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? "").split(",")[0].trim().toLowerCase();
  try {
    return origin !== "null" && new URL(origin).host.toLowerCase() === host;
  } catch {
    return false;
  }
}
