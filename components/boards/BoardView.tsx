"use client";

// One board: its range (the reports' RangeControl, kept in the address) and
// filters (the reports' FilterBuilder) over every report tile, the grid of
// tiles (each loading on its own), and for editors: moving and resizing tiles
// (saved at once), adding and removing tiles, saving the range and filters as
// the board's own, and sharing.
import { useMemo, useRef, useState, type FormEvent } from "react";
import { FilterBuilder } from "@/components/reports/FilterBuilder";
import { draftFromFilter, filtersFromDrafts, type FilterDraft } from "@/components/reports/filterDraft";
import type { FilterLike } from "@/components/reports/params";
import { RangeControl } from "@/components/reports/RangeControl";
import type { PickerCatalog } from "@/components/reports/vocabulary";
import { Button, buttonClass } from "@/components/ui/Button";
import type { BoardDetail, Tile } from "@/lib/boards";
import type { WhereFilter } from "@/lib/query/model";
import { AddTile, type SavedReportChoice } from "./AddTile";
import { BoardGrid, type GridTile } from "./BoardGrid";
import { BoardTile } from "./BoardTile";
import { filterText } from "./filterText";
import { loadTile, saveBoard } from "./request";
import { ShareBoard } from "./ShareBoard";

export interface ViewRange {
  preset: string | null;
  fromDate: string;
  toDate: string;
  label: string;
  /** What the tiles are asked for: {} for the board's own range, else the address's. */
  request: { range?: string; from?: string; to?: string };
}

function tileTitle(tile: Tile): string {
  return tile.title ?? "";
}

