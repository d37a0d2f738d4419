import type { Metadata } from "next";
import Link from "next/link";
import { displayValue, formatCount } from "@/components/reports/format";
import { NoEventsYet, ReportError, ReportHeader } from "@/components/reports/Layout";
import { flatParams, type SearchParams } from "@/components/reports/params";
import { CatalogView, type CatalogTab } from "@/components/reports/properties/CatalogView";
import { ParamLink, ReportNavigation } from "@/components/reports/ReportNavigation";
import { attempt } from "@/components/reports/run";
import { Card } from "@/components/ui/Card";
import { projectPageContext } from "@/lib/projects/page";
import { reportContext } from "@/lib/query/context";
import { catalog, topValues } from "@/lib/query/properties";

export const metadata: Metadata = { title: "Properties" };
export const dynamic = "force-dynamic";

export default async function PropertiesPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<SearchParams> }) {
  const { projectId } = await params;
  const search = flatParams(await searchParams);
  const { project } = await projectPageContext(projectId, `/projects/${projectId}/properties`);
  const ctx = reportContext(project);
  const cat = await catalog(ctx);

  if (!cat.events.length) {
    return (
      <div className="space-y-6">
        <ReportHeader title="Properties" subtitle="Every event, event property and user property this project has received." />
        <NoEventsYet projectId={project.id} what="The catalog of events and properties will" />
      </div>
    );
  }

  const scope = search.scope === "user" ? "user" : "event";
  const selected = search.property ? { scope, name: search.property } as const : null;
  const tab: CatalogTab = search.tab === "event" || search.tab === "user" ? search.tab : selected ? scope : "events";
  const eventEntry = selected && scope === "event" ? cat.eventProperties.find((p) => p.name === selected.name) : undefined;
  const entry = eventEntry ?? (selected && scope === "user" ? cat.userProperties.find((p) => p.name === selected.name) : undefined);
  const firstEvent = eventEntry?.events[0];
  const values = selected ? await attempt(() => topValues(ctx, scope, selected.name, 15)) : null;
  const max = Math.max(1, ...(values?.data?.map((v) => v.count) ?? []));

  const detail = selected ? (
    <Card
      title={<span className="font-mono">{selected.name}</span>}
      description={
        <>
          {scope === "user" ? "User property" : "Event property"}
          {entry ? `, ${entry.type}` : ""}. Top values {scope === "user" ? "across all users" : "in events of the last 30 days"}.
        </>
      }
      actions={
        <ParamLink changes={{ property: null, scope: null }} className="text-sm font-medium text-slate-500 hover:text-slate-900" aria-label="Close top values">
          ✕
        </ParamLink>
      }
    >
      {values?.error ? (
        <ReportError message={values.error} />
      ) : values?.data?.length ? (
        <ol className="space-y-1.5" aria-label={`Top values of ${selected.name}`}>
          {values.data.map((v, i) => (
            <li key={i} className="relative overflow-hidden rounded-md px-3 py-1.5 text-sm">
              <span aria-hidden className="absolute inset-y-0 left-0 bg-indigo-50" style={{ width: `${(v.count / max) * 100}%` }} />
              <span className="relative flex justify-between gap-3">
                <span className="truncate font-mono text-slate-800" title={displayValue(v.value)}>
                  {displayValue(v.value)}
                </span>
                <span className="tabular-nums text-slate-600">{formatCount(v.count)}</span>
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-sm text-slate-500">{scope === "user" ? "No user has this property now." : "No event carried this property in the last 30 days."}</p>
      )}
      <p className="mt-4 text-sm">
        {scope === "event" ? (
          <Link
            href={`/projects/${project.id}/events?series=${encodeURIComponent(JSON.stringify([{ event: firstEvent ?? cat.events[0].name }]))}&breakdown=${encodeURIComponent(JSON.stringify({ property: selected.name, scope: "event" }))}`}
            className="font-semibold text-indigo-600 hover:text-indigo-500"
          >
            Break down {firstEvent ? `“${firstEvent}”` : "a trend"} by it →
          </Link>
        ) : (
          <Link
            href={`/projects/${project.id}/users?where=${encodeURIComponent(JSON.stringify([{ property: selected.name, op: "is_set" }]))}`}
            className="font-semibold text-indigo-600 hover:text-indigo-500"
          >
            Users who have it →
          </Link>
        )}
      </p>
    </Card>
  ) : null;

  return (
    <ReportNavigation>
      <div className="space-y-6">
        <ReportHeader
          title="Properties"
          subtitle={`${formatCount(cat.events.length)} events, ${formatCount(cat.eventProperties.length)} event properties and ${formatCount(cat.userProperties.length)} user properties, kept up to date as events arrive.`}
        />
        <CatalogView projectId={project.id} data={cat} tab={tab} selected={selected} timezone={project.timezone} detail={detail} />
      </div>
    </ReportNavigation>
  );
}
