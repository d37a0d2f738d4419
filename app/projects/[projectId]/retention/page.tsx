import { AddToBoard } from "@/components/boards/AddToBoard";
import { can } from "@/lib/auth";
import type { Metadata } from "next";
import { CohortsUsed } from "@/components/reports/CohortsUsed";
import { setUpReportPage } from "@/components/reports/reportPage";
import { RetentionCurve } from "@/components/charts/RetentionCurve";
import { formatPercent } from "@/components/reports/format";
import { EmptyState, ReportError } from "@/components/reports/Layout";
import type { SearchParams } from "@/components/reports/params";
import { eventLabel } from "@/components/reports/format";
import { dataEnd } from "@/components/reports/range";
import { ReportNavigation, ReportResults } from "@/components/reports/ReportNavigation";
import { RetentionBuilder } from "@/components/reports/retention/RetentionBuilder";
import { RetentionGrid } from "@/components/reports/retention/RetentionGrid";
import { readRetentionSpec, retentionCurve, retentionQuery } from "@/components/reports/retention/spec";
import { attempt } from "@/components/reports/run";
import { pickerCatalog } from "@/components/reports/vocabulary";
import { Card } from "@/components/ui/Card";
import { Notice } from "@/components/ui/Notice";
import { runReport, type ReportResult } from "@/lib/query/report";
import type { RetentionResult } from "@/lib/query/retention";

export const metadata: Metadata = { title: "Retention" };
export const dynamic = "force-dynamic";

export default async function RetentionPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<SearchParams> }) {
  const page = await setUpReportPage({
    params,
    searchParams,
    slug: "retention",
    title: "Retention",
    subtitle: (range) => `Who comes back, cohorts from ${range}`,
    emptyWhat: "Retention cohorts",
  });
  if (page.noEvents) return page.noEvents;
  const { search, project, ctx, cat, range, header } = page;

  const defaultEvent = cat.events[0].name;
  const parsed = await attempt(async () => readRetentionSpec(search, defaultEvent));
  const spec = parsed.data ?? readRetentionSpec({}, defaultEvent);
  const outcome = parsed.error ? parsed : await attempt(async () => (await runReport(ctx, retentionQuery(spec, range.from, range.to))) as RetentionResult & Pick<ReportResult, "cohortsUsed">);
  const interval = spec.interval === "week" ? "week" : "day";
  const periods = Number(spec.periods);
  const end = dataEnd(range);
  const curve = outcome.data ? retentionCurve(outcome.data.cohorts, periods, interval, project.timezone, end) : [];
  const unit = interval === "day" ? "Day" : "Week";
  const highlights = [1, interval === "day" ? 7 : 4].filter((n) => n < periods && curve[n]?.percent !== null);

  return (
    <ReportNavigation>
      <div className="space-y-6">
        {header}
        {range.problem ? <Notice tone="warning">{range.problem}</Notice> : null}
        {can(project.role, "manage_boards") ? (
          <div className="flex justify-end">
            <AddToBoard projectId={project.id} query={outcome.data ? retentionQuery(spec, range.from, range.to) : null} title={"Retention"} />
          </div>
        ) : null}
        <RetentionBuilder
          key={JSON.stringify([search.start, search.return, search.interval, search.periods, search.where])}
          projectId={project.id}
          catalog={pickerCatalog(project.id, cat)}
          startEvent={spec.startEvent}
          returnEvent={spec.returnEvent}
          interval={spec.interval}
          periods={spec.periods}
          where={spec.where}
        />
        <ReportResults>
          {outcome.data ? <CohortsUsed cohorts={outcome.data.cohortsUsed} projectId={project.id} timezone={project.timezone} /> : null}
          {outcome.error !== null ? (
            <ReportError message={outcome.error} />
          ) : !outcome.data.cohorts.length ? (
            <EmptyState title="No cohorts in this range">
              Nobody did “{eventLabel(spec.startEvent)}” between these dates. Pick a longer range or another start event.
            </EmptyState>
          ) : (
            <>
              <dl className="grid gap-3 sm:grid-cols-3">
                <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
                  <dt className="text-sm text-slate-500">Persons in cohorts</dt>
                  <dd className="mt-1 text-3xl font-semibold tabular-nums">{curve[0]?.of.toLocaleString("en-US") ?? 0}</dd>
                </div>
                {highlights.map((n) => (
                  <div key={n} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
                    <dt className="text-sm text-slate-500">
                      {unit} {n} retention
                    </dt>
                    <dd className="mt-1 text-3xl font-semibold tabular-nums">{formatPercent((curve[n].percent ?? 0) / 100)}</dd>
                    <dd className="text-xs text-slate-500">
                      {curve[n].returned.toLocaleString("en-US")} of {curve[n].of.toLocaleString("en-US")} persons old enough to tell
                    </dd>
                  </div>
                ))}
              </dl>
              <Card title="Retention curve" description={`Share of persons doing “${eventLabel(spec.returnEvent)}” n ${interval}s after their first “${eventLabel(spec.startEvent)}”, weighted by cohort size.`}>
                <RetentionCurve
                  title={`Retention curve per ${interval}`}
                  labels={curve.map((_, n) => `${unit} ${n}`)}
                  percents={curve.map((c) => (c.percent === null ? null : Math.round(c.percent * 10) / 10))}
                  counts={curve.map((c) => ({ returned: c.returned, of: c.of }))}
                />
              </Card>
              <Card title="Cohorts" description={`Each row: persons whose first “${eventLabel(spec.startEvent)}” fell in that ${interval}.`}>
                <RetentionGrid cohorts={outcome.data.cohorts} periods={periods} interval={interval} timezone={project.timezone} end={end} curve={curve} />
              </Card>
            </>
          )}
        </ReportResults>
      </div>
    </ReportNavigation>
  );
}