export function BoardView({
  projectId,
  board: initial,
  canEdit,
  timezone,
  catalog,
  range,
  savedReports,
}: {
  projectId: string;
  board: BoardDetail;
  canEdit: boolean;
  timezone: string;
  catalog: PickerCatalog;
  range: ViewRange;
  savedReports: SavedReportChoice[];
}) {
  const [board, setBoard] = useState(initial);
  const [drafts, setDrafts] = useState<FilterDraft[]>(() => initial.where.map((f) => draftFromFilter(f as FilterLike, catalog)));
  const [where, setWhere] = useState<WhereFilter[]>(initial.where);
  const [filterError, setFilterError] = useState<string | null>(null);
  const [status, setStatus] = useState<{ tone: "error" | "info"; text: string } | null>(null);
  const [round, setRound] = useState(0);
  const saving = useRef(Promise.resolve());

  const cohortNames = useMemo(() => new Map(catalog.cohorts.map((c) => [c.id, c.name])), [catalog.cohorts]);
  const request = { ...range.request, where, compare: true };
  const refreshKey = JSON.stringify([range.request, where, round]);
  const whereChanged = JSON.stringify(where) !== JSON.stringify(board.where);
  const rangeChanged = Object.keys(range.request).length > 0;

  /** Saves in order: a second change waits for the first, so the last one wins on the server too. */
  function save(changes: Record<string, unknown>, done?: string) {
    saving.current = saving.current.then(async () => {
      try {
        const { board: saved } = await saveBoard(projectId, board.id, changes);
        setBoard(saved);
        setStatus(done ? { tone: "info", text: done } : null);
      } catch (e) {
        setStatus({ tone: "error", text: e instanceof Error ? e.message : "The board could not be saved." });
      }
    });
  }

  function applyFilters(event: FormEvent) {
    event.preventDefault();
    const { filters, error } = filtersFromDrafts(drafts);
    setFilterError(error);
    if (!error) setWhere(filters);
  }

  function onLayout(layout: GridTile[]) {
    const at = new Map(layout.map((l) => [l.id, l]));
    const tiles = board.tiles.map((t) => {
      const l = at.get(t.id);
      return l ? { ...t, x: l.x, y: l.y, w: l.w, h: l.h } : t;
    });
    if (JSON.stringify(tiles) === JSON.stringify(board.tiles)) return;
    setBoard({ ...board, tiles });
    save({ tiles }, "Layout saved.");
  }

  function removeTile(id: string) {
    const tiles = board.tiles.filter((t) => t.id !== id);
    setBoard({ ...board, tiles });
    save({ tiles });
  }

  function saveScope() {
    save({ ...range.request, where }, "Saved as the board's range and filters.");
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="truncate text-2xl font-semibold tracking-tight">{board.name}</h1>
          <p className="text-sm text-slate-500">
            {range.label}, in {timezone}
            {where.length ? ` · filtered: ${where.map((f) => filterText(f, cohortNames)).join("; ")}` : ""}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <RangeControl preset={range.preset} fromDate={range.fromDate} toDate={range.toDate} timezone={timezone} />
          <Button type="button" variant="secondary" onClick={() => setRound((n) => n + 1)}>
            Refresh all
          </Button>
        </div>
      </div>

      <details className="rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200" open={where.length > 0 || undefined}>
        <summary className="cursor-pointer text-sm font-medium text-slate-800">Board filters ({where.length}) — applied on top of every report tile</summary>
        <form onSubmit={applyFilters} className="mt-3 space-y-3">
          <FilterBuilder filters={drafts} onChange={setDrafts} catalog={catalog} projectId={projectId} legend="Board filters" hideLegend />
          {filterError ? (
            <p role="alert" className="text-sm text-red-700">
              {filterError}
            </p>
          ) : null}
          <Button type="submit" variant="secondary">
            Apply filters
          </Button>
        </form>
      </details>

      {canEdit && (whereChanged || rangeChanged) ? (
        <div className="flex flex-wrap items-center gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          This view&apos;s range or filters differ from the board&apos;s own.
          <button type="button" className={buttonClass("secondary", "px-2 py-1 text-xs")} onClick={saveScope}>
            Save as the board&apos;s
          </button>
        </div>
      ) : null}

      {status ? (
        <p role={status.tone === "error" ? "alert" : "status"} className={`text-sm ${status.tone === "error" ? "text-red-700" : "text-slate-500"}`}>
          {status.text}
        </p>
      ) : null}

      {canEdit ? (
        <div className="flex flex-wrap items-start gap-3">
          <AddTile catalog={catalog} savedReports={savedReports} onAdd={(tile) => save({ tiles: [...board.tiles, tile] }, "Tile added.")} bottom={board.tiles.reduce((m, t) => Math.max(m, t.y + t.h), 0)} />
          <ShareBoard projectId={projectId} boardId={board.id} shared={board.shared} onChange={(shared) => setBoard({ ...board, shared })} />
        </div>
      ) : null}

      {board.tiles.length === 0 ? (
        <div className="rounded-xl border-2 border-dashed border-slate-300 bg-white/50 px-6 py-10 text-center text-sm text-slate-500">
          {canEdit ? "This board has no tiles yet: add a report or a note above, or use “Add to board” on any report page." : "This board has no tiles yet."}
        </div>
      ) : (
        <BoardGrid
          tiles={board.tiles}
          editable={canEdit}
          onLayout={onLayout}
          render={(tile) => (
            <BoardTile
              title={tileTitle(tile)}
              text={"text" in tile ? tile.text : undefined}
              timezone={timezone}
              cohortNames={cohortNames}
              refreshKey={refreshKey}
              source={{ load: (signal) => loadTile(projectId, board.id, tile.id, request, signal) }}
              actions={
                canEdit ? (
                  <button
                    type="button"
                    className="rounded px-1.5 py-0.5 text-xs text-slate-500 ring-1 ring-slate-200 hover:bg-red-50 hover:text-red-700"
                    aria-label={`Remove ${tileTitle(tile) || "note"}`}
                    onClick={() => window.confirm("Remove this tile from the board?") && removeTile(tile.id)}
                  >
                    ✕
                  </button>
                ) : null
              }
            />
          )}
        />
      )}
    </div>
  );
}
