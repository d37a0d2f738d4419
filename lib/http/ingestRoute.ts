// The shared body of every ingestion route handler: HTTP in, lib/ingest, HTTP out.
import { ingest, type IngestOptions } from "../ingest";
import { credentialedCorsHeaders, INGEST_CORS_HEADERS } from "./cors";
import { handle, json } from "./respond";

export interface IngestRouteOptions extends IngestOptions {
  /**
   * "credentialed" echoes the request's Origin and allows credentials, as the
   * vendor SDK routes must (API.md 2.5); the default allows any origin.
   */
  cors?: "any" | "credentialed";
}

export function ingestHandler(options: IngestRouteOptions = {}) {
  return (request: Request): Promise<Response> => {
    const headers = options.cors === "credentialed" ? credentialedCorsHeaders(request) : INGEST_CORS_HEADERS;
    return handle(async () => {
      const answer = await ingest(request, options);
      return json(answer.body, answer.status, headers);
    }, headers);
  };
}
