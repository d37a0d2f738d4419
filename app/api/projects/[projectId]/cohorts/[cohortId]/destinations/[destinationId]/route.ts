// DELETE /api/projects/{projectId}/cohorts/{cohortId}/destinations/{destinationId}:
// removes a destination with its deliveries (those not yet sent are dropped).
import { authorizeProject } from "@/lib/auth";
import { deleteDestination } from "@/lib/cohorts/sync";
import { handle, json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ projectId: string; cohortId: string; destinationId: string }> };

export async function DELETE(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const { projectId, cohortId, destinationId } = await params;
    const access = await authorizeProject(request, projectId, "manage_cohorts");
    await deleteDestination(access.projectId, cohortId, destinationId);
    return json({ deleted: true });
  });
}
