// A tile's numbers: its report (or its saved report's query) run through the
// one report entry point (lib/query runReport, under the report time limit)
// with the board's range, and the board's filters appended to the report's own.
// A text tile has no numbers; its Markdown is handed back as text.
import type { Board as BoardRow } from "../db";
import { connections } from "../db";
import { ApiError } from "../http/errors";
import { reportContext, runReport, type ReportResult } from "../query";
import type { WhereFilter } from "../query/model";
import { headline } from "./headline";
import { overviewTile, type OverviewTileResult } from "./overviewTile";
import { resolveBoardRange, type BoardRange } from "./range";
import { normalizeScope, type BoardScope, type Tile, type TileRequest } from "./schema";
import { storedScope, storedTiles } from "./stored";

/** A report's answer, or an Overview tile's. */
export type TileResult = ReportResult | OverviewTileResult;

export interface TileComputation {
  /**
   * The range and filters the tile's numbers obey (the board's, or the page's
   * overrides); an Overview tile obeys the range only (`filtersApply` false).
   */
  applied: { from: string; to: string; label: string; where: WhereFilter[]; filtersApply: boolean };
  kind: string;
  /** The report's interval (trends, retention), for the tile's labels. */
  interval?: string;
  result: TileResult;
  /** With compare: the same report on the period before, of equal length, and the change of its headline figure. */
  previous?: { from: string; to: string; total: number | null; change: number | null };
  total: number | null;
}

export interface TileAnswer {
  id: string;
  title: string;
  x: number;
  y: number;
  w: number;
  h: number;
  text?: string;
  result?: TileResult;
  computedAt: string;
  /** Report tiles only. */
  kind?: string;
  interval?: string;
  applied?: TileComputation["applied"];
  previous?: TileComputation["previous"];
  total?: number | null;
  /** A tile whose report failed (timeout, a deleted saved report, a bad range) says why; the others still answer. */
  error?: { code: string; message: string };
}

interface Project {
  id: string;
  timezone: string;
}

/** The tile's own query (without range), or null for a text tile. */
async function tileQuery(projectId: string, tile: Exclude<Tile, { overview: unknown }>): Promise<Record<string, unknown> | null> {
  if ("text" in tile) return null;
  if ("report" in tile) return tile.report;
  const saved = await connections().prisma.savedReport.findFirst({ where: { id: tile.savedReportId, projectId } });
  if (!saved) throw new ApiError(404, "saved_report_not_found", "This tile's saved report was deleted.");
  return { ...(saved.query as Record<string, unknown>), kind: saved.kind };
}

function titleOf(tile: Tile): string {
  return tile.title ?? "";
}

function base(tile: Tile) {
  return { id: tile.id, title: titleOf(tile), x: tile.x, y: tile.y, w: tile.w, h: tile.h };
}

/** The report a board runs for a tile: its query, the range, its own filters then the board's. */
export function boardQuery(query: Record<string, unknown>, range: { from: number; to: number }, where: WhereFilter[]): Record<string, unknown> {
  const own = Array.isArray(query.where) ? (query.where as unknown[]) : [];
  return { ...query, from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString(), where: [...own, ...where] };
}

/** `run` on the range, and with compare on the period before it; the headline figure of each. */
async function compute(
  scope: BoardScope,
  timezone: string,
  compare: boolean,
  what: { kind: string; interval?: string; filtersApply: boolean },
  run: (range: Pick<BoardRange, "from" | "to" | "interval">) => Promise<TileResult>,
): Promise<TileComputation> {
  const range = resolveBoardRange(scope, timezone);
  const [result, before] = await Promise.all([run(range), compare ? run({ ...range.previous, interval: range.interval }) : null]);
  const total = headline(result);
  const computation: TileComputation = {
    applied: { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString(), label: range.label, where: what.filtersApply ? scope.where : [], filtersApply: what.filtersApply },
    kind: what.kind,
    ...(what.interval ? { interval: what.interval } : {}),
    result,
    total,
  };
  if (before) {
    const previousTotal = headline(before);
    const change = total !== null && previousTotal !== null && previousTotal !== 0 ? (total - previousTotal) / previousTotal : null;
    computation.previous = { from: new Date(range.previous.from).toISOString(), to: new Date(range.previous.to).toISOString(), total: previousTotal, change };
  }
  return computation;
}

function computeReport(project: Project, query: Record<string, unknown>, scope: BoardScope, compare: boolean, signal?: AbortSignal): Promise<TileComputation> {
  const ctx = reportContext(project, signal);
  const interval = typeof query.interval === "string" ? query.interval : query.kind === "trends" || query.kind === "retention" ? "day" : undefined;
  return compute(scope, project.timezone, compare, { kind: String(query.kind), interval, filtersApply: true }, (range) => runReport(ctx, boardQuery(query, range, scope.where)));
}

/** The page's range and filters when it sends them, else the board's. */
export function effectiveScope(row: Pick<BoardRow, "scope">, request?: Partial<TileRequest>): BoardScope {
  const stored = storedScope(row);
  if (!request) return stored;
  return normalizeScope({ range: request.range, from: request.from, to: request.to, where: request.where }, stored);
}

/** One tile's answer; a failing report throws (its route answers the error). */
export async function computeTile(project: Project, row: BoardRow, tileId: string, request?: Partial<TileRequest>, signal?: AbortSignal): Promise<TileAnswer> {
  const tile = storedTiles(row).find((t) => t.id === tileId);
  if (!tile) throw new ApiError(404, "tile_not_found", "No such tile on this board.");
  if ("overview" in tile) {
    const scope = effectiveScope(row, request);
    const interval = resolveBoardRange(scope, project.timezone).interval;
    const computed = await compute(scope, project.timezone, request?.compare ?? false, { kind: "overview", interval, filtersApply: false }, (range) =>
      overviewTile(project, tile.overview, range, signal),
    );
    return { ...base(tile), ...computed, computedAt: new Date().toISOString() };
  }
  const query = await tileQuery(project.id, tile);
  if (!query) return { ...base(tile), text: (tile as { text: string }).text, computedAt: new Date().toISOString() };
  const computed = await computeReport(project, query, effectiveScope(row, request), request?.compare ?? false, signal);
  return { ...base(tile), ...computed, computedAt: new Date().toISOString() };
}

/** Every tile at once (the public API's answer); one failing tile answers its error, the others their numbers. */
export async function computeBoard(project: Project, row: BoardRow, signal?: AbortSignal): Promise<TileAnswer[]> {
  return Promise.all(
    storedTiles(row).map(async (tile) => {
      try {
        return await computeTile(project, row, tile.id, undefined, signal);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        return { ...base(tile), computedAt: new Date().toISOString(), error: { code: error.code, message: error.message } };
      }
    }),
  );
}
