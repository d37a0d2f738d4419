// /api/projects/{projectId}/cohorts/{cohortId}/members (API.md 5): GET a page of
// members (cursor; `q` searches them); POST adds and DELETE removes persons of a static cohort by
// distinct id ({"distinctIds": [...]} or a text/csv body, first column).
import { z } from "zod";
import { authorizeProject } from "@/lib/auth";
import { changeStaticMembers, memberIdsPage, parseOrThrow } from "@/lib/cohorts";
import { readDistinctIds } from "@/lib/cohorts/lists";
import { handle, json } from "@/lib/http/respond";
import { reportContext } from "@/lib/query";
import { usersByPersonIds } from "@/lib/query/users";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ projectId: string; cohortId: string }> };

const pageSchema = z.object({
  cursor: z.string().max(100).optional(),
  /** Only members one of whose property values or distinct ids contains this (case-insensitive). */
  q: z.string().trim().max(200, { message: "must be at most 200 characters" }).optional(),
  limit: z.coerce.number({ message: "must be a number" }).int({ message: "must be a whole number" }).min(1, { message: "must be 1 to 1000" }).max(1000, { message: "must be 1 to 1000" }).default(100),
});

export async function GET(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const { projectId, cohortId } = await params;
    const access = await authorizeProject(request, projectId);
    const { cursor, limit, q } = parseOrThrow(pageSchema, Object.fromEntries(new URL(request.url).searchParams), "invalid_query");
    const page = await memberIdsPage(access.projectId, cohortId, cursor, limit, q || undefined);
    const users = await usersByPersonIds(reportContext({ id: access.projectId, timezone: access.timezone }), page.personIds);
    return json(
      {
        members: users.map((u) => ({ id: u.id, distinctIds: u.distinctIds, properties: u.properties, firstSeen: u.firstSeen, lastSeen: u.lastSeen })),
        count: page.cohort.count,
        computedAt: page.cohort.computedAt,
        nextCursor: page.nextCursor,
      },
      200,
      { "Cache-Control": "no-store" },
    );
  });
}

function change(kind: "add" | "remove") {
  return async (request: Request, { params }: Params): Promise<Response> =>
    handle(async () => {
      const { projectId, cohortId } = await params;
      const access = await authorizeProject(request, projectId, "manage_cohorts");
      const ids = await readDistinctIds(request);
      return json(await changeStaticMembers(access.projectId, cohortId, kind, ids));
    });
}

export const POST = change("add");
export const DELETE = change("remove");
