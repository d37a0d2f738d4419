import { AddToBoard } from "@/components/boards/AddToBoard";
import type { Metadata } from "next";
import Link from "next/link";
import { setUpReportPage } from "@/components/reports/reportPage";
import { DroppedPersons } from "@/components/reports/funnels/DroppedPersons";
import { FunnelBars, FunnelBreakdownTable, FunnelSummary } from "@/components/reports/funnels/FunnelBars";
import { FunnelBuilder } from "@/components/reports/funnels/FunnelBuilder";
import { funnelParamsOf, funnelQuery, readFunnelSpec, savedFunnelQuery, stepDrafts, windowLabel, type FunnelSpec } from "@/components/reports/funnels/spec";
import { eventLabel } from "@/components/format/event";
import { breakdownValueLabel } from "@/components/reports/cohortLabels";
import { CohortsUsed } from "@/components/reports/CohortsUsed";
import { EmptyState, ReportError } from "@/components/reports/Layout";
import type { SearchParams } from "@/components/reports/params";
import { ReportNavigation, ReportResults } from "@/components/reports/ReportNavigation";
import { attempt } from "@/components/reports/run";
import { SavedReports } from "@/components/reports/SavedReports";
import { ParamSegmented } from "@/components/reports/Segmented";
import { pickerCatalog } from "@/components/reports/vocabulary";
import { Card } from "@/components/ui/Card";
import { Notice } from "@/components/ui/Notice";
import { can } from "@/lib/auth";
import type { FunnelResult } from "@/lib/query/funnel";
import { runReport, type ReportResult } from "@/lib/query/report";
import { listSavedReports } from "@/lib/reports/saved";
import { deleteFunnelAction, saveFunnelAction } from "./actions";
import { saveAsCohortAction } from "../cohorts/saveAsCohort";
import { SaveAsCohort } from "@/components/reports/SaveAsCohort";
import { funnelDropoffs } from "@/lib/query/funnel";
import { parseReport } from "@/lib/query/report";
import type { FunnelQuery } from "@/lib/query/model";

export const metadata: Metadata = { title: "Funnels" };
export const dynamic = "force-dynamic";

const EMPTY: FunnelSpec = { steps: [], where: [], breakdown: null, windowSeconds: 14 * 86_400, layout: null, dropped: null, droppedValue: null };

