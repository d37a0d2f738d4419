// The board every new project starts with: the Overview's numbers as tiles,
// and a note saying what a board is for.
import type { BoardScope, TileInput } from "./schema";
import { withIds } from "./stored";

const TILES: TileInput[] = [
  { title: "Events per day", overview: "events", x: 0, y: 0, w: 6, h: 5 },
  { title: "Unique users per day", overview: "users", x: 6, y: 0, w: 6, h: 5 },
  { title: "Top events", overview: "top_events", x: 0, y: 5, w: 6, h: 5 },
  {
    title: "About this board",
    text: "The project's **Overview** numbers. Add any report with **Add to board** on its page, drag tiles by their header, resize them from their corner, and **Share** the board with a read-only link.",
    x: 6,
    y: 5,
    w: 6,
    h: 3,
  },
];

export function defaultBoard(projectId: string, createdById: string | null) {
  const scope: BoardScope = { range: "last_7_days", where: [] };
  return { projectId, name: "Overview", scope: scope as object, tiles: withIds(TILES) as object[], createdById };
}
