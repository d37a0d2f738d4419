"use client";

// One metric's value over time per variant (MetricResult.overTime): a line per
// variant, each point the figure as it stood at the end of that day, over the
// persons exposed by then. Lines that cross early and settle apart are what
// peeking looks like; lines that keep swapping say the difference is noise.
import { CategoryScale, Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip, type ChartOptions } from "chart.js";
import { Line } from "react-chartjs-2";
import type { OverTimePoint } from "@/lib/experiments/overTime";
import type { Metric } from "@/lib/experiments/definition";
import { ChartNotes } from "@/components/charts/ChartNotes";
import { color } from "@/components/charts/palette";
import { formatValue } from "./verdict";

ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, Tooltip, Legend);

/** Axis ticks: a rate in percent, anything else as a number, without trailing zeros. */
const tick = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

interface MetricOverTimeChartProps {
  metric: Metric;
  variants: string[];
  points: OverTimePoint[];
  interval: "day" | "week" | "month";
  title: string;
}

export function MetricOverTimeChart({ metric, variants, points, interval, title }: MetricOverTimeChartProps) {
  const labels = points.map((p) => p.day);
  const many = labels.length > 45;
  const data = {
    labels,
    datasets: variants.map((key, index) => ({
      label: index === 0 ? `${key} (control)` : key,
      // No one exposed yet: a gap, not a zero.
      data: points.map((p) => p.variants[key]?.mean ?? null),
      borderColor: color(index),
      backgroundColor: color(index, 0.1),
      borderWidth: 2,
      pointRadius: many ? 0 : 2,
      pointHoverRadius: 4,
      tension: 0,
    })),
  };
  const options: ChartOptions<"line"> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: "index", intersect: false },
    plugins: {
      legend: { position: "bottom", labels: { boxWidth: 12 } },
      tooltip: {
        callbacks: {
          label: (item) => {
            const key = variants[item.datasetIndex];
            const figures = points[item.dataIndex]?.variants[key];
            if (!figures || figures.mean === null) return ` ${key}: no exposures yet`;
            return ` ${key}: ${formatValue(metric, figures.mean)} (${figures.exposures.toLocaleString("en-US")} exposed)`;
          },
        },
      },
    },
    scales: {
      y: { beginAtZero: true, ticks: { callback: (value) => tick.format(Number(value) * (metric.kind === "conversion" ? 100 : 1)) + (metric.kind === "conversion" ? "%" : "") } },
      x: { ticks: { maxTicksLimit: 12, autoSkip: true, maxRotation: 0 }, grid: { display: false } },
    },
  };
  return (
    <div>
      <div className="relative h-64 w-full" role="img" aria-label={title}>
        <Line data={data} options={options} />
      </div>
      <ChartNotes
        notes={[
          `Each point: the ${metric.kind === "conversion" ? "rate" : "mean"} at the end of that ${interval}, over everyone exposed by then.`,
        ]}
      />
    </div>
  );
}
