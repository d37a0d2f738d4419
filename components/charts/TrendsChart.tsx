"use client";

// Trends as a line or bar chart: one dataset per series (and breakdown value);
// the previous period, when compared, dashed in the same colour. Lines are
// straight (a curve dips below real values and invents rises between points),
// the bucket still in progress is dashed (or paler, as a bar) and says so, and
// series of very different size get a second axis (./axes.ts).
import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip, type ChartOptions } from "chart.js";
import { Bar, Line } from "react-chartjs-2";
import { assignAxes, INCOMPLETE_DASH, incompleteNote, RIGHT_AXIS_NOTE, RIGHT_AXIS_SCALE } from "./axes";
import { ChartNotes } from "./ChartNotes";
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

interface TrendsChartProps {
  labels: string[];
  datasets: TrendsDataset[];
  type: "line" | "bar";
  title: string;
  /** The bucket still in progress (its period is not over), if the range reaches now. */
  incompleteIndex?: number | null;
}

export function TrendsChart({ labels, datasets, type, title, incompleteIndex = null }: TrendsChartProps) {
  const many = labels.length > 45;
  // A series and its previous period share an axis: decide from the current series.
  const current = datasets.filter((d) => !d.previous);
  const axes = assignAxes(current.map((d) => Math.max(0, ...d.values)));
  const axisOfSeries = new Map(current.map((d, i) => [d.colorIndex, axes[i]]));
  const twoAxes = [...axisOfSeries.values()].includes("y1");
  const isIncomplete = (index: number, d: TrendsDataset) => !d.previous && incompleteIndex !== null && index === incompleteIndex;
  const data = {
    labels,
    datasets: datasets.map((d) => {
      const axis = axisOfSeries.get(d.colorIndex) ?? "y";
      return {
        label: axis === "y1" ? `${d.label}${RIGHT_AXIS_NOTE}` : d.label,
        data: d.values,
        yAxisID: axis,
        borderColor: color(d.colorIndex, d.previous ? 0.7 : 1),
        backgroundColor:
          type === "bar"
            ? (ctx: { dataIndex: number }) => color(d.colorIndex, d.previous ? 0.25 : isIncomplete(ctx.dataIndex, d) ? 0.4 : 0.85)
            : color(d.colorIndex, 0.1),
        borderDash: d.previous ? [6, 4] : undefined,
        // The segment into the bucket in progress is dashed: it is not a drop, the period is not over.
        segment: { borderDash: (ctx: { p1DataIndex: number }) => (isIncomplete(ctx.p1DataIndex, d) ? INCOMPLETE_DASH : undefined) },
        borderWidth: type === "bar" ? (d.previous ? 1 : 0) : d.previous ? 1.5 : 2,
        pointRadius: many || d.previous ? 0 : 2,
        pointHoverRadius: 4,
        tension: 0,
      };
    }),
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
            const partial = isIncomplete(item.dataIndex, d) ? " (so far: this period is not over)" : "";
            return ` ${d.label}${when}: ${number.format(Number(item.raw))}${partial}`;
          },
        },
      },
    },
    scales: {
      y: { beginAtZero: true, ticks: { precision: 0 } },
      ...(twoAxes ? RIGHT_AXIS_SCALE : {}),
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
    <ChartNotes
      notes={[
        compared ? "Dashed lines: the previous period, aligned bucket by bucket." : null,
        incompleteIndex !== null ? incompleteNote(labels[incompleteIndex], type === "bar" ? "paler bar" : "dashed segment") : null,
        twoAxes ? "Series much smaller than the largest are drawn against the right axis." : null,
      ]}
    />
    </div>
  );
}
