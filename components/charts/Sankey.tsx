"use client";

// A Sankey diagram of paths, drawn in SVG: a column per step, a node per event
// (height by persons), a band per link (width by persons). Hovering or focusing
// a node (Tab moves between them) shows its counts and highlights its links;
// hovering a link shows its count. The table beside it carries the same numbers.
import { useMemo, useState } from "react";
import { eventLabel } from "@/components/format/event";
import { color, colorIndexOf } from "./palette";

export interface SankeyNode {
  id: string;
  step: number;
  event: string;
  users: number;
}

export interface SankeyLink {
  from: string;
  to: string;
  users: number;
}

const NODE_WIDTH = 12;
const COLUMN_GAP = 210;
const HEIGHT = 440;
const PAD = 12;
const LABEL_ROOM = 170;

const number = new Intl.NumberFormat("en-US");

interface Placed extends SankeyNode {
  x: number;
  y: number;
  h: number;
}

interface Band extends SankeyLink {
  d: string;
  w: number;
  source: Placed;
  target: Placed;
}

function layout(nodes: SankeyNode[], links: SankeyLink[]) {
  const steps = Math.max(1, ...nodes.map((n) => n.step));
  const columns = Array.from({ length: steps }, (_, i) => nodes.filter((n) => n.step === i + 1));
  const scale = Math.min(
    ...columns.filter((c) => c.length).map((c) => (HEIGHT - PAD * (c.length - 1)) / Math.max(1, c.reduce((s, n) => s + n.users, 0))),
  );
  const placed = new Map<string, Placed>();
  columns.forEach((column, i) => {
    let y = 0;
    for (const node of column) {
      const h = Math.max(2, node.users * scale);
      placed.set(node.id, { ...node, x: i * COLUMN_GAP, y, h });
      y += h + PAD;
    }
  });
  const out = new Map<string, number>();
  const into = new Map<string, number>();
  const ordered = [...links]
    .filter((l) => placed.has(l.from) && placed.has(l.to))
    .sort((a, b) => placed.get(a.from)!.y - placed.get(b.from)!.y || placed.get(a.to)!.y - placed.get(b.to)!.y);
  const bands: Band[] = [];
  // Outgoing bands stacked by target position, incoming by source position.
  const bySource = [...ordered].sort((a, b) => placed.get(a.from)!.y - placed.get(b.from)!.y || placed.get(a.to)!.y - placed.get(b.to)!.y);
  const sy = new Map<Band | SankeyLink, number>();
  for (const link of bySource) {
    const w = link.users * scale;
    const offset = out.get(link.from) ?? 0;
    sy.set(link, placed.get(link.from)!.y + offset + w / 2);
    out.set(link.from, offset + w);
  }
  const byTarget = [...ordered].sort((a, b) => placed.get(a.to)!.y - placed.get(b.to)!.y || placed.get(a.from)!.y - placed.get(b.from)!.y);
  for (const link of byTarget) {
    const source = placed.get(link.from)!;
    const target = placed.get(link.to)!;
    const w = link.users * scale;
    const offset = into.get(link.to) ?? 0;
    const ty = target.y + offset + w / 2;
    into.set(link.to, offset + w);
    const x0 = source.x + NODE_WIDTH;
    const x1 = target.x;
    const mid = (x0 + x1) / 2;
    const y0 = sy.get(link)!;
    bands.push({ ...link, w: Math.max(1, w), source, target, d: `M${x0},${y0} C${mid},${y0} ${mid},${ty} ${x1},${ty}` });
  }
  return { steps, placed: [...placed.values()], bands, width: (steps - 1) * COLUMN_GAP + NODE_WIDTH + LABEL_ROOM };
}

function labelOf(event: string, otherLabel: string): string {
  if (event === "$other") return otherLabel;
  return eventLabel(event);
}

