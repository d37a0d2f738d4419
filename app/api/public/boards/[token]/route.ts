// GET /api/public/boards/{token}: a shared board, read-only, with no session
// (API.md 8): its name and every tile with its numbers under the board's range
// and filters. Nothing else of the project is reachable with the token.
// Rate-limited per client address and per board (lib/boards/publicLimit.ts);
// this route runs every tile, so it costs one allowance per tile.
import { computeBoard, storedTiles } from "@/lib/boards";
import { takeAddressAllowance, takeBoardAllowance } from "@/lib/boards/publicLimit";
import { sharedBoard } from "@/lib/boards/share";
import { handle, json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

const HEADERS = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer" };

export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  return handle(async () => {
    takeAddressAllowance(request.headers);
    const { row, timezone } = await sharedBoard((await params).token);
    takeBoardAllowance(row.id, storedTiles(row).length);
    const tiles = await computeBoard({ id: row.projectId, timezone }, row, request.signal);
    return json({ name: row.name, tiles }, 200, HEADERS);
  }, HEADERS);
}
