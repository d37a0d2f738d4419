// The board pages' calls to the boards API (same origin, the member's session).
import type { BoardDetail } from "@/lib/boards";
import type { TileAnswer } from "@/lib/boards/compute";

export class RequestError extends Error {}

export async function boardsApi<T>(projectId: string, path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const response = await fetch(`/api/projects/${encodeURIComponent(projectId)}/boards${path}`, {
    method: init.method ?? "GET",
    headers: init.body === undefined ? undefined : { "Content-Type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
    cache: "no-store",
  });
  const body = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
  if (!response.ok || !body) throw new RequestError(body?.error?.message ?? `The request failed (${response.status}).`);
  return body;
}

export function saveBoard(projectId: string, boardId: string, changes: Record<string, unknown>): Promise<{ board: BoardDetail }> {
  return boardsApi(projectId, `/${encodeURIComponent(boardId)}`, { method: "PATCH", body: changes });
}

export async function loadTile(projectId: string, boardId: string, tileId: string, request: Record<string, unknown>, signal: AbortSignal): Promise<TileAnswer> {
  const body = await boardsApi<{ tile: TileAnswer }>(projectId, `/${encodeURIComponent(boardId)}/tiles/${encodeURIComponent(tileId)}`, { method: "POST", body: request, signal });
  return body.tile;
}
