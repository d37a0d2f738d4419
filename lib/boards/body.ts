// Some board routes take an optional body (duplicate's name, a tile's overrides).
import { ApiError } from "../http/errors";
import { readCappedBody } from "../http/cappedBody";
import { MAX_QUERY_BODY_BYTES } from "../http/jsonBody";

/** The parsed JSON body, `{}` when there is none; 413/400 as readJsonRequest. */
export async function readOptionalJson(request: Request, what: string): Promise<unknown> {
  const raw = (await readCappedBody(request, MAX_QUERY_BODY_BYTES)).toString("utf8");
  if (!raw.trim()) return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw new ApiError(400, "invalid_json", `The body must be ${what} as JSON.`);
  }
}
