"use client";

// Trends as a line or bar chart: one dataset per series (and breakdown value);
// the previous period, when compared, dashed in the same colour.
import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip, type ChartOptions } from "chart.js";
import { Bar, Line } from "react-chartjs-2";
import { color } from "./palette";

ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, BarElement, Tooltip, Legend);

export interface TrendsDataset {
  label: string;
  values: number[];
  colorIndex: number;
  /** The previous period's values, aligned bucket by bucket. */
  previous?: boolean;
  /** Bucket labels of the previous period, for tooltips. */
  previousLabels?: string[];
}

const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export function TrendsChart({ labels, datasets, type, title }: { labels: string[]; datasets: TrendsDataset[]; type: "line" | "bar"; title: string }) {
  const many = labels.length > 45;
  const data = {
    labels,
    datasets: datasets.map((d) => ({
      label: d.label,
      data: d.values,
      borderColor: color(d.colorIndex, d.previous ? 0.7 : 1),
      backgroundColor: type === "bar" ? color(d.colorIndex, d.previous ? 0.25 : 0.85) : color(d.colorIndex, 0.1),
      borderDash: d.previous ? [6, 4] : undefined,
      borderWidth: type === "bar" ? (d.previous ? 1 : 0) : d.previous ? 1.5 : 2,
      pointRadius: many || d.previous ? 0 : 2,
      pointHoverRadius: 4,
      tension: 0.15,
    })),
  };
  const options: ChartOptions<"line" | "bar"> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: "index", intersect: false },
    plugins: {
      legend: {
        position: "bottom",
        // The previous period shares its series' colour; the note under the chart says it is dashed.
        labels: { boxWidth: 12, filter: (item) => !datasets[item.datasetIndex ?? 0]?.previous },
      },
      tooltip: {
        callbacks: {
          label: (item) => {
            const d = datasets[item.datasetIndex];
            const when = d.previous && d.previousLabels?.[item.dataIndex] ? ` (${d.previousLabels[item.dataIndex]})` : "";
            return ` ${d.label}${when}: ${number.format(Number(item.raw))}`;
          },
        },
      },
    },
    scales: {
      y: { beginAtZero: true, ticks: { precision: 0 } },
      x: { ticks: { maxTicksLimit: 12, autoSkip: true, maxRotation: 0 }, grid: { display: false } },
    },
  };
  const shown = datasets.filter((d) => !d.previous).length;
  const compared = datasets.some((d) => d.previous);
  return (
    <div>
    <div className={`relative w-full ${shown > 8 ? "h-[28rem]" : "h-80"}`} role="img" aria-label={title}>
      {type === "bar" ? (
        <Bar data={data} options={options as ChartOptions<"bar">} />
      ) : (
        <Line data={data} options={options as ChartOptions<"line">} />
      )}
    </div>
    {compared ? <p className="mt-2 text-center text-xs text-slate-500">Dashed lines: the previous period, aligned bucket by bucket.</p> : null}
    </div>
  );
}
