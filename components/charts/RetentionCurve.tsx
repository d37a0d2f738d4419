"use client";

// The retention curve: per period, the share of all cohorts' persons who came
// back (cohorts weighted by size; only cohorts old enough for that period).
import { CategoryScale, Chart as ChartJS, Filler, LinearScale, LineElement, PointElement, Tooltip } from "chart.js";
import { Line } from "react-chartjs-2";
import { color } from "./palette";

ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, Tooltip, Filler);

export function RetentionCurve({ labels, percents, counts, title }: { labels: string[]; percents: (number | null)[]; counts: { returned: number; of: number }[]; title: string }) {
  return (
    <div className="relative h-64 w-full" role="img" aria-label={title}>
      <Line
        data={{
          labels,
          datasets: [
            {
              label: "Retained",
              data: percents,
              borderColor: color(0),
              backgroundColor: color(0, 0.1),
              fill: true,
              tension: 0,
              pointRadius: labels.length > 40 ? 0 : 3,
              spanGaps: false,
            },
          ],
        }}
        options={{
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          interaction: { mode: "index", intersect: false },
          plugins: {
            legend: { display: false },
            tooltip: {
              callbacks: {
                label: (item) => {
                  const c = counts[item.dataIndex];
                  return ` ${Number(item.raw).toFixed(1)}% (${c.returned.toLocaleString("en-US")} of ${c.of.toLocaleString("en-US")})`;
                },
              },
            },
          },
          scales: {
            y: { beginAtZero: true, max: 100, ticks: { callback: (v) => `${v}%` } },
            x: { grid: { display: false }, ticks: { maxTicksLimit: 16, maxRotation: 0 } },
          },
        }}
      />
    </div>
  );
}
