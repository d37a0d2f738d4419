// Turning results and errors into Responses, the same way on every route.
import { ApiError, errorBody } from "./errors";

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers });
}

/**
 * Runs a route's work and answers any failure as JSON: an ApiError with its own
 * status, anything unexpected as a logged 500 that reveals nothing.
 */
export async function handle(work: () => Promise<Response>, headers: Record<string, string> = {}): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError) {
      return json(error.body(), error.status, { ...headers, ...error.headers });
    }
    console.error("[crumbtrail] unexpected error", error);
    return json(errorBody("internal_error", "Something went wrong on the server; it has been logged."), 500, headers);
  }
}
