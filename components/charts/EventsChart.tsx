"use client";

// The Overview's events and unique users per bucket. Straight lines (a curve
// invents values between points); the bucket in progress dashed; unique users
// on a right axis when events dwarf them (./axes.ts).
import { CategoryScale, Chart as ChartJS, Filler, Legend, LinearScale, LineElement, PointElement, Tooltip } from "chart.js";
import { Line } from "react-chartjs-2";
import { assignAxes, INCOMPLETE_DASH, incompleteNote, RIGHT_AXIS_NOTE, RIGHT_AXIS_SCALE } from "./axes";
import { ChartNotes } from "./ChartNotes";

ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, Tooltip, Legend, Filler);

export interface SeriesPoint {
  label: string;
  events: number;
  users: number;
}

/** Events and unique users per bucket. Labels come pre-formatted in the project's zone. */
export function EventsChart({ points, title, incompleteIndex = null }: { points: SeriesPoint[]; title: string; incompleteIndex?: number | null }) {
  const [, usersAxis] = assignAxes([Math.max(0, ...points.map((p) => p.events)), Math.max(0, ...points.map((p) => p.users))]);
  const segment = { borderDash: (ctx: { p1DataIndex: number }) => (incompleteIndex !== null && ctx.p1DataIndex === incompleteIndex ? INCOMPLETE_DASH : undefined) };
  const pointRadius = points.length > 60 ? 0 : 2;
  return (
    <div>
      <div className="relative h-72 w-full" role="img" aria-label={title}>
        <Line
          data={{
            labels: points.map((p) => p.label),
            datasets: [
              {
                label: "Events",
                data: points.map((p) => p.events),
                borderColor: "rgb(79 70 229)",
                backgroundColor: "rgba(79, 70, 229, 0.08)",
                fill: true,
                tension: 0,
                segment,
                pointRadius,
              },
              {
                label: usersAxis === "y1" ? `Unique users${RIGHT_AXIS_NOTE}` : "Unique users",
                data: points.map((p) => p.users),
                yAxisID: usersAxis,
                borderColor: "rgb(16 185 129)",
                backgroundColor: "rgba(16, 185, 129, 0.08)",
                tension: 0,
                segment,
                pointRadius,
              },
            ],
          }}
          options={{
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            interaction: { mode: "index", intersect: false },
            plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
            scales: {
              y: { beginAtZero: true, ticks: { precision: 0 } },
              ...(usersAxis === "y1" ? RIGHT_AXIS_SCALE : {}),
              x: { ticks: { maxTicksLimit: 12, autoSkip: true }, grid: { display: false } },
            },
          }}
        />
      </div>
      <ChartNotes
        notes={[
          incompleteIndex !== null ? incompleteNote(points[incompleteIndex]?.label, "dashed segment") : null,
          usersAxis === "y1" ? "Unique users are drawn against the right axis: events outnumber them many times over." : null,
        ]}
      />
    </div>
  );
}
