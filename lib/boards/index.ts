// Boards (API.md 8): report and text tiles on a grid, with one range and
// filters over every report tile. Callers (API routes, pages) have already
// checked who may do what (lib/auth); every read and write here is scoped to
// the project it is given, so one project's id never reaches another's board.
import type { Board as BoardRow } from "../db";
import { connections } from "../db";
import { ApiError } from "../http/errors";
import { normalizeScope, type BoardScope, type CreateBoardInput, type Tile, type TileInput, type UpdateBoardInput } from "./schema";
import { storedScope, storedTiles, withIds } from "./stored";

export { computeTile, computeBoard, type TileAnswer, type TileComputation } from "./compute";
export { resolveBoardRange, type BoardRange } from "./range";
export * from "./schema";
export { storedScope, storedTiles } from "./stored";

export interface BoardSummary {
  id: string;
  name: string;
  tileCount: number;
  shared: boolean;
  updatedAt: string;
}

export interface BoardDetail extends BoardScope {
  id: string;
  name: string;
  tiles: Tile[];
  /** Whether a public link is open; the link itself is shown only when it is made. */
  shared: boolean;
  sharedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

function notFound(): ApiError {
  return new ApiError(404, "board_not_found", "No such board in this project.");
}

export function boardDetail(row: BoardRow): BoardDetail {
  return {
    id: row.id,
    name: row.name,
    ...storedScope(row),
    tiles: storedTiles(row),
    shared: row.shareTokenHash !== null,
    sharedAt: row.sharedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A board id: a string, never an object Prisma would read as a filter. */
export function boardId(value: unknown): string {
  if (typeof value !== "string" || value.length < 1 || value.length > 100) throw notFound();
  return value;
}

export async function listBoards(projectId: string): Promise<BoardSummary[]> {
  const rows = await connections().prisma.board.findMany({ where: { projectId }, orderBy: [{ name: "asc" }, { createdAt: "asc" }] });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    tileCount: storedTiles(row).length,
    shared: row.shareTokenHash !== null,
    updatedAt: row.updatedAt.toISOString(),
  }));
}

export async function boardRow(projectId: string, id: string): Promise<BoardRow> {
  const row = await connections().prisma.board.findFirst({ where: { id: boardId(id), projectId } });
  if (!row) throw notFound();
  return row;
}

export async function getBoard(projectId: string, id: string): Promise<BoardDetail> {
  return boardDetail(await boardRow(projectId, id));
}

export async function createBoard(projectId: string, userId: string | null, input: CreateBoardInput): Promise<BoardDetail> {
  const row = await connections().prisma.board.create({
    data: {
      projectId,
      name: input.name,
      scope: normalizeScope(input) as object,
      tiles: withIds(input.tiles) as object[],
      createdById: userId,
    },
  });
  return boardDetail(row);
}

export async function updateBoard(projectId: string, id: string, input: UpdateBoardInput): Promise<BoardDetail> {
  const row = await boardRow(projectId, id);
  const scopeChanged = input.range !== undefined || input.from !== undefined || input.to !== undefined || input.where !== undefined;
  const updated = await connections().prisma.board.update({
    where: { id: row.id },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(scopeChanged ? { scope: normalizeScope(input, storedScope(row)) as object } : {}),
      ...(input.tiles !== undefined ? { tiles: withIds(input.tiles) as object[] } : {}),
    },
  });
  return boardDetail(updated);
}

/** A copy with the same tiles, range and filters; never the public link. */
export async function duplicateBoard(projectId: string, userId: string | null, id: string, name?: string): Promise<BoardDetail> {
  const row = await boardRow(projectId, id);
  const copyName = (name ?? `${row.name} (copy)`).slice(0, 100);
  const copy = await connections().prisma.board.create({
    data: { projectId, name: copyName, scope: storedScope(row) as object, tiles: storedTiles(row) as object[], createdById: userId },
  });
  return boardDetail(copy);
}

export async function deleteBoard(projectId: string, id: string): Promise<void> {
  const { count } = await connections().prisma.board.deleteMany({ where: { id: boardId(id), projectId } });
  if (!count) throw notFound();
}

/** Adds one tile under the board's lowest one (the report pages' "Add to board"). */
export async function addTile(projectId: string, id: string, tile: TileInput): Promise<BoardDetail> {
  const row = await boardRow(projectId, id);
  const tiles = storedTiles(row);
  const bottom = tiles.reduce((max, t) => Math.max(max, t.y + t.h), 0);
  return updateBoard(projectId, id, { tiles: [...tiles, { ...tile, id: undefined, x: 0, y: bottom }] });
}
