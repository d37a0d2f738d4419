// Where to send someone after sign-in or sign-up: only somewhere on this site
// (no open redirects). A prefix check is not enough: browsers drop tabs and
// newlines from addresses (`/\t/evil.example` becomes `//evil.example`), read
// `\` as `/`, and collapse `/./` segments, so the value is resolved the way a
// browser would and the result must stay on our origin.

/** Any C0 control character or DEL: never part of a path we hand out (and a 500 in a Location header). */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Stands in for the app's origin when the caller does not know it: only relative paths resolve onto it. */
const PLACEHOLDER_ORIGIN = "http://crumbtrail.invalid";

/**
 * A same-origin path (path, query and fragment) for `value`, or `fallback`.
 * `origin` is the app's own origin (e.g. next-auth's baseUrl); absolute URLs are
 * accepted only when they point at it. Without it, only relative paths pass.
 */
export function safeReturnPath(value: unknown, fallback = "/projects", origin?: string): string {
  if (typeof value !== "string" || !value || value.length > 2048) return fallback;
  if (CONTROL_CHARACTERS.test(value) || value.includes("\\")) return fallback;
  let base: URL;
  let resolved: URL;
  try {
    base = new URL(origin ?? PLACEHOLDER_ORIGIN);
    resolved = new URL(value, base);
  } catch {
    return fallback;
  }
  if (resolved.origin !== base.origin) return fallback;
  // Only paths and our own absolute URLs; not "projects" or "?x" relative to wherever the browser is.
  if (!value.startsWith("/") && !value.toLowerCase().startsWith(base.origin.toLowerCase())) return fallback;
  const path = resolved.pathname + resolved.search + resolved.hash;
  // "/.//evil.example" normalizes to "//evil.example": as a relative address that is another host.
  if (!path.startsWith("/") || path.startsWith("//")) return fallback;
  return path;
}
