// POST /api/track: one message, an array of messages, or {"batch": [...]} (API.md 2.2).
import { preflight } from "@/lib/http/cors";
import { ingestHandler } from "@/lib/http/ingestRoute";

export const POST = ingestHandler();
export const OPTIONS = preflight;
