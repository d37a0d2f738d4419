// A board row's JSON columns read back through the same schemas that wrote
// them, and tile ids handed out.
import { randomBytes } from "node:crypto";
import type { Board as BoardRow } from "../db";
import { normalizeScope, storedScopeSchema, tilesSchema, type BoardScope, type Tile, type TileInput } from "./schema";

/** Every tile with an id of its own: new tiles get one, a repeated id is replaced. */
export function withIds(tiles: TileInput[]): Tile[] {
  const seen = new Set<string>();
  return tiles.map((tile) => {
    let id = tile.id;
    if (!id || seen.has(id)) id = randomBytes(6).toString("base64url");
    seen.add(id);
    return { ...tile, id };
  });
}

/** The stored JSON, read back through the same schemas (a row written by an older version still reads). */
export function storedTiles(row: Pick<BoardRow, "tiles">): Tile[] {
  const parsed = tilesSchema.safeParse(row.tiles);
  return parsed.success ? withIds(parsed.data) : [];
}

export function storedScope(row: Pick<BoardRow, "scope">): BoardScope {
  const parsed = storedScopeSchema.safeParse(row.scope);
  return parsed.success ? normalizeScope(parsed.data) : normalizeScope({});
}

