"use client";

// A shared board, read-only (the page /public/boards/{token}): each report
// tile loads on its own through the token's tile route. TV mode (?tv=1) drops
// the page's chrome, offers full screen, and reloads every tile each minute.
import { useEffect, useState } from "react";
import type { TileAnswer } from "@/lib/boards/compute";
import { BoardGrid, type GridTile } from "./BoardGrid";
import { BoardTile } from "./BoardTile";

export interface PublicTile extends GridTile {
  title: string;
  text?: string;
}

const TV_REFRESH_MS = 60_000;

async function loadPublicTile(token: string, id: string, signal: AbortSignal): Promise<TileAnswer> {
  const response = await fetch(`/api/public/boards/${encodeURIComponent(token)}/tiles/${encodeURIComponent(id)}?compare=1`, { signal, cache: "no-store" });
  const body = (await response.json().catch(() => null)) as { tile?: TileAnswer; error?: { message?: string } } | null;
  if (!response.ok || !body?.tile) throw new Error(body?.error?.message ?? "This tile could not load.");
  return body.tile;
}

export function PublicBoard({ token, name, tiles, timezone, tv }: { token: string; name: string; tiles: PublicTile[]; timezone: string; tv: boolean }) {
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (!tv) return;
    const timer = setInterval(() => setRound((n) => n + 1), TV_REFRESH_MS);
    return () => clearInterval(timer);
  }, [tv]);

  return (
    <main className={tv ? "min-h-screen bg-slate-100 p-3" : "mx-auto max-w-7xl p-4 sm:p-6"}>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className={tv ? "text-xl font-semibold" : "text-2xl font-semibold tracking-tight"}>{name}</h1>
          <p className="text-sm text-slate-500">
            A shared, read-only board. Times in {timezone}.{tv ? " Refreshes every minute." : ""}
          </p>
        </div>
        <div className="flex gap-2">
          {tv ? (
            <button
              type="button"
              className="rounded-md bg-white px-3 py-1.5 text-sm shadow-sm ring-1 ring-slate-200 hover:bg-slate-50"
              onClick={() => void document.documentElement.requestFullscreen?.().catch(() => {})}
            >
              Full screen
            </button>
          ) : (
            <a href="?tv=1" className="rounded-md bg-white px-3 py-1.5 text-sm shadow-sm ring-1 ring-slate-200 hover:bg-slate-50">
              TV mode
            </a>
          )}
        </div>
      </div>
      {tiles.length ? (
        <BoardGrid
          tiles={tiles}
          editable={false}
          render={(tile) => (
            <BoardTile title={tile.title} text={tile.text} timezone={timezone} refreshKey={String(round)} source={{ load: (signal) => loadPublicTile(token, tile.id, signal) }} />
          )}
        />
      ) : (
        <p className="text-sm text-slate-500">This board has no tiles yet.</p>
      )}
    </main>
  );
}
