// POST /api/projects/{projectId}/boards/{boardId}/tiles: adds one tile under the
// board's lowest (the report pages' "Add to board"); answers the board.
import { authorizeProject } from "@/lib/auth";
import { addTile, tileSchema } from "@/lib/boards";
import { readJsonRequest } from "@/lib/http/jsonBody";
import { parseInput } from "@/lib/http/parse";
import { handle, json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ projectId: string; boardId: string }> }): Promise<Response> {
  return handle(async () => {
    const { projectId, boardId } = await params;
    const access = await authorizeProject(request, projectId, "manage_boards");
    const tile = parseInput(tileSchema, await readJsonRequest(request, undefined, "a tile"), "invalid_tile");
    return json({ board: await addTile(access.projectId, boardId, tile) }, 201);
  });
}