export function Sankey({
  nodes,
  links,
  title,
  otherLabel = "Other events",
}: {
  nodes: SankeyNode[];
  links: SankeyLink[];
  title: string;
  /** What the grouped rest of a step is called ("Other pages" when steps are pages). */
  otherLabel?: string;
}) {
  const label = (event: string) => labelOf(event, otherLabel);
  const { placed, bands, width } = useMemo(() => layout(nodes, links), [nodes, links]);
  const [focus, setFocus] = useState<{ node?: string; link?: Band } | null>(null);
  const firstStep = placed.filter((n) => n.step === 1).reduce((s, n) => s + n.users, 0) || 1;

  const active = focus?.node ?? null;
  const related = (band: Band) => (active ? band.from === active || band.to === active : focus?.link ? band === focus.link : true);

  const tip = (() => {
    if (focus?.node) {
      const node = placed.find((n) => n.id === focus.node)!;
      const outgoing = bands.filter((b) => b.from === node.id).sort((a, b) => b.users - a.users);
      const onward = outgoing.reduce((s, b) => s + b.users, 0);
      return {
        x: node.x,
        y: node.y + node.h,
        lines: [
          `Step ${node.step}: ${label(node.event)}`,
          `${number.format(node.users)} persons (${((node.users / firstStep) * 100).toFixed(1)}% of step 1)`,
          ...outgoing.slice(0, 4).map((b) => `→ ${label(b.target.event)}: ${number.format(b.users)}`),
          ...(outgoing.length && node.users - onward > 0 ? [`ended here: ${number.format(node.users - onward)}`] : []),
        ],
      };
    }
    if (focus?.link) {
      const b = focus.link;
      return {
        x: (b.source.x + b.target.x) / 2,
        y: (b.source.y + b.target.y) / 2 + 20,
        lines: [`${label(b.source.event)} → ${label(b.target.event)}`, `${number.format(b.users)} persons (${((b.users / b.source.users) * 100).toFixed(1)}% of step ${b.source.step})`],
      };
    }
    return null;
  })();

  return (
    <div className="relative overflow-x-auto">
      <svg
        role="group"
        aria-label={title}
        viewBox={`-2 -2 ${width + 4} ${HEIGHT + 4}`}
        width={width + 4}
        height={HEIGHT + 4}
        className="block max-w-none"
        onMouseLeave={() => setFocus(null)}
      >
        <g fill="none">
          {bands.map((band, i) => (
            <path
              key={i}
              d={band.d}
              stroke={color(colorIndexOf(band.source.event), related(band) && focus ? 0.55 : focus ? 0.08 : 0.28)}
              strokeWidth={band.w}
              onMouseEnter={() => setFocus({ link: band })}
            >
              <title>{`${label(band.source.event)} → ${label(band.target.event)}: ${number.format(band.users)} persons`}</title>
            </path>
          ))}
        </g>
        {placed.map((node) => {
          const last = node.x + NODE_WIDTH + LABEL_ROOM > width + 1;
          const dim = active !== null && active !== node.id && !bands.some((b) => related(b) && (b.from === node.id || b.to === node.id));
          return (
            <g key={node.id} opacity={dim ? 0.35 : 1}>
              <rect
                x={node.x}
                y={node.y}
                width={NODE_WIDTH}
                height={node.h}
                rx={2}
                fill={color(colorIndexOf(node.event))}
                tabIndex={0}
                role="img"
                aria-label={`Step ${node.step}, ${label(node.event)}: ${number.format(node.users)} persons`}
                className="cursor-pointer outline-none focus:stroke-slate-900 focus:stroke-2"
                onMouseEnter={() => setFocus({ node: node.id })}
                onFocus={() => setFocus({ node: node.id })}
                onBlur={() => setFocus(null)}
              />
              {node.h >= 12 || node.users / firstStep > 0.02 ? (
                <text
                  x={last ? node.x - 6 : node.x + NODE_WIDTH + 6}
                  y={node.y + node.h / 2}
                  dominantBaseline="middle"
                  textAnchor={last ? "end" : "start"}
                  className="pointer-events-none fill-slate-700 text-[11px]"
                >
                  <tspan className="font-medium">{label(node.event).length > 22 ? `${label(node.event).slice(0, 21)}…` : label(node.event)}</tspan>
                  <tspan className="fill-slate-500"> {number.format(node.users)}</tspan>
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      {tip ? (
        <div
          role="status"
          className="pointer-events-none absolute z-10 max-w-xs rounded-md bg-slate-900 px-3 py-2 text-xs text-white shadow-lg"
          style={{ left: Math.max(0, Math.min(tip.x, width - 220)), top: Math.max(0, Math.min(tip.y + 8, HEIGHT - tip.lines.length * 16 - 20)) }}
        >
          {tip.lines.map((line, i) => (
            <p key={i} className={i === 0 ? "font-semibold" : ""}>
              {line}
            </p>
          ))}
        </div>
      ) : null}
    </div>
  );
}
