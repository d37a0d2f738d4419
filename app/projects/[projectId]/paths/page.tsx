import type { Metadata } from "next";
import { Sankey } from "@/components/charts/Sankey";
import { EmptyState, NoEventsYet, ReportError, ReportHeader } from "@/components/reports/Layout";
import { flatParams, type SearchParams } from "@/components/reports/params";
import { PathsBuilder } from "@/components/reports/paths/PathsBuilder";
import { PathsTable, StepsTable } from "@/components/reports/paths/PathsTable";
import { pathsQuery, readPathsSpec } from "@/components/reports/paths/spec";
import { eventLabel } from "@/components/reports/format";
import { RangeControl } from "@/components/reports/RangeControl";
import { rangePhrase, resolveReportRange } from "@/components/reports/range";
import { ReportNavigation, ReportResults } from "@/components/reports/ReportNavigation";
import { attempt } from "@/components/reports/run";
import { pickerCatalog } from "@/components/reports/vocabulary";
import { Card } from "@/components/ui/Card";
import { Notice } from "@/components/ui/Notice";
import { projectPageContext } from "@/lib/projects/page";
import { reportContext } from "@/lib/query/context";
import type { PathsResult } from "@/lib/query/paths";
import { catalog } from "@/lib/query/properties";
import { runReport } from "@/lib/query/report";

export const metadata: Metadata = { title: "Paths" };
export const dynamic = "force-dynamic";

export default async function PathsPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<SearchParams> }) {
  const { projectId } = await params;
  const search = flatParams(await searchParams);
  const basePath = `/projects/${projectId}/paths`;
  const { project } = await projectPageContext(projectId, basePath);
  const ctx = reportContext(project);
  const cat = await catalog(ctx);
  const range = resolveReportRange(search, project.timezone);

  const header = (
    <ReportHeader title="Paths" subtitle={`What people do next, ${rangePhrase(range)}, in ${project.timezone}`}>
      <RangeControl preset={range.preset} fromDate={range.fromDate} toDate={range.toDate} timezone={project.timezone} />
    </ReportHeader>
  );
  if (!cat.events.length) {
    return (
      <ReportNavigation>
        <div className="space-y-6">
          {header}
          <NoEventsYet projectId={project.id} what="Paths" />
        </div>
      </ReportNavigation>
    );
  }

  const parsed = await attempt(async () => readPathsSpec(search));
  const spec = parsed.data ?? readPathsSpec({});
  const outcome = parsed.error ? parsed : await attempt(async () => (await runReport(ctx, pathsQuery(spec, range.from, range.to))) as PathsResult);
  const starters = outcome.data?.nodes.filter((n) => n.step === 1).reduce((s, n) => s + n.users, 0) ?? 0;
  const title = `Paths ${spec.startEvent ? `from ${eventLabel(spec.startEvent)}` : "from each person's first event"}${spec.endEvent ? ` to ${eventLabel(spec.endEvent)}` : ""}`;

  return (
    <ReportNavigation>
      <div className="space-y-6">
        {header}
        {range.problem ? <Notice tone="warning">{range.problem}</Notice> : null}
        <PathsBuilder
          key={JSON.stringify([search.start, search.end, search.steps, search.top, search.where])}
          projectId={project.id}
          catalog={pickerCatalog(cat)}
          startEvent={spec.startEvent}
          endEvent={spec.endEvent}
          steps={spec.steps}
          top={spec.top}
          where={spec.where}
        />
        <ReportResults>
          {outcome.error !== null ? (
            <ReportError message={outcome.error} />
          ) : !outcome.data.nodes.length ? (
            <EmptyState title="No paths in this range">
              {spec.startEvent ? `Nobody did “${eventLabel(spec.startEvent)}” between these dates.` : "No events between these dates."} Pick a longer range or another start
              event.
            </EmptyState>
          ) : (
            <>
              <Card
                title={title}
                description={`${starters.toLocaleString("en-US")} persons, each counted once along their first path. Hover or Tab through the steps for counts.`}
              >
                <Sankey nodes={outcome.data.nodes} links={outcome.data.links} title={`${title}: Sankey diagram; the same numbers are in the tables below`} />
              </Card>
              <div className="grid gap-6 lg:grid-cols-5">
                <Card title="Top transitions" className="min-w-0 lg:col-span-3">
                  <PathsTable result={outcome.data} />
                </Card>
                <Card title="Events at each step" className="min-w-0 lg:col-span-2">
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
