"use client";

import { CategoryScale, Chart as ChartJS, Filler, Legend, LinearScale, LineElement, PointElement, Tooltip } from "chart.js";
import { Line } from "react-chartjs-2";

ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, Tooltip, Legend, Filler);

export interface SeriesPoint {
  label: string;
  events: number;
  users: number;
}

/** Events and unique users per bucket. Labels come pre-formatted in the project's zone. */
export function EventsChart({ points, title }: { points: SeriesPoint[]; title: string }) {
  return (
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
              tension: 0.3,
              pointRadius: points.length > 60 ? 0 : 2,
            },
            {
              label: "Unique users",
              data: points.map((p) => p.users),
              borderColor: "rgb(16 185 129)",
              backgroundColor: "rgba(16, 185, 129, 0.08)",
              tension: 0.3,
              pointRadius: points.length > 60 ? 0 : 2,
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
            x: { ticks: { maxTicksLimit: 12, autoSkip: true }, grid: { display: false } },
          },
        }}
      />
    </div>
  );
}
