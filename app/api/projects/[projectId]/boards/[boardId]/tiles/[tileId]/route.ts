// POST /api/projects/{projectId}/boards/{boardId}/tiles/{tileId}: one tile's
// numbers, so each tile of the board page loads (and refreshes) on its own.
// Body optional: {"range"|"from","to", "where", "compare"}: the page's range and
// filters instead of the board's stored ones; compare adds the previous period.
import { authorizeProject } from "@/lib/auth";
import { boardRow, computeTile, tileRequestSchema } from "@/lib/boards";
import { readOptionalJson } from "@/lib/boards/body";
import { parseInput } from "@/lib/http/parse";
import { handle, json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ projectId: string; boardId: string; tileId: string }> }): Promise<Response> {
  return handle(async () => {
    const { projectId, boardId, tileId } = await params;
    const access = await authorizeProject(request, projectId);
    const options = parseInput(tileRequestSchema, await readOptionalJson(request, "the tile's range and filters"), "invalid_tile_request");
    const row = await boardRow(access.projectId, boardId);
    const tile = await computeTile({ id: access.projectId, timezone: access.timezone }, row, tileId, options, request.signal);
    return json({ tile }, 200, { "Cache-Control": "no-store" });
  });
}
