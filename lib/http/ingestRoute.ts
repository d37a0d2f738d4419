// The shared body of every ingestion route handler: HTTP in, lib/ingest, HTTP out.
import { ingest, type IngestOptions } from "../ingest";
import { INGEST_CORS_HEADERS } from "./cors";
import { handle, json } from "./respond";

export function ingestHandler(options: IngestOptions = {}) {
  return (request: Request): Promise<Response> =>
    handle(async () => {
      const answer = await ingest(request, options);
      return json(answer.body, answer.status, INGEST_CORS_HEADERS);
    }, INGEST_CORS_HEADERS);
}
