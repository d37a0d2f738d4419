// CSRF: telling our own pages' requests from ones another site makes a browser send.
import { reachedHost } from "./origin";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a cookie-authenticated request may change state: a safe method, or
 * an Origin naming the host the request reached (reachedHost: the same rule
 * Next applies to server actions). A request without Origin is not from a
 * browser page, so cannot be a forged one.
 */
export function isSameOriginRequest(request: Request): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return true;
  const origin = request.headers.get("origin");
  if (origin === null) return true;
  const host = reachedHost(request.headers);
  try {
    return origin !== "null" && host !== null && new URL(origin).host.toLowerCase() === host;
  } catch {
    return false;
  }
}
