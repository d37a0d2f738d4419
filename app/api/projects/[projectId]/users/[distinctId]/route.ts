// GET: one person (by any of their distinct ids) with their latest events.
// DELETE: erase that person and every event of all their distinct ids; with
// CLICKHOUSE_URL set, their copies in ClickHouse too (the answer's `clickhouse`
// says whether that is done; docs/clickhouse.md).
import { recordProjectAudit } from "@/lib/audit";
import { authorizeProject } from "@/lib/auth";
import { ApiError } from "@/lib/http/errors";
import { handle, json } from "@/lib/http/respond";
import { reportContext } from "@/lib/query";
import { personIdOf, userProfile } from "@/lib/query/users";
import { eraseClickHouseLeftovers, erasePerson, type EraseResult } from "@/lib/store/erase";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ projectId: string; distinctId: string }> };

function notFound(): ApiError {
  return new ApiError(404, "user_not_found", "No person in this project has that distinct id.");
}

export async function GET(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const { projectId, distinctId } = await params;
    const access = await authorizeProject(request, projectId);
    const limit = Math.min(1000, Math.max(1, Number(new URL(request.url).searchParams.get("limit") ?? 100) || 100));
    const profile = await userProfile(reportContext({ id: access.projectId, timezone: access.timezone }), distinctId, limit);
    if (!profile) throw notFound();
    return json(profile, 200, { "Cache-Control": "no-store" });
  });
}

export async function DELETE(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const { projectId, distinctId } = await params;
    const access = await authorizeProject(request, projectId, "delete_data");
    const personId = await personIdOf(reportContext({ id: access.projectId, timezone: access.timezone }), distinctId);
    let erased: EraseResult;
    if (personId !== null) erased = await erasePerson(access.projectId, personId);
    else {
      // No person any more: a repeat of an erase whose ClickHouse half failed or was
      // still running finishes it; with nothing left anywhere, "not found" as before.
      const clickhouse = await eraseClickHouseLeftovers(access.projectId, distinctId);
      if (!clickhouse) throw notFound();
      erased = { deletedEvents: 0, clickhouse };
    }
    // The erased person's ids are not written down: they may be emails, and the
    // point of erasing is that nothing about them is kept.
    await recordProjectAudit(access.projectId, {
      actorUserId: access.userId,
      action: "person.erased",
      details: { deletedEvents: erased.deletedEvents, via: access.via, ...(erased.clickhouse ? { clickhouse: erased.clickhouse.status } : {}) },
    });
    return json(erased);
  });
}
