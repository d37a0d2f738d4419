// Reading the JSON body of a read-API request (a report query): capped before a
// byte is parsed. request.json() reads whatever arrives: a 100 MB query body was
// read whole, and parsing and validating a 4 MB one took gigabytes.
import { ApiError } from "./errors";

/** The largest JSON body the read API takes: a report query is a few KB. */
export const MAX_QUERY_BODY_BYTES = 256 * 1024;

function tooLarge(maxBytes: number): ApiError {
  return new ApiError(413, "payload_too_large", `The request body is over ${Math.round(maxBytes / 1024)} KB.`, { maxBytes });
}

/** The body's bytes, refused with 413 as soon as it is known to be over `maxBytes` (declared length or bytes read). */
export async function readCappedBody(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks, size);
}

/** The parsed JSON body (at most `maxBytes`); 413 when larger, 400 invalid_json when not JSON. */
export async function readJsonRequest(request: Request, maxBytes = MAX_QUERY_BODY_BYTES, what = "one report"): Promise<unknown> {
  const raw = await readCappedBody(request, maxBytes);
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    throw new ApiError(400, "invalid_json", `The body must be ${what} as JSON.`);
  }
}
