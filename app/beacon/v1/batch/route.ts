// POST /beacon/v1/batch?writeKey=...: RudderStack's browser SDK on page unload
// (sendBeacon, text/plain): a /v1/batch body with the key in the query (API.md 2.5).
import { credentialedPreflight } from "@/lib/http/cors";
import { ingestHandler } from "@/lib/http/ingestRoute";
import { translateRudderStackMessage } from "@/lib/ingest/vendors/rudderstack";

export const POST = ingestHandler({ shape: "batch", translateMessage: translateRudderStackMessage, cors: "credentialed" });
export const OPTIONS = credentialedPreflight;
