"use client";

// A report tile's numbers, by kind: trends as a line chart (the reports' own
// chart), a funnel as step bars, retention as a table, paths as their busiest
// transitions (the paths page's own table).
import { TrendsChart } from "@/components/charts/TrendsChart";
import { PathsTable } from "@/components/reports/paths/PathsTable";
import { eventLabel, formatCount, formatPercent } from "@/components/reports/format";
import type { TileAnswer } from "@/lib/boards/compute";
import type { FunnelResult } from "@/lib/query/funnel";
import { bucketLabel } from "@/lib/query/labels";
import type { PathsResult } from "@/lib/query/paths";
import type { RetentionResult } from "@/lib/query/retention";
import type { Interval } from "@/lib/query/timeBuckets";
import type { TrendsResult } from "@/lib/query/trends";

function seriesName(s: TrendsResult["series"][number]): string {
  if (s.breakdownValue === undefined) return s.label;
  const value = s.breakdownValue === null ? "(none)" : typeof s.breakdownValue === "string" ? s.breakdownValue : JSON.stringify(s.breakdownValue);
  return `${s.label}: ${value}`;
}

function Trends({ result, interval, timezone, title }: { result: TrendsResult; interval: Interval; timezone: string; title: string }) {
  const first = result.series[0];
  if (!first) return <p className="text-sm text-slate-500">No series.</p>;
  const labels = first.data.map((d) => bucketLabel(Date.parse(d.t), interval, timezone));
  const datasets = result.series.slice(0, 10).map((s, i) => ({ label: eventLabel(seriesName(s)), values: s.data.map((d) => d.value), colorIndex: i }));
  return <TrendsChart labels={labels} datasets={datasets} type="line" title={title} />;
}

function Funnel({ result }: { result: FunnelResult }) {
  const first = result.steps[0]?.users ?? 0;
  return (
    <ol className="space-y-1.5" aria-label="Funnel steps">
      {result.steps.map((step, i) => (
        <li key={i} className="text-sm">
          <div className="flex justify-between gap-2">
            <span className="truncate text-slate-700">
              {i + 1}. {eventLabel(step.label || step.event)}
            </span>
            <span className="shrink-0 tabular-nums text-slate-900">
              {formatCount(step.users)} <span className="text-slate-500">({formatPercent(step.conversionFromStart)})</span>
            </span>
          </div>
          <div className="mt-0.5 h-2 rounded bg-slate-100" aria-hidden="true">
            <div className="h-2 rounded bg-indigo-500" style={{ width: `${first ? (step.users / first) * 100 : 0}%` }} />
          </div>
        </li>
      ))}
    </ol>
  );
}

function Retention({ result, interval, timezone }: { result: RetentionResult; interval: Interval; timezone: string }) {
  if (!result.cohorts.length) return <p className="text-sm text-slate-500">No one started in this range.</p>;
  const periods = result.cohorts[0].returned.length;
  return (
    <div className="overflow-auto">
      <table className="min-w-full text-xs tabular-nums">
        <caption className="sr-only">Share of each cohort that came back in each {interval} after it started.</caption>
        <thead className="text-slate-500">
          <tr>
            <th scope="col" className="px-1 py-1 text-left font-medium">
              Cohort
            </th>
            <th scope="col" className="px-1 py-1 text-right font-medium">
              Users
            </th>
            {Array.from({ length: periods - 1 }, (_, n) => (
              <th key={n} scope="col" className="px-1 py-1 text-right font-medium">
                {interval === "week" ? "W" : "D"}
                {n + 1}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.cohorts.map((c) => (
            <tr key={c.start} className="border-t border-slate-100">
              <th scope="row" className="whitespace-nowrap px-1 py-1 text-left font-normal text-slate-700">
                {bucketLabel(Date.parse(c.start), interval, timezone)}
              </th>
              <td className="px-1 py-1 text-right">{formatCount(c.users)}</td>
              {c.returned.slice(1).map((n, i) => (
                <td key={i} className="px-1 py-1 text-right text-slate-700">
                  {c.users ? formatPercent(n / c.users) : "—"}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TopEvents({ rows }: { rows: { event: string; count: number }[] }) {
  if (!rows.length) return <p className="text-sm text-slate-500">No events in this range.</p>;
  return (
    <table className="min-w-full text-sm">
      <caption className="sr-only">The most sent events of the range.</caption>
      <thead className="text-xs text-slate-500">
        <tr>
          <th scope="col" className="py-1 text-left font-medium">
            Event
          </th>
          <th scope="col" className="py-1 text-right font-medium">
            Count
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.slice(0, 10).map((row) => (
          <tr key={row.event} className="border-t border-slate-100">
            <td className="truncate py-1 pr-2 text-slate-700">{eventLabel(row.event)}</td>
            <td className="py-1 text-right tabular-nums">{formatCount(row.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TileBody({ tile, timezone }: { tile: TileAnswer; timezone: string }) {
  const result = tile.result;
  if (!result) return null;
  const interval = (tile.interval ?? "day") as Interval;
  if ("series" in result) return <Trends result={result} interval={interval} timezone={timezone} title={tile.title} />;
  if ("steps" in result) return <Funnel result={result} />;
  if ("cohorts" in result) return <Retention result={result} interval={interval} timezone={timezone} />;
  if ("nodes" in result) return <PathsTable result={result as PathsResult} limit={8} />;
  if ("topEvents" in result) return <TopEvents rows={result.topEvents} />;
  return null;
}
