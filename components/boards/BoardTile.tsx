"use client";

// One tile of a board: it fetches its own numbers (so one slow tile never holds
// the others), shows when they were computed and which of the board's range
// and filters they obey, compares its headline figure with the previous period,
// and has its own refresh. `refreshKey` changing (TV mode, a new range) reloads it.
import { useCallback, useEffect, useRef, useState } from "react";
import { ChangeBadge } from "@/components/reports/trends/TrendsTable";
import { formatNumber } from "@/components/reports/format";
import type { TileAnswer } from "@/lib/boards/compute";
import { HEADLINE_LABELS } from "@/lib/boards/headline";
import { filterText } from "./filterText";
import { Markdown } from "./Markdown";
import { TileBody } from "./TileBody";

export interface TileSource {
  /** Fetches the tile's answer; throws an Error with a readable message. */
  load: (signal: AbortSignal) => Promise<TileAnswer>;
}

type State = { status: "loading"; answer: TileAnswer | null } | { status: "done"; answer: TileAnswer } | { status: "error"; message: string; answer: TileAnswer | null };

function timeAgo(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  return new Date(iso).toLocaleString();
}

export function BoardTile({
  title,
  text,
  source,
  refreshKey,
  timezone,
  actions,
  cohortNames,
}: {
  /** Cohort ids to names, for the filters the tile says it obeys. */
  cohortNames?: Map<string, string>;
  title: string;
  /** A text tile's Markdown: shown as it is, nothing to load. */
  text?: string;
  source: TileSource;
  refreshKey: string;
  timezone: string;
  /** Editing controls (remove), shown in the tile's header. */
  actions?: React.ReactNode;
}) {
  const [state, setState] = useState<State>({ status: "loading", answer: null });
  const [now, setNow] = useState(() => Date.now());
  const sourceRef = useRef(source);
  sourceRef.current = source;
  const controller = useRef<AbortController | null>(null);

  const load = useCallback(() => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setState((s) => ({ status: "loading", answer: s.answer }));
    sourceRef.current
      .load(abort.signal)
      .then((answer) => !abort.signal.aborted && setState({ status: "done", answer }))
      .catch((error: unknown) => {
        if (abort.signal.aborted) return;
        setState((s) => ({ status: "error", message: error instanceof Error ? error.message : "The tile could not load.", answer: s.answer }));
      });
  }, []);

  useEffect(() => {
    if (text !== undefined) return;
    load();
    return () => controller.current?.abort();
  }, [load, refreshKey, text]);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  if (text !== undefined) {
    return (
      <section aria-label={title || "Note"} className="flex h-full w-full flex-col overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <header className="tile-drag-handle flex items-start justify-between gap-2 px-3 pt-2">
          {title ? <h2 className="truncate text-sm font-semibold text-slate-900">{title}</h2> : <span className="sr-only">Note</span>}
          <div className="tile-controls ml-auto flex shrink-0 items-center gap-1">{actions}</div>
        </header>
        <div className="min-h-0 flex-1 overflow-auto px-3 pb-2">
          <Markdown text={text} />
        </div>
      </section>
    );
  }

  const answer = state.answer;
  const shownTitle = answer?.title || title;
  const error = state.status === "error" ? state.message : answer?.error?.message;
  const isText = answer?.text !== undefined;

  return (
    <section aria-label={shownTitle || "Note"} aria-busy={state.status === "loading"} className="flex h-full w-full flex-col overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <header className="tile-drag-handle flex items-start justify-between gap-2 border-b border-slate-100 px-3 py-2">
        <div className="min-w-0">
          {shownTitle ? <h2 className="truncate text-sm font-semibold text-slate-900">{shownTitle}</h2> : null}
          {answer && !isText && answer.applied ? (
            <p className="truncate text-xs text-slate-500" title={appliedTitle(answer, cohortNames)}>
              {answer.applied.label}
              {!answer.applied.filtersApply
                ? " · board filters do not apply"
                : answer.applied.where.length
                  ? ` · filtered: ${answer.applied.where.map((f) => filterText(f, cohortNames)).join("; ")}`
                  : " · no board filters"}
            </p>
          ) : null}
        </div>
        <div className="tile-controls flex shrink-0 items-center gap-1">
          {!isText ? (
            <button
              type="button"
              onClick={load}
              className="rounded px-1.5 py-0.5 text-xs text-slate-600 ring-1 ring-slate-200 hover:bg-slate-50"
              aria-label={`Refresh ${shownTitle || "tile"}`}
              disabled={state.status === "loading"}
            >
              {state.status === "loading" ? "…" : "↻"}
            </button>
          ) : null}
          {actions}
        </div>
      </header>
      <div className="min-h-0 flex-1 overflow-auto px-3 py-2">
        {isText ? (
          <Markdown text={answer!.text!} />
        ) : error ? (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        ) : answer?.result ? (
          <div className={state.status === "loading" ? "opacity-50" : ""}>
            {answer.total !== undefined && answer.total !== null && answer.kind ? (
              <p className="mb-1 flex items-baseline gap-2">
                <span className="text-xl font-semibold tabular-nums text-slate-900">{formatNumber(answer.total)}</span>
                <span className="text-xs text-slate-500">{HEADLINE_LABELS[answer.kind as keyof typeof HEADLINE_LABELS] ?? ""}</span>
                {answer.previous && answer.previous.total !== null ? (
                  <span className="text-xs text-slate-500">
                    <ChangeBadge current={answer.total} previous={answer.previous.total} /> vs previous period ({formatNumber(answer.previous.total)})
                  </span>
                ) : null}
              </p>
            ) : null}
            <TileBody tile={answer} timezone={timezone} />
          </div>
        ) : (
          <p className="text-sm text-slate-500">Loading…</p>
        )}
      </div>
      {answer && !isText ? (
        <footer className="border-t border-slate-100 px-3 py-1 text-xs text-slate-500">
          Computed <time dateTime={answer.computedAt}>{timeAgo(answer.computedAt, now)}</time>
        </footer>
      ) : null}
    </section>
  );
}

function appliedTitle(answer: TileAnswer, cohortNames?: Map<string, string>): string {
  const applied = answer.applied!;
  const filters = applied.where.map((f) => filterText(f, cohortNames));
  if (!applied.filtersApply) return `Obeys the board's range (${applied.label}); the Overview's numbers take no filters`;
  return `Obeys the board's range (${applied.label})${filters.length ? ` and filters: ${filters.join("; ")}` : ""}`;
}
