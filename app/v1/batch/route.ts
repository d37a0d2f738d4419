// POST /v1/batch: Segment's HTTP API batch, {"batch": [...], "sentAt"?, "context"?},
// also RudderStack's (dataPlaneUrl = this server; API.md 2.5).
import { credentialedPreflight } from "@/lib/http/cors";
import { ingestHandler } from "@/lib/http/ingestRoute";
import { translateRudderStackMessage } from "@/lib/ingest/vendors/rudderstack";

export const POST = ingestHandler({ shape: "batch", translateMessage: translateRudderStackMessage, cors: "credentialed" });
export const OPTIONS = credentialedPreflight;
