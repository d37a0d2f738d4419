// POST /v1/{track,identify,page,screen,group,alias}: one message of that type,
// as Segment's HTTP API and server libraries (and RudderStack's) send them;
// also analytics.js 2.0's short forms /v1/t, i, p, s, g, a (one message), b (a
// batch) and m (its own metrics: accepted and dropped). API.md 2.2 and 2.5.
import { credentialedCorsHeaders, credentialedPreflight } from "@/lib/http/cors";
import { errorBody } from "@/lib/http/errors";
import { ingestHandler } from "@/lib/http/ingestRoute";
import { json } from "@/lib/http/respond";
import { MESSAGE_TYPES, type MessageType } from "@/lib/ingest/message";
import { translateRudderStackMessage } from "@/lib/ingest/vendors/rudderstack";

const SHORT: Readonly<Record<string, MessageType>> = { t: "track", i: "identify", p: "page", s: "screen", g: "group", a: "alias" };

const handlers = new Map<string, (request: Request) => Promise<Response>>();
for (const type of MESSAGE_TYPES) {
  handlers.set(type, ingestHandler({ forcedType: type, shape: "single", translateMessage: translateRudderStackMessage, cors: "credentialed" }));
}
for (const [short, type] of Object.entries(SHORT)) handlers.set(short, handlers.get(type)!);
handlers.set("b", ingestHandler({ shape: "batch", translateMessage: translateRudderStackMessage, cors: "credentialed" }));

export async function POST(request: Request, { params }: { params: Promise<{ type: string }> }): Promise<Response> {
  const { type } = await params;
  if (type === "m") {
    // analytics.js's telemetry about itself: nothing for this project's data.
    return json({ accepted: 0, duplicates: 0 }, 200, credentialedCorsHeaders(request));
  }
  const handler = handlers.get(type);
  if (!handler) {
    return json(errorBody("not_found", `There is no /v1/${type}; use one of ${MESSAGE_TYPES.join(", ")} or batch.`), 404, credentialedCorsHeaders(request));
  }
  return handler(request);
}

export const OPTIONS = credentialedPreflight;
