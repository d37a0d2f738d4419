// POST: replace the project's write key (docs/api.md section 1). Only a signed-in
// owner or admin, from our own pages (CSRF): a secret key never changes keys.
import { z } from "zod";
import { authorizeProject } from "@/lib/auth";
import { ApiError } from "@/lib/http/errors";
import { readCappedBody } from "@/lib/http/cappedBody";
import { handle, json } from "@/lib/http/respond";
import { ProjectError, rotateWriteKey } from "@/lib/projects";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ projectId: string }> };

/** The body is optional; `current`, when sent, must be the key being replaced. */
const bodySchema = z.object({ current: z.string().min(1).max(200).optional() }).strict();

async function expectedKey(request: Request): Promise<string | undefined> {
  const raw = (await readCappedBody(request, 4096)).toString("utf8").trim();
  if (!raw) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ApiError(400, "invalid_json", "The body must be empty or a JSON object such as {\"current\": \"<the write key being replaced>\"}.");
  }
  const body = bodySchema.safeParse(parsed);
  if (!body.success) throw new ApiError(400, "invalid_body", "The body may only hold \"current\": the write key being replaced, as a string.");
  return body.data.current;
}

export async function POST(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const { projectId } = await params;
    const access = await authorizeProject(request, projectId, "manage_keys");
    if (!access.userId) throw new ApiError(403, "forbidden", "Secret keys cannot do this; sign in instead.");
    const current = await expectedKey(request);
    try {
      const { writeKey } = await rotateWriteKey(access.userId, access.projectId, current);
      return json({ writeKey }, 200, { "Cache-Control": "no-store" });
    } catch (error) {
      if (error instanceof ProjectError && error.code === "conflict") throw new ApiError(409, "write_key_changed", error.message);
      if (error instanceof ProjectError && error.code === "not_found") throw new ApiError(404, "project_not_found", "No such project, or it is not yours.");
      if (error instanceof ProjectError && error.code === "forbidden") throw new ApiError(403, "forbidden", error.message);
      throw error;
    }
  });
}
