// POST /api/projects/{projectId}/boards/{boardId}/share: opens (or replaces) the
// board's public read-only link, answered once as {"url"}; DELETE revokes it (API.md 8).
import { authorizeProject } from "@/lib/auth";
import { PUBLIC_BOARD_PATH, revokeBoardShare, shareBoard } from "@/lib/boards/share";
import { requestOrigin } from "@/lib/http/origin";
import { handle, json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ projectId: string; boardId: string }> };

export async function POST(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const { projectId, boardId } = await params;
    const access = await authorizeProject(request, projectId, "manage_boards");
    const token = await shareBoard(access.projectId, boardId);
    const origin = process.env.NEXTAUTH_URL?.replace(/\/+$/, "") || (await requestOrigin());
    return json({ url: `${origin}${PUBLIC_BOARD_PATH}${token}` }, 201, { "Cache-Control": "no-store" });
  });
}

export async function DELETE(request: Request, { params }: Params): Promise<Response> {
  return handle(async () => {
    const { projectId, boardId } = await params;
    const access = await authorizeProject(request, projectId, "manage_boards");
    await revokeBoardShare(access.projectId, boardId);
    return json({ revoked: true });
  });
}
