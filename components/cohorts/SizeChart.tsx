"use client";

// A cohort's size at each computation: a line, straight between points (a
// curve would invent sizes nobody measured), times in the project's zone.
import { CategoryScale, Chart as ChartJS, Filler, LinearScale, LineElement, PointElement, Tooltip } from "chart.js";
import { Line } from "react-chartjs-2";
import { sizeLabels } from "./sizeLabels";
import { color } from "@/components/charts/palette";

ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, Tooltip, Filler);

export function SizeChart({ history, zone, title }: { history: { computedAt: string; count: number }[]; zone: string; title: string }) {
  return (
    <div className="relative h-56 w-full" role="img" aria-label={title}>
      <Line
        data={{
          labels: sizeLabels(history.map((p) => p.computedAt), zone),
          datasets: [
            {
              label: "Members",
              data: history.map((p) => p.count),
              borderColor: color(0),
              backgroundColor: color(0, 0.08),
              fill: true,
              tension: 0,
              pointRadius: history.length > 60 ? 0 : 3,
            },
          ],
        }}
        options={{
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          interaction: { mode: "index", intersect: false },
          plugins: { legend: { display: false } },
          scales: {
            y: { beginAtZero: true, ticks: { precision: 0 } },
            x: { ticks: { maxTicksLimit: 8, autoSkip: true }, grid: { display: false } },
          },
        }}
      />
    </div>
  );
}
