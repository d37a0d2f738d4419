// POST /api/projects/{projectId}/boards/{boardId}/duplicate: a copy of the board
// (name, range, filters, tiles), never its public link. Body optional: {"name"}.
import { z } from "zod";
import { authorizeProject } from "@/lib/auth";
import { duplicateBoard } from "@/lib/boards";
import { readOptionalJson } from "@/lib/boards/body";
import { parseInput } from "@/lib/http/parse";
import { handle, json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ name: z.string().trim().min(1).max(100).optional() }).strict();

export async function POST(request: Request, { params }: { params: Promise<{ projectId: string; boardId: string }> }): Promise<Response> {
  return handle(async () => {
    const { projectId, boardId } = await params;
    const access = await authorizeProject(request, projectId, "manage_boards");
    const body = parseInput(bodySchema, await readOptionalJson(request, "the copy's name"), "invalid_board");
    return json({ board: await duplicateBoard(access.projectId, access.userId, boardId, body.name) }, 201);
  });
}
