"use client";

// "Add to board" on a report page: the report as it is on screen (its query
// without the range, which the board gives) becomes a tile of a board picked
// from the project's boards, or of a new one.
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { buttonClass } from "@/components/ui/Button";
import { inputClass } from "@/components/ui/Field";
import type { BoardDetail, BoardSummary } from "@/lib/boards";
import { boardsApi } from "./request";

export function AddToBoard({ projectId, query, title }: { projectId: string; query: Record<string, unknown> | null; title: string }) {
  const [open, setOpen] = useState(false);
  const [boards, setBoards] = useState<BoardSummary[] | null>(null);
  const [newName, setNewName] = useState("");
  const [tileTitle, setTileTitle] = useState(title);
  const [added, setAdded] = useState<{ id: string; name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (!query) return null;
  const { from: _from, to: _to, ...report } = query;
  const tile = () => ({ title: tileTitle.trim().slice(0, 200) || "Report", report, w: 6, h: 5 });

  async function toggle() {
    setOpen(!open);
    setAdded(null);
    setError(null);
    if (!open && boards === null) {
      try {
        setBoards((await boardsApi<{ boards: BoardSummary[] }>(projectId, "")).boards);
      } catch (e) {
        setError(e instanceof Error ? e.message : "The boards could not load.");
      }
    }
  }

  async function run(work: () => Promise<{ id: string; name: string }>) {
    setBusy(true);
    setError(null);
    try {
      setAdded(await work());
    } catch (e) {
      setError(e instanceof Error ? e.message : "The tile could not be added.");
    } finally {
      setBusy(false);
    }
  }

  const addTo = (board: BoardSummary) =>
    run(async () => {
      await boardsApi(projectId, `/${board.id}/tiles`, { method: "POST", body: tile() });
      return board;
    });

  function create(event: FormEvent) {
    event.preventDefault();
    void run(async () => (await boardsApi<{ board: BoardDetail }>(projectId, "", { method: "POST", body: { name: newName, tiles: [{ ...tile(), x: 0, y: 0 }] } })).board);
  }

  return (
    <div className="relative inline-block">
      <button type="button" className={buttonClass("secondary", "px-3 py-1.5 text-sm")} aria-expanded={open} onClick={() => void toggle()}>
        Add to board
      </button>
      {open ? (
        <div role="dialog" aria-label="Add to board" className="absolute right-0 z-30 mt-1 w-72 max-w-[90vw] space-y-3 rounded-lg bg-white p-3 text-sm shadow-lg ring-1 ring-slate-200">
          <label className="flex flex-col gap-1 font-medium text-slate-700">
            Tile title
            <input className={inputClass} value={tileTitle} onChange={(e) => setTileTitle(e.target.value)} maxLength={200} />
          </label>
          {boards === null && !error ? <p className="text-slate-500">Loading boards…</p> : null}
          {boards?.length ? (
            <ul className="max-h-48 space-y-1 overflow-auto" aria-label="Boards">
              {boards.map((b) => (
                <li key={b.id}>
                  <button type="button" disabled={busy} onClick={() => void addTo(b)} className="w-full rounded px-2 py-1 text-left hover:bg-indigo-50">
                    {b.name}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <form onSubmit={create} className="flex gap-1">
            <label className="sr-only" htmlFor="add-to-new-board">
              New board name
            </label>
            <input id="add-to-new-board" className={`${inputClass} min-w-0 flex-1`} placeholder="New board" value={newName} onChange={(e) => setNewName(e.target.value)} maxLength={100} required />
            <button type="submit" disabled={busy || !newName.trim()} className={buttonClass("primary", "px-2.5 py-1.5 text-xs")}>
              Create
            </button>
          </form>
          {added ? (
            <p role="status" className="text-emerald-700">
              Added to{" "}
              <Link className="underline" href={`/projects/${projectId}/boards/${added.id}`}>
                {added.name}
              </Link>
              .
            </p>
          ) : null}
          {error ? (
            <p role="alert" className="text-red-700">
              {error}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
