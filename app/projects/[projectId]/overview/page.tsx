import type { Metadata } from "next";
import { EventsChart } from "@/components/charts/EventsChart";
import { EventTable } from "@/components/projects/EventTable";
import { FirstEventGuide } from "@/components/projects/FirstEventGuide";
import { countryLabel, TopTable } from "@/components/projects/TopTable";
import { RangePicker } from "@/components/projects/RangePicker";
import { Card, Stat } from "@/components/ui/Card";
import { requestOrigin } from "@/lib/http/origin";
import { projectPageContext } from "@/lib/projects/page";
import { ReportError } from "@/components/reports/Layout";
import { attempt } from "@/components/reports/run";
import { bucketLabel, hasAnyEvent, isRangePreset, overview, OVERVIEW_TIMEOUT_ADVICE, overviewTables, RANGE_PRESETS, reportContext, resolveRange, withinReportLimit } from "@/lib/query";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

const number = new Intl.NumberFormat("en-US");

export default async function OverviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { projectId } = await params;
  const { range } = await searchParams;
  const { project } = await projectPageContext(projectId, `/projects/${projectId}/overview`);

  if (!(await hasAnyEvent(project.id))) {
    return <FirstEventGuide projectId={project.id} origin={await requestOrigin()} writeKey={project.writeKey} />;
  }

  const preset = isRangePreset(range) ? range : "7d";
  const resolved = resolveRange(preset, project.timezone);
  const basePath = `/projects/${project.id}/overview`;
  // The page's numbers under a report's time limit: past it, a message instead of a page that never ends.
  const outcome = await attempt(() =>
    withinReportLimit(
      reportContext(project),
      async (ctx) => ({
        data: await overview(ctx, resolved),
        tables: await overviewTables(ctx, resolved.from, resolved.to),
      }),
      { advice: OVERVIEW_TIMEOUT_ADVICE },
    ),
  );
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
  const { data, tables } = outcome.data;
  const { tops, active } = tables;
  const maxTop = Math.max(1, ...data.topEvents.map((e) => e.count));

  return (
    <div className="space-y-6">
      {header}

      <div className="grid grid-cols-2 gap-4 lg:grid-cols-5">
        <Stat label="Events" value={number.format(data.totals.events)} />
        <Stat label="Unique users" value={number.format(data.totals.users)} hint="A visitor who signed up counts once." />
        <Stat label="Daily active" value={number.format(active.dau)} hint="Last 24 hours" />
        <Stat label="Weekly active" value={number.format(active.wau)} hint="Last 7 days" />
        <Stat label="Monthly active" value={number.format(active.mau)} hint="Last 30 days" />
      </div>

      <Card title="Events over time">
        <EventsChart
          title={`Events and unique users per ${resolved.interval}`}
          points={data.series.map((p) => ({ label: bucketLabel(p.t, resolved.interval, project.timezone), events: p.events, users: p.users }))}
        />
      </Card>

      <div className="grid gap-6 lg:grid-cols-5">
        <Card title="Top events" className="lg:col-span-2">
          {data.topEvents.length ? (
            <ul className="space-y-2">
              {data.topEvents.map((e) => (
                <li key={e.event} className="relative overflow-hidden rounded-md px-3 py-1.5 text-sm">
                  <span aria-hidden className="absolute inset-y-0 left-0 bg-indigo-50" style={{ width: `${(e.count / maxTop) * 100}%` }} />
                  <span className="relative flex justify-between gap-3">
                    <span className="truncate font-medium text-slate-800">{e.event}</span>
                    <span className="tabular-nums text-slate-600">{number.format(e.count)}</span>
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-500">No events in this range; pick a longer one.</p>
          )}
        </Card>
        <Card title="Latest events" className="lg:col-span-3">
          {data.latest.length ? (
            <EventTable rows={data.latest} timezone={project.timezone} caption="Latest events in the range" />
          ) : (
            <p className="text-sm text-slate-500">No events in this range.</p>
          )}
        </Card>
      </div>

      <div className="grid gap-6 md:grid-cols-2 xl:grid-cols-3">
        <TopTable title="Top pages" rows={tops.path} empty="No page views in this range: the HTML snippet records them." />
        <TopTable title="Referrers" rows={tops.referrer} empty="No referred visits in this range." />
        <TopTable title="UTM sources" rows={tops.utmSource} empty="No campaign traffic (utm_source) in this range." />
        <TopTable title="Countries" rows={tops.country} format={countryLabel} empty="No locations yet: countries come from browser visits." />
        <TopTable title="Browsers" rows={tops.browser} empty="No browser visits in this range." />
        <TopTable title="Devices" rows={tops.device} format={(v) => v.charAt(0).toUpperCase() + v.slice(1)} empty="No browser visits in this range." />
      </div>
    </div>
  );
}
