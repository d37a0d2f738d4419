// Reading the JSON body of a read-API request (a report query): capped before a
// byte is parsed. request.json() reads whatever arrives: a 100 MB query body was
// read whole, and parsing and validating a 4 MB one took gigabytes.
import { readCappedBody } from "./cappedBody";
import { ApiError } from "./errors";

/** The largest JSON body the read API takes: a report query is a few KB. */
export const MAX_QUERY_BODY_BYTES = 256 * 1024;

/** The parsed JSON body (at most `maxBytes`); 413 when larger, 400 invalid_json when not JSON. */
export async function readJsonRequest(request: Request, maxBytes = MAX_QUERY_BODY_BYTES, what = "one report"): Promise<unknown> {
  const raw = await readCappedBody(request, maxBytes);
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    throw new ApiError(400, "invalid_json", `The body must be ${what} as JSON.`);
  }
}
