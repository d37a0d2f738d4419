/** Only same-site paths may be returned to after sign-in (no open redirects). */
export function safeReturnPath(value: string | null | undefined, fallback = "/projects"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}
