// GET /api/public/boards/{token}/tiles/{tileId}[?compare=1]: one tile of a shared
// board, so the public page's tiles load and refresh on their own. The board's
// own range and filters only: a visitor cannot ask for anything else.
// Rate-limited per client address and per board (lib/boards/publicLimit.ts).
import { computeTile } from "@/lib/boards";
import { takeAddressAllowance, takeBoardAllowance } from "@/lib/boards/publicLimit";
import { sharedBoard } from "@/lib/boards/share";
import { handle, json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

const HEADERS = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer" };

export async function GET(request: Request, { params }: { params: Promise<{ token: string; tileId: string }> }): Promise<Response> {
  return handle(async () => {
    const { token, tileId } = await params;
    takeAddressAllowance(request.headers);
    const { row, timezone } = await sharedBoard(token);
    takeBoardAllowance(row.id);
    const compare = new URL(request.url).searchParams.get("compare") === "1";
    const tile = await computeTile({ id: row.projectId, timezone }, row, tileId, { compare }, request.signal);
    return json({ tile }, 200, HEADERS);
  }, HEADERS);
}
