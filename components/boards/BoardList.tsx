"use client";

// The project's boards: open one, create, rename, duplicate, delete. Viewers see the list only.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useRunner } from "./useRunner";
import { Button, buttonClass } from "@/components/ui/Button";
import { inputClass } from "@/components/ui/Field";
import type { BoardSummary } from "@/lib/boards";
import { boardsApi } from "./request";
import type { BoardDetail } from "@/lib/boards";

export function BoardList({ projectId, boards, canEdit }: { projectId: string; boards: BoardSummary[]; canEdit: boolean }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const { busy, error, run } = useRunner();
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);


  function create(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const { board } = await boardsApi<{ board: BoardDetail }>(projectId, "", { method: "POST", body: { name } });
      router.push(`/projects/${projectId}/boards/${board.id}`);
    });
  }

  function rename(event: FormEvent) {
    event.preventDefault();
    if (!renaming) return;
    void run(async () => {
      await boardsApi(projectId, `/${renaming.id}`, { method: "PATCH", body: { name: renaming.name } });
      setRenaming(null);
      router.refresh();
    });
  }

  return (
    <div className="space-y-4">
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      {canEdit ? (
        <form onSubmit={create} className="flex flex-wrap items-end gap-2">
          <label className="flex min-w-0 flex-1 flex-col gap-1 text-sm font-medium text-slate-700 sm:max-w-sm">
            New board
            <input className={inputClass} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Every morning" maxLength={100} required />
          </label>
          <Button type="submit" disabled={busy || !name.trim()}>
            Create board
          </Button>
        </form>
      ) : null}
      {boards.length === 0 ? (
        <div className="rounded-xl border-2 border-dashed border-slate-300 bg-white/50 px-6 py-10 text-center">
          <p className="font-medium text-slate-900">No boards yet</p>
          <p className="mx-auto mt-1 max-w-xl text-sm text-slate-500">
            A board puts the reports you look at every morning on one page, with one date range and filters over all of them, and can be shared with a link.
          </p>
        </div>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-xl bg-white shadow-sm ring-1 ring-slate-200" aria-label="Boards">
          {boards.map((board) => (
            <li key={board.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
              {renaming?.id === board.id ? (
                <form onSubmit={rename} className="flex flex-1 flex-wrap items-center gap-2">
                  <label className="sr-only" htmlFor={`rename-${board.id}`}>
                    New name for {board.name}
                  </label>
                  <input id={`rename-${board.id}`} className={`${inputClass} max-w-xs`} value={renaming.name} onChange={(e) => setRenaming({ id: board.id, name: e.target.value })} maxLength={100} required autoFocus />
                  <Button type="submit" disabled={busy}>
                    Save
                  </Button>
                  <Button type="button" variant="ghost" onClick={() => setRenaming(null)}>
                    Cancel
                  </Button>
                </form>
              ) : (
                <div className="min-w-0">
                  <Link href={`/projects/${projectId}/boards/${board.id}`} className="font-medium text-indigo-700 hover:text-indigo-500">
                    {board.name}
                  </Link>
                  <p className="text-xs text-slate-500">
                    {board.tileCount} tile{board.tileCount === 1 ? "" : "s"}
                    {board.shared ? " · shared by link" : ""}
                  </p>
                </div>
              )}
              {canEdit && renaming?.id !== board.id ? (
                <div className="flex gap-1">
                  <button type="button" className={buttonClass("ghost", "px-2 py-1 text-xs")} onClick={() => setRenaming({ id: board.id, name: board.name })} aria-label={`Rename ${board.name}`}>
                    Rename
                  </button>
                  <button
                    type="button"
                    className={buttonClass("ghost", "px-2 py-1 text-xs")}
                    aria-label={`Duplicate ${board.name}`}
                    disabled={busy}
                    onClick={() =>
                      void run(async () => {
                        await boardsApi(projectId, `/${board.id}/duplicate`, { method: "POST" });
                        router.refresh();
                      })
                    }
                  >
                    Duplicate
                  </button>
                  <button
                    type="button"
                    className={buttonClass("ghost", "px-2 py-1 text-xs text-red-700")}
                    aria-label={`Delete ${board.name}`}
                    disabled={busy}
                    onClick={() => {
                      if (!window.confirm(`Delete the board "${board.name}"? Its public link stops working. Saved reports are kept.`)) return;
                      void run(async () => {
                        await boardsApi(projectId, `/${board.id}`, { method: "DELETE" });
                        router.refresh();
                      });
                    }}
                  >
                    Delete
                  </button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
