// GET /api/projects/{projectId}/boards: the project's boards; POST creates one (API.md 8).
import { authorizeProject } from "@/lib/auth";
import { createBoard, createBoardSchema, listBoards } from "@/lib/boards";
import { readJsonRequest } from "@/lib/http/jsonBody";
import { parseInput } from "@/lib/http/parse";
import { handle, json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ projectId: string }> };

export async function GET(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const access = await authorizeProject(request, (await params).projectId);
    return json({ boards: await listBoards(access.projectId) }, 200, { "Cache-Control": "no-store" });
  });
}

export async function POST(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const access = await authorizeProject(request, (await params).projectId, "manage_boards");
    const input = parseInput(createBoardSchema, await readJsonRequest(request, undefined, "a board"), "invalid_board");
    return json({ board: await createBoard(access.projectId, access.userId, input) }, 201);
  });
}
