import type { Metadata } from "next";
import { eventLabel, isBuiltInEvent } from "@/components/format/event";
import { Suspense } from "react";
import { EventsChart } from "@/components/charts/EventsChart";
import Link from "next/link";
import { EventTable } from "@/components/projects/EventTable";
import { FirstEventGuide } from "@/components/projects/FirstEventGuide";
import { FirstEventChecklist } from "@/components/plan/FirstEventChecklist";
import { firstEventKinds } from "@/lib/query/testArrivals";
import { trendOfEventHref } from "@/components/projects/overviewLinks";
import { ActiveUsersPlaceholder, ActiveUsersStats, TopTables, TopTablesPlaceholder } from "@/components/projects/OverviewTables";
import { RangePicker } from "@/components/projects/RangePicker";
import { Card, Stat } from "@/components/ui/Card";
import { requestOrigin } from "@/lib/http/origin";
import { projectPageContext } from "@/lib/projects/page";
import { IDENTITY_EVENTS } from "@/lib/identity/identityEvents";
import { ReportError } from "@/components/reports/Layout";
import { attempt } from "@/components/reports/run";
import { bucketLabel, incompleteBucketIndex, hasAnyEvent, isRangePreset, overview, OVERVIEW_TIMEOUT_ADVICE, overviewTables, RANGE_PRESETS, reportContext, resolveRange, withinReportLimit, type ReportContext } from "@/lib/query";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

const number = new Intl.NumberFormat("en-US");
/** How long the Overview's tables wait for the rest of the page to be sent. */
const SEND_THE_PAGE_FIRST_MS = 100;

export default async function OverviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { projectId } = await params;
  const { range, identity } = await searchParams;
  // Identity events ($identify...) tie ids together; like the pickers, the top events leave them out unless asked.
  const showIdentity = identity === "1";
  const { project } = await projectPageContext(projectId, `/projects/${projectId}/overview`);

  // The first-event checklist listens from a little before this render (the page's clock may lead the browser's).
  const listenSince = Date.now() - 5000;
  if (!(await hasAnyEvent(project.id))) {
    return <FirstEventGuide projectId={project.id} origin={await requestOrigin()} writeKey={project.writeKey} since={listenSince} />;
  }
  const firstEvents = await firstEventKinds(reportContext(project));
  const gettingStarted = !(firstEvents.pageview && firstEvents.identify && firstEvents.custom);

  const preset = isRangePreset(range) ? range : "7d";
  const resolved = resolveRange(preset, project.timezone);
  const basePath = `/projects/${project.id}/overview`;
  // Each part of the page under a report's time limit: past it, a message instead of a page that never ends.
  const limited = <T,>(work: (ctx: ReportContext) => Promise<T>) =>
    attempt(() => withinReportLimit(reportContext(project), work, { advice: OVERVIEW_TIMEOUT_ADVICE }));
  const outcome = await limited((ctx) => overview(ctx, resolved, { hideEvents: showIdentity ? [] : IDENTITY_EVENTS }));
  const header = (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
        <p className="text-sm text-slate-500">
          {RANGE_PRESETS[preset].label}, in {project.timezone}
        </p>
      </div>
      <RangePicker basePath={basePath} current={preset} />
    </div>
  );
  if (outcome.error !== null) {
    return (
      <div className="space-y-6">
        {header}
        <ReportError message={outcome.error} />
      </div>
    );
  }
  const data = outcome.data;
  const maxTop = Math.max(1, ...data.topEvents.map((e) => e.count));
  // Started once the chart's numbers are in (both at once would slow the
  // chart on two CPUs), streamed into the page when they come. SQLite runs
  // statements synchronously on the server's thread: begun during this render,
  // they would hold it before the page's first part is sent (10M events: the
  // chart and the tables both after 16 s). Begun a moment later, the chart
  // shows after 3.5 s and the tables follow.
  const tables = new Promise<void>((resolve) => setTimeout(resolve, SEND_THE_PAGE_FIRST_MS)).then(() =>
    limited((ctx) => overviewTables(ctx, resolved.from, resolved.to)),
  );

  return (
    <div className="space-y-6">
      {header}
      {gettingStarted ? <FirstEventChecklist projectId={project.id} seen={firstEvents} since={listenSince} /> : null}

      <div className="grid grid-cols-2 gap-4 lg:grid-cols-5">
        <Stat label="Events" value={number.format(data.totals.events)} />
        <Stat label="Unique users" value={number.format(data.totals.users)} hint="In the range above. A visitor who signed up counts once." />
        <Suspense fallback={<ActiveUsersPlaceholder />}>
          <ActiveUsersStats tables={tables} />
        </Suspense>
      </div>

      <Card title="Events over time">
        <EventsChart
          title={`Events and unique users per ${resolved.interval}`}
          points={data.series.map((p) => ({ label: bucketLabel(p.t, resolved.interval, project.timezone), events: p.events, users: p.users }))}
          incompleteIndex={incompleteBucketIndex(data.series.map((p) => p.t), resolved.interval, project.timezone)}
        />
      </Card>

      <div className="grid gap-6 lg:grid-cols-5">
        <Card
          title="Top events"
          className="lg:col-span-2"
          actions={
            <Link
              href={`${basePath}?${new URLSearchParams({ range: preset, ...(showIdentity ? {} : { identity: "1" }) }).toString()}`}
              className="text-xs font-medium text-indigo-700 hover:underline"
            >
              {showIdentity ? "Hide identity events" : "Show identity events"}
            </Link>
          }
        >
          {data.topEvents.length ? (
            <ul className="space-y-2">
              {data.topEvents.map((e) => (
                <li key={e.event} className="relative overflow-hidden rounded-md text-sm">
                  <span aria-hidden className="absolute inset-y-0 left-0 bg-indigo-50" style={{ width: `${(e.count / maxTop) * 100}%` }} />
                  <Link
                    href={trendOfEventHref(project.id, e.event, preset)}
                    className="relative flex justify-between gap-3 rounded-md px-3 py-1.5 hover:bg-indigo-100/50 focus-visible:outline-2 focus-visible:outline-indigo-600"
                  >
                    <span className="truncate font-medium text-slate-800">
                      {eventLabel(e.event)}
                      {isBuiltInEvent(e.event) ? <span className="ml-2 font-mono text-xs font-normal text-slate-500">{e.event}</span> : null}
                    </span>
                    <span className="tabular-nums text-slate-600">{number.format(e.count)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-500">No events in this range; pick a longer one.</p>
          )}
        </Card>
        <Card title="Latest events" className="lg:col-span-3">
          {data.latest.length ? (
            <EventTable rows={data.latest} timezone={project.timezone} caption="Latest events in the range" projectId={project.id} range={preset} />
          ) : (
            <p className="text-sm text-slate-500">No events in this range.</p>
          )}
        </Card>
      </div>

      <Suspense fallback={<TopTablesPlaceholder />}>
        <TopTables tables={tables} projectId={project.id} range={preset} />
      </Suspense>
    </div>
  );
}
