import { AddToBoard } from "@/components/boards/AddToBoard";
import { can } from "@/lib/auth";
import type { Metadata } from "next";
import { CohortsUsed } from "@/components/reports/CohortsUsed";
import { setUpReportPage } from "@/components/reports/reportPage";
import { Sankey } from "@/components/charts/Sankey";
import { EmptyState, ReportError } from "@/components/reports/Layout";
import type { SearchParams } from "@/components/reports/params";
import { PathsBuilder } from "@/components/reports/paths/PathsBuilder";
import { PathsTable, StepsTable } from "@/components/reports/paths/PathsTable";
import { pathsQuery, readPathsSpec } from "@/components/reports/paths/spec";
import { eventLabel } from "@/components/reports/format";
import { ParamCheckbox } from "@/components/reports/ParamCheckbox";
import { ReportNavigation, ReportResults } from "@/components/reports/ReportNavigation";
import { attempt } from "@/components/reports/run";
import { pickerCatalog } from "@/components/reports/vocabulary";
import { Card } from "@/components/ui/Card";
import { Notice } from "@/components/ui/Notice";
import type { PathsResult } from "@/lib/query/paths";
import { topValues } from "@/lib/query/properties";
import { runReport, type ReportResult } from "@/lib/query/report";

export const metadata: Metadata = { title: "Paths" };
export const dynamic = "force-dynamic";

export default async function PathsPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<SearchParams> }) {
  const page = await setUpReportPage({
    params,
    searchParams,
    slug: "paths",
    title: "Paths",
    subtitle: (range) => `What people do next, ${range}`,
    emptyWhat: "Paths",
  });
  if (page.noEvents) return page.noEvents;
  const { search, project, ctx, cat, range, header } = page;
  const pages = await attempt(async () => (await topValues(ctx, "event", "$pathname", 100, 90)).map((v) => String(v.value)));

  const parsed = await attempt(async () => readPathsSpec(search));
  const spec = parsed.data ?? readPathsSpec({});
  const outcome = parsed.error ? parsed : await attempt(async () => (await runReport(ctx, pathsQuery(spec, range.from, range.to))) as PathsResult & Pick<ReportResult, "cohortsUsed">);
  const starters = outcome.data?.nodes.filter((n) => n.step === 1).reduce((s, n) => s + n.users, 0) ?? 0;
  const first = spec.mode === "pages" ? "from each person's first page" : "from each person's first event";
  const title = `${spec.mode === "pages" ? "Page paths" : "Paths"} ${spec.startEvent ? `from ${eventLabel(spec.startEvent)}` : first}${spec.endEvent ? ` to ${eventLabel(spec.endEvent)}` : ""}`;

  return (
    <ReportNavigation>
      <div className="space-y-6">
        {header}
        {range.problem ? <Notice tone="warning">{range.problem}</Notice> : null}
        {can(project.role, "manage_boards") ? (
          <div className="flex justify-end">
            <AddToBoard projectId={project.id} query={outcome.data ? pathsQuery(spec, range.from, range.to) : null} title={title} />
          </div>
        ) : null}
        <PathsBuilder
          key={JSON.stringify([search.mode, search.start, search.end, search.steps, search.top, search.where, search.exclude])}
          projectId={project.id}
          catalog={pickerCatalog(project.id, cat)}
          startEvent={spec.startEvent}
          endEvent={spec.endEvent}
          steps={spec.steps}
          top={spec.top}
          where={spec.where}
          exclude={spec.exclude}
          mode={spec.mode}
          pages={pages.data ?? []}
        />
        {spec.mode === "events" ? (
          <ParamCheckbox
            param="identity"
            checked={spec.showIdentity}
            label="Show identity events"
            hint="$identify, $create_alias and $groupidentify tie ids together; they are not steps people take, so paths leave them out unless asked"
          />
        ) : null}
        <ReportResults>
          {outcome.data ? <CohortsUsed cohorts={outcome.data.cohortsUsed} projectId={project.id} timezone={project.timezone} /> : null}
          {outcome.error !== null ? (
            <ReportError message={outcome.error} />
          ) : !outcome.data.nodes.length ? (
            <EmptyState title="No paths in this range">
              {spec.mode === "pages"
                ? spec.startEvent
                  ? `Nobody viewed “${spec.startEvent}” between these dates.`
                  : "No page views with a path between these dates."
                : spec.startEvent
                  ? `Nobody did “${eventLabel(spec.startEvent)}” between these dates.`
                  : "No events between these dates."} Pick a longer range or another start
              event.
            </EmptyState>
          ) : (
            <>
              <Card
                title={title}
                description={`${starters.toLocaleString("en-US")} persons, each counted once along their first path. Hover or Tab through the steps for counts.`}
              >
                <Sankey nodes={outcome.data.nodes} links={outcome.data.links} otherLabel={spec.mode === "pages" ? "Other pages" : undefined} title={`${title}: Sankey diagram; the same numbers are in the tables below`} />
              </Card>
              <div className="grid gap-6 lg:grid-cols-5">
                <Card title="Top transitions" className="min-w-0 lg:col-span-3">
                  <PathsTable result={outcome.data} />
                </Card>
                <Card title={spec.mode === "pages" ? "Pages at each step" : "Events at each step"} className="min-w-0 lg:col-span-2">
                  <StepsTable result={outcome.data} />
                </Card>
              </div>
            </>
          )}
        </ReportResults>
      </div>
    </ReportNavigation>
  );
}
