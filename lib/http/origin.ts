import { headers } from "next/headers";

/**
 * The host a request reached: X-Forwarded-Host first, as a reverse proxy sets
 * it (its first entry when proxies chained), else Host. Lower case; null when
 * neither header is there.
 */
export function reachedHost(h: Headers): string | null {
  const host = (h.get("x-forwarded-host") ?? h.get("host"))?.split(",")[0].trim().toLowerCase();
  return host || null;
}

/** The origin the visitor reached us at, for snippets they will paste elsewhere. */
export async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = reachedHost(h) ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto")?.split(",")[0].trim() ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}
