// Reads an ingestion request's body: size-capped, gzip inflated (by header or by
// magic bytes), parsed as JSON whatever the content type says, so
// navigator.sendBeacon's text/plain works.
import zlib from "node:zlib";
import { ApiError } from "../http/errors";
import { payloadTooLarge, readCappedBody } from "../http/cappedBody";
import { MAX_BODY_BYTES, MAX_BODY_DEPTH, MAX_JSON_DEPTH } from "./limits";

function isGzip(request: Request, raw: Buffer): boolean {
  const encoding = request.headers.get("content-encoding")?.toLowerCase() ?? "";
  return encoding.includes("gzip") || (raw.length > 2 && raw[0] === 0x1f && raw[1] === 0x8b);
}

function inflate(raw: Buffer): Buffer {
  try {
    return zlib.gunzipSync(raw, { maxOutputLength: MAX_BODY_BYTES });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw payloadTooLarge(MAX_BODY_BYTES);
    throw new ApiError(415, "unreadable_body", "The body says it is gzip but could not be inflated.");
  }
}

/**
 * JSON text with every \u0000 escape turned into \uFFFD. PostgreSQL's text and
 * jsonb cannot hold U+0000 at all, so a NUL in any string or key (the only way
 * one can arrive in valid JSON is this escape) becomes the replacement character
 * on every database alike. An escaped backslash before "u0000" is left alone.
 */
export function withoutNul(text: string): string {
  return text.includes("\\u0000") ? text.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, "$1\\uFFFD") : text;
}

/**
 * Whether JSON text nests objects and arrays deeper than `limit`, found by one
 * pass over the characters (strings skipped) that stops at the first level too
 * deep: far cheaper than letting JSON.parse build a million nested arrays
 * first. Text that is not valid JSON is left for JSON.parse to refuse.
 */
export function jsonTextNestsDeeper(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

/** The body's bytes, size-capped and inflated when gzip (by header or by magic bytes); 413 or 415 as ApiError. */
export async function readBodyBytes(request: Request): Promise<Buffer> {
  const raw = await readCappedBody(request, MAX_BODY_BYTES);
  return isGzip(request, raw) ? inflate(raw) : raw;
}

/** Inflates bytes that start with gzip's magic bytes (a payload gzipped inside base64); others are returned as they are. */
export function inflateIfGzip(raw: Buffer): Buffer {
  return raw.length > 2 && raw[0] === 0x1f && raw[1] === 0x8b ? inflate(raw) : raw;
}

/** The parsed JSON body; 413 or 415 as ApiError when it cannot be had, 400 too_deep when it nests absurdly. */
export async function readJsonBody(request: Request): Promise<unknown> {
  return parseJsonText((await readBodyBytes(request)).toString("utf8"));
}

/** JSON text parsed as readJsonBody does: BOM dropped, empty, too deep and broken text refused as ApiError. */
export function parseJsonText(input: string): unknown {
  const text = input.replace(/^\uFEFF/, "");
  if (text.trim() === "") {
    throw new ApiError(415, "unreadable_body", "The request body is empty: send a JSON message.");
  }
  if (jsonTextNestsDeeper(text, MAX_BODY_DEPTH)) {
    throw new ApiError(400, "too_deep", `The request body nests objects or arrays more than ${MAX_BODY_DEPTH} levels deep; a message may nest at most ${MAX_JSON_DEPTH}.`, {
      accepted: 0,
      errors: [],
    });
  }
  try {
    return JSON.parse(withoutNul(text));
  } catch {
    throw new ApiError(415, "unreadable_body", "The request body is not valid JSON.");
  }
}
