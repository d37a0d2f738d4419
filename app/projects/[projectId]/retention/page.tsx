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
import { parseReport, runReport, withinReportLimit, type ReportResult } from "@/lib/query/report";
import { retentionCellPersonIds, type RetentionCohort, type RetentionResult } from "@/lib/query/retention";
import type { RetentionQuery } from "@/lib/query/model";
import { usersByPersonIds } from "@/lib/query/users";
import { bucketLabel } from "@/lib/query/labels";
import { breakdownValueLabel } from "@/components/reports/cohortLabels";
import { CellPersons } from "@/components/reports/retention/CellPersons";
import { SaveAsCohort } from "@/components/reports/SaveAsCohort";
import { saveAsCohortAction } from "../cohorts/saveAsCohort";

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
  const query = retentionQuery(spec, range.from, range.to);
  const outcome = parsed.error ? parsed : await attempt(async () => (await runReport(ctx, query)) as RetentionResult & Pick<ReportResult, "cohortsUsed">);
  const interval = spec.interval === "week" ? "week" : "day";
  const periods = Number(spec.periods);
  const end = dataEnd(range);
  const curve = outcome.data ? retentionCurve(outcome.data.cohorts, periods, interval, project.timezone, end) : [];
  const unit = interval === "day" ? "Day" : "Week";
  const highlights = [1, interval === "day" ? 7 : 4].filter((n) => n < periods && curve[n]?.percent !== null);
  const valueLabel = breakdownValueLabel(outcome.data?.cohortsUsed ?? []);
  // The selected cell's persons: the same rows as the report, placed by its own code.
  const cell = outcome.data && spec.cell && spec.cell.period < periods ? spec.cell : null;
  const cellPersons = cell
    ? await attempt(async () => {
        const ids = await withinReportLimit(ctx, (c) =>
          retentionCellPersonIds(c, parseReport(query) as RetentionQuery, cell.start, cell.period, cell.value !== null ? { value: cell.value } : undefined),
        );
        const users = await usersByPersonIds(ctx, ids.slice(0, 100));
        return {
          total: ids.length,
          persons: users.map((u) => ({
            publicId: u.id,
            name: ([u.properties.name, u.properties.email].find((v) => typeof v === "string" && v) as string | undefined) ?? null,
            lastSeen: u.lastSeen,
          })),
        };
      })
    : null;
  const cellRow = cell ? bucketLabel(Date.parse(cell.start), interval, project.timezone) : "";
  const cellWhat = cell
    ? `of the ${cellRow} cohort${cell.value !== null ? ` (${valueLabel(cell.value)})` : ""}${cell.period === 0 ? "" : ` back on ${interval} ${cell.period}`}`
    : "";
  const grid = (cohorts: RetentionCohort[], breakdownValue: string | null) => (
    <RetentionGrid
      cohorts={cohorts}
      periods={periods}
      interval={interval}
      timezone={project.timezone}
      end={end}
      curve={retentionCurve(cohorts, periods, interval, project.timezone, end)}
      breakdownValue={breakdownValue}
      selected={cell && cell.value === breakdownValue ? cell : null}
    />
  );

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
          key={JSON.stringify([search.start, search.return, search.interval, search.periods, search.where, search.breakdown])}
          projectId={project.id}
          catalog={pickerCatalog(project.id, cat)}
          startEvent={spec.startEvent}
          returnEvent={spec.returnEvent}
          interval={spec.interval}
          periods={spec.periods}
          where={spec.where}
          breakdown={spec.breakdown}
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
              <Card title="Cohorts" description={`Each row: persons whose first “${eventLabel(spec.startEvent)}” fell in that ${interval}. Select a cell to list its persons.`}>
                {grid(outcome.data.cohorts, null)}
              </Card>
              {cellPersons ? (
                cellPersons.error !== null ? (
                  <ReportError message={cellPersons.error} />
                ) : (
                  <CellPersons
                    projectId={project.id}
                    title={`${cellPersons.data.total.toLocaleString("en-US")} ${cellPersons.data.total === 1 ? "person" : "persons"} ${cellWhat}`}
                    description={
                      cell!.period === 0
                        ? `Everyone whose first “${eventLabel(spec.startEvent)}” fell in that ${interval}.`
                        : `Of those whose first “${eventLabel(spec.startEvent)}” fell in that ${interval}, who did “${eventLabel(spec.returnEvent)}” ${cell!.period} ${interval}${cell!.period === 1 ? "" : "s"} later.`
                    }
                    total={cellPersons.data.total}
                    persons={cellPersons.data.persons}
                    timezone={project.timezone}
                    saveAsCohort={
                      can(project.role, "save_reports") ? (
                        <SaveAsCohort
                          projectId={project.id}
                          defaultName={`${cell!.period === 0 ? "Started" : `Back on ${interval} ${cell!.period}`}, ${cellRow} cohort`.slice(0, 100)}
                          save={saveAsCohortAction.bind(null, project.id, {
                            type: "retention",
                            query,
                            cohort: cell!.start,
                            period: cell!.period,
                            ...(cell!.value !== null ? { breakdownValue: { value: cell!.value } } : {}),
                          })}
                        />
                      ) : undefined
                    }
                  />
                )
              ) : null}
              {outcome.data.breakdowns
                ? outcome.data.breakdowns.map((slice) => (
                    <Card
                      key={slice.value}
                      title={`By cohort: ${valueLabel(slice.value)}`}
                      description={
                        slice.value === "$none"
                          ? "The same table for persons in none of the chosen cohorts."
                          : "The same table for this cohort's members only (someone in two cohorts counts in both)."
                      }
                    >
                      {slice.cohorts.length ? grid(slice.cohorts, slice.value) : <p className="text-sm text-slate-500">Nobody of this cohort started in this range.</p>}
                    </Card>
                  ))
                : null}
            </>
          )}
        </ReportResults>
      </div>
    </ReportNavigation>
  );
}
