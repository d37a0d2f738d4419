// POST /v1/batch: Segment's HTTP API batch, {"batch": [...], "sentAt"?, "context"?}.
import { preflight } from "@/lib/http/cors";
import { ingestHandler } from "@/lib/http/ingestRoute";

export const POST = ingestHandler({ shape: "batch" });
export const OPTIONS = preflight;
