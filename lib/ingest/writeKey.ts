// Where a write key may come from, in API.md's order: Basic auth username,
// the X-Write-Key header, then the body's writeKey field.
export function writeKeyFromHeaders(headers: Headers): string | null {
  const authorization = headers.get("authorization");
  if (authorization?.toLowerCase().startsWith("basic ")) {
    const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
    const username = decoded.split(":")[0]?.trim();
    if (username) return username;
  }
  const header = headers.get("x-write-key")?.trim();
  return header || null;
}

export function writeKeyFromBody(body: unknown): string | null {
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const key = (body as Record<string, unknown>).writeKey;
    if (typeof key === "string" && key.trim()) return key.trim();
  }
  return null;
}
