import type { Metadata } from "next";
import Link from "next/link";
import { displayValue, formatCount } from "@/components/reports/format";
import { NoEventsYet, ReportError, ReportHeader } from "@/components/reports/Layout";
import { flatParams, type SearchParams } from "@/components/reports/params";
import { CatalogView, type CatalogTab } from "@/components/reports/properties/CatalogView";
import { ParamLink, ReportNavigation } from "@/components/reports/ReportNavigation";
import { attempt } from "@/components/reports/run";
import { Card } from "@/components/ui/Card";
import { getPlan, violations } from "@/lib/plan";
import { planStatuses, type PlanStatuses } from "@/lib/plan/status";
import { projectPageContext } from "@/lib/projects/page";
import { reportContext, type ReportContext } from "@/lib/query/context";
import { catalogCounts, catalogPage, topValues, type CatalogItems, type CatalogKind } from "@/lib/query/properties";

export const metadata: Metadata = { title: "Properties" };
export const dynamic = "force-dynamic";

/** How far back a violation marks a name on the catalog: the Data quality page's longest window. */
const VIOLATIONS_WINDOW_MS = 7 * 86_400_000;

/** The plan status of the names on this page; null when the project has no plan (nothing is checked). */
async function statusesOf(projectId: string, events: string[], eventProperties: { name: string; events: string[] }[]): Promise<PlanStatuses | null> {
  const stored = await getPlan(projectId);
  if (stored.version === 0) return null;
  const now = Date.now();
  const rows = await violations(projectId, { from: now - VIOLATIONS_WINDOW_MS, to: now });
  return planStatuses(stored.plan, rows, events, eventProperties);
}

/** Names per page of a tab. */
const PROPERTIES_PAGE = 100;

/** The catalog entry of one property, exactly by name (it may be on any page). */
async function findProperty<K extends "eventProperties" | "userProperties">(ctx: ReportContext, kind: K, name: string): Promise<CatalogItems[K] | undefined> {
  const { items } = await catalogPage(ctx, kind, { q: name, limit: 50 });
  return items.find((p) => p.name === name);
}

export default async function PropertiesPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<SearchParams> }) {
  const { projectId } = await params;
  const search = flatParams(await searchParams);
  const { project } = await projectPageContext(projectId, `/projects/${projectId}/properties`);
  const ctx = reportContext(project);
  const counts = await catalogCounts(ctx);

  if (!counts.events) {
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
  // One page of the open tab, searched by name on the server: a catalog of
  // thousands of names is never shipped whole (issue 16).
  const kind: CatalogKind = tab === "events" ? "events" : tab === "event" ? "eventProperties" : "userProperties";
  const q = (search.q ?? "").slice(0, 200);
  const offset = /^\d{1,7}$/.test(search.cursor ?? "") ? Number(search.cursor) : 0;
  const page = await catalogPage(ctx, kind, { q, limit: PROPERTIES_PAGE, offset });
  const statuses =
    kind === "userProperties"
      ? null
      : await statusesOf(
          project.id,
          kind === "events" ? (page.items as CatalogItems["events"][]).map((e) => e.name) : [],
          kind === "eventProperties" ? (page.items as CatalogItems["eventProperties"][]) : [],
        );
  const eventEntry = selected && scope === "event" ? await findProperty(ctx, "eventProperties", selected.name) : undefined;
  const entry = eventEntry ?? (selected && scope === "user" ? await findProperty(ctx, "userProperties", selected.name) : undefined);
  const firstEvent = eventEntry?.events[0];
  const topEvent = firstEvent ?? (await catalogPage(ctx, "events", { limit: 1 })).items[0]?.name;
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
            href={`/projects/${project.id}/events?series=${encodeURIComponent(JSON.stringify([{ event: topEvent }]))}&breakdown=${encodeURIComponent(JSON.stringify({ property: selected.name, scope: "event" }))}`}
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
          subtitle={`${formatCount(counts.events)} events, ${formatCount(counts.eventProperties)} event properties and ${formatCount(counts.userProperties)} user properties, kept up to date as events arrive.`}
        />
        <CatalogView
          projectId={project.id}
          data={{ events: [], eventProperties: [], userProperties: [], [kind]: page.items }}
          counts={{ events: counts.events, event: counts.eventProperties, user: counts.userProperties }}
          q={q}
          pages={{ offset, size: PROPERTIES_PAGE, next: page.next }}
          tab={tab}
          selected={selected}
          timezone={project.timezone}
          detail={detail}
          planStatuses={statuses}
        />
      </div>
    </ReportNavigation>
  );
}
