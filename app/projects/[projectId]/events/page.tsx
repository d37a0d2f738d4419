import { AddToBoard } from "@/components/boards/AddToBoard";
import { can } from "@/lib/auth";
import type { Metadata } from "next";
import { setUpReportPage } from "@/components/reports/reportPage";
import { TrendsChart } from "@/components/charts/TrendsChart";
import { eventLabel } from "@/components/format/event";
import { CohortsUsed } from "@/components/reports/CohortsUsed";
import { EmptyState, ReportError } from "@/components/reports/Layout";
import { ParamCheckbox } from "@/components/reports/ParamCheckbox";
import { hrefWith, type SearchParams } from "@/components/reports/params";
import { ReportNavigation, ReportResults } from "@/components/reports/ReportNavigation";
import { attempt } from "@/components/reports/run";
import { ParamSegmented } from "@/components/reports/Segmented";
import { computeTrends } from "@/components/reports/trends/compute";
import { effectiveInterval, readTrendsSpec, seriesDrafts, trendsQuery, type TrendsSpec } from "@/components/reports/trends/spec";
import { TrendsBuilder } from "@/components/reports/trends/TrendsBuilder";
import { TrendsTable, TrendsTotals } from "@/components/reports/trends/TrendsTable";
import { INTERVAL_LABELS, pickerCatalog, type ReportInterval } from "@/components/reports/vocabulary";
import { Card } from "@/components/ui/Card";
import { Notice } from "@/components/ui/Notice";
import { MAX_BUCKETS } from "@/lib/query/timeBuckets";

export const metadata: Metadata = { title: "Events" };
export const dynamic = "force-dynamic";

const HOUR = 3_600_000;

export default async function EventsPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<SearchParams> }) {
  const page = await setUpReportPage({
    params,
    searchParams,
    slug: "events",
    title: "Events",
    subtitle: (range) => `Trends of any event, ${range}`,
    emptyWhat: "Trends",
  });
  if (page.noEvents) return page.noEvents;
  const { search, basePath, project, ctx, cat, range, header } = page;

  const parsed = await attempt(async () => readTrendsSpec(search, cat.events[0].name));
  const spec: TrendsSpec = parsed.data ?? { series: [{ event: cat.events[0].name }], where: [], breakdown: null, interval: null, compare: false, chart: "line" };
  const interval = effectiveInterval(spec, range);
  const outcome = parsed.error ? parsed : await attempt(() => computeTrends(ctx, spec, range));
  const picker = pickerCatalog(project.id, cat);
  const tooManyHours = (range.to - range.from) / HOUR > MAX_BUCKETS;
  const exportHref = hrefWith(`${basePath}/export`, search);
  const builderKey = JSON.stringify([search.series, search.where, search.breakdown]);
  const title = `${spec.series.map((s) => eventLabel(s?.event ?? "")).join(", ")} per ${interval}`;

  return (
    <ReportNavigation>
      <div className="space-y-6">
        {header}
        {range.problem ? <Notice tone="warning">{range.problem}</Notice> : null}
        {can(project.role, "manage_boards") ? (
          <div className="flex justify-end">
            <AddToBoard projectId={project.id} query={outcome.data ? trendsQuery(spec, range.from, range.to, range) : null} title={title} />
          </div>
        ) : null}
        <TrendsBuilder key={builderKey} projectId={project.id} catalog={picker} series={seriesDrafts(spec)} where={spec.where} breakdown={spec.breakdown} />

        <div className="flex flex-wrap items-center gap-x-5 gap-y-3">
          <ParamSegmented<ReportInterval>
            name="Interval"
            param="interval"
            value={interval}
            options={(Object.keys(INTERVAL_LABELS) as ReportInterval[]).map((value) => ({
              value,
              label: INTERVAL_LABELS[value],
              disabled: value === "hour" && tooManyHours,
              title: value === "hour" && tooManyHours ? "Too many hours in this range; pick a shorter range" : undefined,
            }))}
          />
          <ParamSegmented<"line" | "bar" | "table">
            name="Chart type"
            param="chart"
            value={spec.chart}
            fallback="line"
            options={[
              { value: "line", label: "Line" },
              { value: "bar", label: "Bar" },
              { value: "table", label: "Table" },
            ]}
          />
          <ParamCheckbox param="compare" checked={spec.compare} label="Compare to previous period" hint="The same query over the range just before this one, dashed" />
          <a href={exportHref} download className="ml-auto text-sm font-semibold text-indigo-600 hover:text-indigo-500">
            Export CSV
          </a>
        </div>

        <ReportResults>
          {outcome.error === null ? <CohortsUsed cohorts={outcome.data.cohortsUsed} projectId={project.id} timezone={project.timezone} /> : null}
          {outcome.error !== null ? (
            <ReportError message={outcome.error} />
          ) : outcome.data.rows.every((r) => r.total === 0 && r.values.every((v) => v === 0)) && !spec.compare ? (
            <EmptyState title="Nothing in this range">
              No matching events between these dates. Pick a longer range, another event, or loosen the filters.
            </EmptyState>
          ) : (
            <>
              <TrendsTotals rows={outcome.data.rows} compare={spec.compare} />
              {spec.chart === "table" ? (
                <TrendsTable rows={outcome.data.rows} labels={outcome.data.labels} compare={spec.compare} caption={title} />
              ) : (
                <Card>
                  <TrendsChart
                    type={spec.chart}
                    title={title}
                    labels={outcome.data.labels}
                    incompleteIndex={outcome.data.incompleteIndex}
                    datasets={outcome.data.rows.flatMap((row) => [
                      { label: row.name, values: row.values, colorIndex: row.colorIndex },
                      ...(row.previousValues
                        ? [{ label: `${row.name} (previous period)`, values: row.previousValues, colorIndex: row.colorIndex, previous: true, previousLabels: outcome.data.previousLabels }]
                        : []),
                    ])}
                  />
                </Card>
              )}
            </>
          )}
        </ReportResults>
      </div>
    </ReportNavigation>
  );
}
