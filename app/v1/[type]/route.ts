// POST /v1/{track,identify,page,screen,group,alias}: one message of that type,
// as Segment's HTTP API and server libraries send them.
import { INGEST_CORS_HEADERS, preflight } from "@/lib/http/cors";
import { errorBody } from "@/lib/http/errors";
import { ingestHandler } from "@/lib/http/ingestRoute";
import { json } from "@/lib/http/respond";
import { MESSAGE_TYPES, type MessageType } from "@/lib/ingest/message";

const handlers = Object.fromEntries(MESSAGE_TYPES.map((type) => [type, ingestHandler({ forcedType: type, shape: "single" })])) as Record<
  MessageType,
  (request: Request) => Promise<Response>
>;

export async function POST(request: Request, { params }: { params: Promise<{ type: string }> }): Promise<Response> {
  const { type } = await params;
  const handler = handlers[type as MessageType];
  if (!Object.hasOwn(handlers, type)) {
    return json(errorBody("not_found", `There is no /v1/${type}; use one of ${MESSAGE_TYPES.join(", ")} or batch.`), 404, INGEST_CORS_HEADERS);
  }
  return handler(request);
}

export const OPTIONS = preflight;
