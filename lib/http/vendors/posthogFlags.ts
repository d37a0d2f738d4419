// PostHog's flags route (API.md 2.5, /posthog/flags/ and /decide/): posthog-js
// asks at startup which flags are on for its distinct id. Crumbtrail's flags
// are the project's live experiments (API.md 6), each answered with the same
// variant GET /api/experiments gives that id.
import { z } from "zod";
import { liveVariants } from "../../experiments/variants";
import { readBodyBytes } from "../../ingest/body";
import { decodeVendorPayload } from "../../ingest/vendors/decode";
import { projectForWriteKey } from "../../projects/writeKeyLookup";
import { posthogFlags } from "./posthog";

const flagsRequestSchema = z.object({
  token: z.string().min(1).max(200).optional(),
  api_key: z.string().min(1).max(200).optional(),
  distinct_id: z.union([z.string(), z.number()]).transform((id) => String(id).trim()).pipe(z.string().min(1).max(200)),
});

/** The project token and distinct id the request names, or null when it names none (or cannot be read). */
async function whoAsks(request: Request): Promise<{ token: string; distinctId: string } | null> {
  let payload: unknown;
  try {
    const bytes = request.method === "GET" ? Buffer.alloc(0) : await readBodyBytes(request);
    payload = decodeVendorPayload(bytes, request.headers.get("content-type"), new URL(request.url).searchParams);
  } catch {
    // An unreadable startup call gets no flags rather than an error: the library starts either way.
    return null;
  }
  const parsed = flagsRequestSchema.safeParse(payload);
  const token = parsed.success ? (parsed.data.token ?? parsed.data.api_key) : undefined;
  return parsed.success && token ? { token, distinctId: parsed.data.distinct_id } : null;
}

export async function posthogFlagsAnswer(request: Request): Promise<Record<string, unknown>> {
  const asked = await whoAsks(request);
  const project = asked ? await projectForWriteKey(asked.token) : null;
  return posthogFlags(project && asked ? await liveVariants(project.id, asked.distinctId) : {});
}
