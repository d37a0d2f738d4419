// GET, PATCH (or PUT), DELETE /api/projects/{projectId}/boards/{boardId} (API.md 8).
// PATCH changes only the fields it carries; `tiles` replaces the whole list (the grid's layout is saved this way).
import { authorizeProject } from "@/lib/auth";
import { deleteBoard, getBoard, updateBoard, updateBoardSchema } from "@/lib/boards";
import { readJsonRequest } from "@/lib/http/jsonBody";
import { parseInput } from "@/lib/http/parse";
import { handle, json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ projectId: string; boardId: string }> };

export async function GET(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const { projectId, boardId } = await params;
    const access = await authorizeProject(request, projectId);
    return json({ board: await getBoard(access.projectId, boardId) }, 200, { "Cache-Control": "no-store" });
  });
}

export async function PATCH(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const { projectId, boardId } = await params;
    const access = await authorizeProject(request, projectId, "manage_boards");
    const input = parseInput(updateBoardSchema, await readJsonRequest(request, undefined, "the board's changes"), "invalid_board");
    return json({ board: await updateBoard(access.projectId, boardId, input) });
  });
}

export const PUT = PATCH;

export async function DELETE(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const { projectId, boardId } = await params;
    const access = await authorizeProject(request, projectId, "manage_boards");
    await deleteBoard(access.projectId, boardId);
    return json({ deleted: true });
  });
}
