// GET /api/projects/{projectId}/properties: the catalog of events, event
// properties and user properties (API.md section 3, docs/api.md). Paged: `q`
// searches names, `limit` caps each list; with `kind` one list is paged with
// `cursor`. With ?property=NAME&scope=event|user it answers that property's top
// values instead.
import { z } from "zod";
import { authorizeProject } from "@/lib/auth";
import { ApiError } from "@/lib/http/errors";
import { handle, json } from "@/lib/http/respond";
import { reportContext } from "@/lib/query";
import { catalog, catalogPage, DEFAULT_CATALOG_LIMIT, MAX_CATALOG_PAGE, topValues } from "@/lib/query/properties";

export const dynamic = "force-dynamic";

const pageQuery = z.object({
  kind: z.enum(["events", "eventProperties", "userProperties"], { message: "kind must be events, eventProperties or userProperties" }).optional(),
  q: z.string().max(200, { message: "q must be at most 200 characters" }).optional(),
  limit: z.coerce
    .number({ message: `limit must be a whole number from 1 to ${MAX_CATALOG_PAGE}` })
    .int({ message: `limit must be a whole number from 1 to ${MAX_CATALOG_PAGE}` })
    .min(1, { message: `limit must be a whole number from 1 to ${MAX_CATALOG_PAGE}` })
    .max(MAX_CATALOG_PAGE, { message: `limit must be a whole number from 1 to ${MAX_CATALOG_PAGE}` })
    .optional(),
  cursor: z.string().max(40).optional(),
});

/** Cursors are the next page's offset, base64url: opaque to callers, like the users API's. */
function offsetOf(cursor: string | undefined): number {
  if (!cursor) return 0;
  const offset = Number(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!Number.isSafeInteger(offset) || offset < 0) throw new ApiError(400, "invalid_cursor", "The cursor is not one this API handed out.");
  return offset;
}

const cursorOf = (next: number | null) => (next === null ? null : Buffer.from(String(next), "utf8").toString("base64url"));

export async function GET(request: Request, { params }: { params: Promise<{ projectId: string }> }): Promise<Response> {
  return handle(async () => {
    const access = await authorizeProject(request, (await params).projectId);
    const ctx = reportContext({ id: access.projectId, timezone: access.timezone });
    const search = new URL(request.url).searchParams;
    const property = search.get("property");
    if (property !== null) {
      const scope = search.get("scope") ?? "event";
      if (!property || property.length > 400 || (scope !== "event" && scope !== "user")) {
        throw new ApiError(400, "invalid_query", "property must be a name and scope event or user.");
      }
      return json({ property, scope, values: await topValues(ctx, scope, property) }, 200, { "Cache-Control": "no-store" });
    }
    const parsed = pageQuery.safeParse(Object.fromEntries([...search].filter(([key]) => key in pageQuery.shape)));
    if (!parsed.success) throw new ApiError(400, "invalid_query", parsed.error.issues[0].message);
    const { kind, q, limit = DEFAULT_CATALOG_LIMIT, cursor } = parsed.data;
    if (kind) {
      const page = await catalogPage(ctx, kind, { q, limit, offset: offsetOf(cursor) });
      return json({ [kind]: page.items, nextCursor: cursorOf(page.next) }, 200, { "Cache-Control": "no-store" });
    }
    if (cursor) throw new ApiError(400, "invalid_query", "cursor pages one list: send kind=events, eventProperties or userProperties with it.");
    return json(await catalog(ctx, { q, limit }), 200, { "Cache-Control": "no-store" });
  });
}
