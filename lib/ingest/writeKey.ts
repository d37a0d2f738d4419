// Where a write key may come from, in API.md's order: Basic auth username,
// the X-Write-Key header, the writeKey query parameter, then the body's
// writeKey field. Every place but the body is read before the body is: a wrong
// key there is refused without reading or parsing a byte of it.
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

/** The key from the request line and headers (Basic auth, X-Write-Key, ?writeKey=), or null: the body is not looked at. */
export function writeKeyBeforeBody(request: Request): string | null {
  const fromHeaders = writeKeyFromHeaders(request.headers);
  if (fromHeaders) return fromHeaders;
  let query: string | null = null;
  try {
    query = new URL(request.url).searchParams.get("writeKey")?.trim() || null;
  } catch {
    query = null;
  }
  return query;
}

export function writeKeyFromBody(body: unknown): string | null {
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const key = (body as Record<string, unknown>).writeKey;
    if (typeof key === "string" && key.trim()) return key.trim();
  }
  return null;
}
