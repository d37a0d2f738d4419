// The encodings the vendors' SDKs send a payload in (API.md 2.5), down to
// parsed JSON: plain JSON (also as text/plain from sendBeacon), gzip (inflated
// before this by readBodyBytes, by header or magic bytes), a form or query
// field `data=` holding base64 JSON (Mixpanel, PostHog's compression=base64),
// and base64 of gzip. Pure; failures are ApiErrors with a sentence.
import { ApiError } from "../../http/errors";
import { inflateIfGzip, parseJsonText } from "../body";

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Base64 (standard or URL-safe) to bytes; null when the text is not base64. */
function fromBase64(text: string): Buffer | null {
  // A form's raw base64 (not URL-encoded) comes out of URLSearchParams with its "+" read as a space.
  const compact = text.replace(/ /g, "+").replace(/\s+/g, "");
  if (!compact || !BASE64.test(compact)) return null;
  return Buffer.from(compact.replace(/-/g, "+").replace(/_/g, "/"), "base64");
}

/** One `data` value: JSON as it is, or base64 of JSON (gzipped or not). */
export function decodeDataField(value: string): unknown {
  const text = value.trim();
  if (text.startsWith("{") || text.startsWith("[")) return parseJsonText(text);
  const bytes = fromBase64(text);
  if (!bytes) {
    throw new ApiError(415, "unreadable_body", "The data field is neither JSON nor base64-encoded JSON.");
  }
  const decoded = inflateIfGzip(bytes).toString("utf8");
  const start = decoded.trimStart()[0];
  if (start !== "{" && start !== "[") {
    throw new ApiError(415, "unreadable_body", "The data field's base64 does not decode to JSON.");
  }
  return parseJsonText(decoded);
}

/** Whether a body is a form (`data=...&...`) rather than JSON text. */
function isForm(text: string, contentType: string | null): boolean {
  if (contentType?.toLowerCase().includes("application/x-www-form-urlencoded")) return true;
  return /^\s*[A-Za-z_]+=/.test(text) && !/^\s*[[{]/.test(text);
}

/**
 * A request's payload, whichever of the vendors' encodings it came in:
 * `bytes` is the (already inflated) body, `query` the URL's parameters
 * (Mixpanel's GET sends `data` there), `contentType` the header.
 */
export function decodeVendorPayload(bytes: Buffer, contentType: string | null, query: URLSearchParams): unknown {
  const text = bytes.toString("utf8");
  if (text.trim() === "") {
    const data = query.get("data");
    if (data) return decodeDataField(data);
    throw new ApiError(415, "unreadable_body", "The request has no payload: send a JSON body or a data field.");
  }
  if (isForm(text, contentType)) {
    const data = new URLSearchParams(text).get("data");
    if (!data) throw new ApiError(415, "unreadable_body", "The form body has no data field.");
    return decodeDataField(data);
  }
  if (query.get("compression") === "base64") return decodeDataField(text);
  return parseJsonText(text);
}
