// GET /api/experiments?writeKey=&distinctId=: the variant of every live experiment
// for this distinct id (API.md 6). Public like ingestion: a web page asks with its
// write key, from any origin.
import { z } from "zod";
import { parseOrThrow } from "@/lib/experiments";
import { liveVariants } from "@/lib/experiments/variants";
import { INGEST_CORS_HEADERS } from "@/lib/http/cors";
import { ApiError } from "@/lib/http/errors";
import { handle, json } from "@/lib/http/respond";
import { projectForWriteKey } from "@/lib/projects/writeKeyLookup";

export const dynamic = "force-dynamic";

const CORS_HEADERS = { ...INGEST_CORS_HEADERS, "Access-Control-Allow-Methods": "GET, OPTIONS" };

const querySchema = z.object({
  writeKey: z.string({ message: "is required" }).min(1, { message: "is required" }).max(200),
  distinctId: z.string({ message: "is required" }).trim().min(1, { message: "is required" }).max(200, { message: "must be at most 200 characters" }),
});

export async function GET(request: Request): Promise<Response> {
  return handle(async () => {
    const params = new URL(request.url).searchParams;
    const query = parseOrThrow(querySchema, { writeKey: params.get("writeKey") ?? undefined, distinctId: params.get("distinctId") ?? undefined }, "invalid_request");
    const project = await projectForWriteKey(query.writeKey);
    if (!project) throw new ApiError(401, "invalid_write_key", "No project has this write key.");
    return json({ experiments: await liveVariants(project.id, query.distinctId) }, 200, { ...CORS_HEADERS, "Cache-Control": "no-store" });
  }, CORS_HEADERS);
}

export function OPTIONS(): Response {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}