export default async function FunnelsPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<SearchParams> }) {
  const page = await setUpReportPage({
    params,
    searchParams,
    slug: "funnels",
    title: "Funnels",
    subtitle: (range) => `Where people drop out, ${range}`,
    emptyWhat: "Funnels",
  });
  if (page.noEvents) return page.noEvents;
  const { search, user, project, ctx, cat, range, header } = page;

  const parsed = await attempt(async () => readFunnelSpec(search));
  const spec = parsed.data ?? EMPTY;
  const ready = spec.steps.length > 0;
  const query = funnelQuery(spec, range.from, range.to);
  const outcome = parsed.error ? parsed : ready ? await attempt(async () => (await runReport(ctx, query)) as FunnelResult & Pick<ReportResult, "cohortsUsed">) : null;
  const dropped =
    outcome?.data && spec.dropped !== null && spec.dropped >= 1 && spec.dropped < spec.steps.length
      ? await attempt(async () => {
          const { total, persons } = await funnelDropoffs(ctx, parseReport(query) as FunnelQuery, spec.dropped!, spec.droppedValue ?? undefined);
          return {
            total,
            persons: persons.map((p) => ({
              publicId: p.id,
              distinctIds: p.distinctIds.length,
              name: ([p.properties.name, p.properties.email].find((v) => typeof v === "string" && v) as string | undefined) ?? null,
              lastSeen: p.lastSeen,
            })),
          };
        })
      : null;
  const saved = await listSavedReports(user.id, project.id, "funnel");
  const builderKey = JSON.stringify([search.steps, search.where, search.breakdown, search.window]);
  const byCohorts = Array.isArray(spec.breakdown?.cohorts);
  const valueLabel = breakdownValueLabel(byCohorts ? (outcome?.data?.cohortsUsed ?? []) : null);

  return (
    <ReportNavigation>
      <div className="space-y-6">
        {header}
        {range.problem ? <Notice tone="warning">{range.problem}</Notice> : null}
        {can(project.role, "manage_boards") ? (
          <div className="flex justify-end">
            <AddToBoard projectId={project.id} query={outcome?.data ? savedFunnelQuery(spec) : null} title={"Funnel"} />
          </div>
        ) : null}
        <SavedReports
          noun="funnel"
          items={saved.map((s) => ({ id: s.id, name: s.name, params: funnelParamsOf(s.query) }))}
          currentId={search.saved ?? null}
          query={outcome?.data ? savedFunnelQuery(spec) : null}
          canSave={can(project.role, "save_reports")}
          save={saveFunnelAction.bind(null, project.id)}
          remove={deleteFunnelAction.bind(null, project.id)}
        />
        <FunnelBuilder
          key={builderKey}
          projectId={project.id}
          catalog={pickerCatalog(project.id, cat)}
          steps={stepDrafts(spec)}
          where={spec.where}
          breakdown={spec.breakdown}
          windowSeconds={spec.windowSeconds}
        />
        {ready ? (
          <p className="text-sm">
            {/* Test mode (API.md 7): these steps as a live checklist, ticked as your own test events arrive. */}
            <Link href={`/projects/${project.id}/data-quality/test?${new URLSearchParams(spec.steps.map((s) => ["step", s.event])).toString()}`} className="text-indigo-700 hover:underline">
              Test these steps live →
            </Link>
          </p>
        ) : null}
        <ReportResults>
          {outcome?.data ? <CohortsUsed cohorts={outcome.data.cohortsUsed} projectId={project.id} timezone={project.timezone} /> : null}
          {outcome === null ? (
            <EmptyState title="Build a funnel">
              Choose the steps people take, in order (for example “Product Viewed”, then “Added to Cart”, then “Order Completed”) and press Run. You will see how many
              make it through each step, how long it takes, and who drops out.
              {saved.length ? " Or open one of the saved funnels above." : ""}
            </EmptyState>
          ) : outcome.error !== null ? (
            <ReportError message={outcome.error} />
          ) : outcome.data.steps[0].users === 0 ? (
            <EmptyState title="Nobody entered this funnel">
              No one did “{eventLabel(spec.steps[0]?.event ?? "")}” in this range{spec.where.length ? " with these filters" : ""}. Pick a longer range or another first step.
            </EmptyState>
          ) : (
            <>
              <FunnelSummary steps={outcome.data.steps} />
              {/* Without a choice in the address the screen decides: a phone cannot fit a column per step. */}
              {(spec.layout ? [{ layout: spec.layout, only: "" }] : [{ layout: "horizontal" as const, only: "md:hidden" }, { layout: "vertical" as const, only: "hidden md:block" }]).map(
                ({ layout, only }) => (
                  <div key={layout} className={only}>
                    <Card
                      title="Conversion by step"
                      description={`Persons who did each step within ${windowLabel(spec.windowSeconds)} of the first. Select a drop-off to see who it was.`}
                      actions={
                        <ParamSegmented<"vertical" | "horizontal">
                          name="Bar direction"
                          param="layout"
                          value={layout}
                          options={[
                            { value: "vertical", label: "Columns" },
                            { value: "horizontal", label: "Rows" },
                          ]}
                        />
                      }
                    >
                      <FunnelBars steps={outcome.data.steps} layout={layout} activeDrop={spec.droppedValue ? null : spec.dropped} />
                    </Card>
                  </div>
                ),
              )}
              {dropped ? (
                dropped.error !== null ? (
                  <ReportError message={dropped.error} />
                ) : (
                  <DroppedPersons
                    projectId={project.id}
                    step={spec.dropped!}
                    fromEvent={outcome.data.steps[spec.dropped! - 1].label}
                    toEvent={outcome.data.steps[spec.dropped!].label}
                    breakdownValue={spec.droppedValue}
                    valueLabel={valueLabel}
                    saveAsCohort={
                      can(project.role, "save_reports") ? (
                        <SaveAsCohort
                          projectId={project.id}
                          defaultName={`Dropped after “${eventLabel(outcome.data.steps[spec.dropped! - 1].label)}”`.slice(0, 100)}
                          save={saveAsCohortAction.bind(null, project.id, {
                            type: "funnel",
                            query,
                            step: spec.dropped!,
                            persons: "dropped",
                            ...(spec.droppedValue ? { breakdownValue: spec.droppedValue } : {}),
                          })}
                        />
                      ) : undefined
                    }
                    saveConvertedAsCohort={
                      can(project.role, "save_reports") ? (
                        <SaveAsCohort
                          projectId={project.id}
                          idPrefix="converted"
                          what="Save who converted"
                          defaultName={`Converted to “${eventLabel(outcome.data.steps[spec.dropped!].label)}”`.slice(0, 100)}
                          save={saveAsCohortAction.bind(null, project.id, {
                            type: "funnel",
                            query,
                            step: spec.dropped! + 1,
                            persons: "converted",
                            ...(spec.droppedValue ? { breakdownValue: spec.droppedValue } : {}),
                          })}
                        />
                      ) : undefined
                    }
                    total={dropped.data.total}
                    persons={dropped.data.persons}
                    timezone={project.timezone}
                  />
                )
              ) : null}
              {outcome.data.breakdowns ? (
                <Card
                  title={byCohorts ? "By cohort" : `By ${spec.breakdown?.property}`}
                  description={
                    byCohorts
                      ? "Persons per step in each cohort, and in none of them (someone in two cohorts counts in both); select a drop-off to list them."
                      : "Persons per step for each value of the first step's property; select a drop-off to list them."
                  }
                >
                  <FunnelBreakdownTable
                    breakdowns={outcome.data.breakdowns}
                    steps={outcome.data.steps}
                    active={{ step: spec.droppedValue ? spec.dropped : null, value: spec.droppedValue ? JSON.stringify(spec.droppedValue.value) : null }}
                    valueLabel={valueLabel}
                  />
                </Card>
              ) : null}
            </>
          )}
        </ReportResults>
      </div>
    </ReportNavigation>
  );
}
