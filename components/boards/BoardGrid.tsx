"use client";

// The board's grid (react-grid-layout): tiles placed by x, y, w, h on 12
// columns. Editable boards drag a tile by its header and resize it from its
// corner; every finished move or resize reports the whole layout. Narrow
// screens (phones) get the tiles stacked in reading order instead.
import ReactGridLayout, { useContainerWidth, type Layout } from "react-grid-layout";
import "react-grid-layout/css/styles.css";
import "react-resizable/css/styles.css";
import type { ReactNode } from "react";

export interface GridTile {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export const GRID_COLUMNS = 12;
const ROW_HEIGHT = 72;
const STACK_BELOW = 640;

export function BoardGrid<T extends GridTile>({
  tiles,
  editable,
  onLayout,
  render,
}: {
  tiles: T[];
  editable: boolean;
  onLayout?: (layout: GridTile[]) => void;
  render: (tile: T) => ReactNode;
}) {
  const { width, containerRef, mounted } = useContainerWidth();
  const ordered = [...tiles].sort((a, b) => a.y - b.y || a.x - b.x);
  const stacked = !mounted || width < STACK_BELOW;
  const layout: Layout = tiles.map((t) => ({ i: t.id, x: t.x, y: t.y, w: t.w, h: t.h, minW: 2, minH: 2 }));

  return (
    <div ref={containerRef} data-testid="board-grid">
      {stacked ? (
        // Before the width is known (the server's HTML) and on phones: one column, in reading order.
        <ol className="space-y-3">
          {ordered.map((t) => (
            // As tall as its content: nothing is clipped, and a short note leaves no gap.
            <li key={t.id} data-tile-id={t.id}>
              {render(t)}
            </li>
          ))}
        </ol>
      ) : (
        <ReactGridLayout
          width={width}
          layout={layout}
          gridConfig={{ cols: GRID_COLUMNS, rowHeight: ROW_HEIGHT, margin: [12, 12], containerPadding: [0, 0] }}
          dragConfig={{ enabled: editable, handle: ".tile-drag-handle", cancel: ".tile-controls" }}
          resizeConfig={{ enabled: editable }}
          onDragStop={(finished: Layout) => onLayout?.(finished.map(({ i, x, y, w, h }) => ({ id: i, x, y, w, h })))}
          onResizeStop={(finished: Layout) => onLayout?.(finished.map(({ i, x, y, w, h }) => ({ id: i, x, y, w, h })))}
        >
          {tiles.map((t) => (
            <div key={t.id} data-tile-id={t.id}>
              {render(t)}
            </div>
          ))}
        </ReactGridLayout>
      )}
    </div>
  );
}
