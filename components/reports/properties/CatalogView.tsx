"use client";

// The property catalog: events, event properties and user properties, in
// tabs kept in the address, one page of the open tab at a time, searched by
// name on the server as you type (the page's rows are matched at once while
// it loads). Selecting a property shows its top values (rendered by the
// server, passed in as `detail`).
import Link from "next/link";
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { inputClass } from "@/components/ui/Field";
import { formatCount } from "../format";
import { isBuiltInEvent } from "@/components/format/event";
import { Time } from "@/components/format/Time";
import { eventLabel } from "../format";
import { ParamLink, useReportNavigation } from "../ReportNavigation";
import type { PlanStatus, PlanStatuses } from "@/lib/plan/status";

export interface CatalogData {
  events: { name: string; count: number; firstSeen: string; lastSeen: string }[];
  eventProperties: { name: string; type: string; count: number; events: string[] }[];
  userProperties: { name: string; type: string; count: number }[];
}

export type CatalogTab = "events" | "event" | "user";

const TABS: { id: CatalogTab; label: string }[] = [
  { id: "events", label: "Events" },
  { id: "event", label: "Event properties" },
  { id: "user", label: "User properties" },
];

const TYPE_STYLE: Record<string, string> = {
  string: "bg-slate-100 text-slate-700",
  number: "bg-sky-50 text-sky-700",
  boolean: "bg-amber-50 text-amber-800",
  date: "bg-violet-50 text-violet-700",
  list: "bg-emerald-50 text-emerald-700",
  object: "bg-pink-50 text-pink-700",
};

function TypeBadge({ type }: { type: string }) {
  return <span className={`rounded px-1.5 py-0.5 font-mono text-[11px] ${TYPE_STYLE[type] ?? TYPE_STYLE.string}`}>{type}</span>;
}

const PLAN_STATUS: Record<PlanStatus, { label: string; style: string }> = {
  planned: { label: "Planned", style: "bg-emerald-50 text-emerald-800 ring-emerald-200" },
  unplanned: { label: "Unplanned", style: "bg-slate-50 text-slate-600 ring-slate-200" },
  violations: { label: "Violations", style: "bg-amber-50 text-amber-900 ring-amber-200" },
};

/** A name's tracking-plan status, linking to the Data quality page (its violations for an event). */
function PlanBadge({ projectId, status, event }: { projectId: string; status: PlanStatus | undefined; event?: string }) {
  if (!status) return <span className="text-xs text-slate-400">—</span>;
  const href = `/projects/${projectId}/data-quality${event && status === "violations" ? `?${new URLSearchParams({ event }).toString()}` : ""}`;
  return (
    <Link href={href} className={`rounded px-1.5 py-0.5 text-[11px] font-medium whitespace-nowrap ring-1 ring-inset hover:underline ${PLAN_STATUS[status].style}`} title="Open Data quality">
      {PLAN_STATUS[status].label}
    </Link>
  );
}

/** Wait this long after the last keystroke before asking the server. */
const SEARCH_DEBOUNCE_MS = 300;

export function CatalogView({
  projectId,
  data,
  counts,
  q,
  pages,
  tab,
  selected,
  timezone,
  detail,
  planStatuses = null,
}: {
  projectId: string;
  /** The open tab's page (the other lists are empty). */
  data: CatalogData;
  counts: Record<CatalogTab, number>;
  /** The name search the page was loaded with. */
  q: string;
  pages: { offset: number; size: number; next: number | null };
  tab: CatalogTab;
  selected: { scope: "event" | "user"; name: string } | null;
  timezone: string;
  detail: ReactNode;
  /** The tracking plan's status of the page's events and event properties; null without a plan. */
  planStatuses?: PlanStatuses | null;
}) {
  const nav = useReportNavigation();
  const [filter, setFilter] = useState(q);
  const needle = filter.trim().toLowerCase();
  const match = (name: string) => !needle || name.toLowerCase().includes(needle);
  const sent = useRef(q);
  useEffect(() => {
    const wanted = filter.trim();
    if (wanted === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = wanted;
      nav.go({ q: wanted || null, cursor: null }, { replace: true });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [filter, nav]);

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const by = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!by) return;
    event.preventDefault();
    const next = TABS[(index + by + TABS.length) % TABS.length];
    nav.go({ tab: next.id === "events" ? null : next.id, cursor: null }, { replace: true });
    document.getElementById(`catalog-tab-${next.id}`)?.focus();
  }

  const propertyRow = (scope: "event" | "user", p: { name: string; type: string; count: number; events?: string[] }) => {
    const active = selected?.scope === scope && selected.name === p.name;
    return (
      <tr key={p.name} className={active ? "bg-indigo-50" : "hover:bg-slate-50"}>
        <th scope="row" className="max-w-[16rem] py-2 pr-4 pl-3 text-left font-normal">
          <ParamLink
            changes={active ? { property: null, scope: null } : { property: p.name, scope }}
            aria-current={active ? "true" : undefined}
            className="block truncate font-mono text-sm font-medium text-indigo-700 hover:underline"
            title={`Top values of ${p.name}`}
          >
            {p.name}
          </ParamLink>
        </th>
        <td className="py-2 pr-4">
          <TypeBadge type={p.type} />
        </td>
        <td className="py-2 pr-4 text-right tabular-nums">{formatCount(p.count)}</td>
        {scope === "event" && planStatuses ? (
          <td className="py-2 pr-4">
            <PlanBadge projectId={projectId} status={planStatuses.eventProperties[p.name]} />
          </td>
        ) : null}
        {p.events ? (
          <td className="hidden max-w-[18rem] truncate py-2 pr-3 text-xs text-slate-500 md:table-cell" title={p.events.join(", ")}>
            {p.events.map(eventLabel).join(", ")}
          </td>
        ) : null}
      </tr>
    );
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div role="tablist" aria-label="Catalog" className="inline-flex rounded-md bg-white p-0.5 shadow-sm ring-1 ring-slate-200">
          {TABS.map((t, i) => (
            <button
              key={t.id}
              id={`catalog-tab-${t.id}`}
              role="tab"
              type="button"
              aria-selected={tab === t.id}
              aria-controls="catalog-panel"
              tabIndex={tab === t.id ? 0 : -1}
              onKeyDown={(e) => onTabKey(e, i)}
              onClick={() => nav.go({ tab: t.id === "events" ? null : t.id, cursor: null }, { replace: true })}
              className={`rounded px-3 py-1.5 text-sm font-medium ${tab === t.id ? "bg-indigo-600 text-white" : "text-slate-600 hover:bg-slate-100"}`}
            >
              {t.label} <span className={tab === t.id ? "text-indigo-200" : "text-slate-400"}>{counts[t.id]}</span>
            </button>
          ))}
        </div>
        <label className="w-full sm:w-64">
          <span className="sr-only">Search by name</span>
          <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Search by name" className={`${inputClass} py-1.5`} />
        </label>
      </div>

      <div className={`grid gap-6 ${selected ? "lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]" : ""}`}>
        <div id="catalog-panel" role="tabpanel" aria-labelledby={`catalog-tab-${tab}`} className="relative overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
          {tab === "events" ? (
            <table className="min-w-full text-left text-sm">
              <caption className="sr-only">Events</caption>
              <thead className="border-b border-slate-200 text-xs text-slate-500">
                <tr>
                  <th scope="col" className="py-2 pr-4 pl-3 font-medium">
                    Event
                  </th>
                  <th scope="col" className="py-2 pr-4 text-right font-medium">
                    Count
                  </th>
                  <th scope="col" className="hidden py-2 pr-4 font-medium sm:table-cell">
                    First seen
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Last seen
                  </th>
                  {planStatuses ? (
                    <th scope="col" className="py-2 pr-4 font-medium">
                      Plan
                    </th>
                  ) : null}
                  <th scope="col" className="py-2 pr-3 font-medium">
                    <span className="sr-only">Open</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.events.filter((e) => match(e.name)).map((e) => (
                  <tr key={e.name} className="hover:bg-slate-50">
                    <th scope="row" className="max-w-[18rem] truncate py-2 pr-4 pl-3 font-medium text-slate-900" title={e.name}>
                      {eventLabel(e.name)}
                      {isBuiltInEvent(e.name) ? <span className="ml-1.5 font-mono text-xs font-normal text-slate-400">{e.name}</span> : null}
                    </th>
                    <td className="py-2 pr-4 text-right tabular-nums">{formatCount(e.count)}</td>
                    <td className="hidden py-2 pr-4 whitespace-nowrap text-slate-500 sm:table-cell">
                      <Time value={e.firstSeen} zone={timezone} style="date" />
                    </td>
                    <td className="py-2 pr-4 whitespace-nowrap text-slate-500">
                      <Time value={e.lastSeen} zone={timezone} style="date" />
                    </td>
                    {planStatuses ? (
                      <td className="py-2 pr-4">
                        <PlanBadge projectId={projectId} status={planStatuses.events[e.name]} event={e.name} />
                      </td>
                    ) : null}
                    <td className="py-2 pr-3 text-right whitespace-nowrap">
                      <Link
                        href={`/projects/${projectId}/events?series=${encodeURIComponent(JSON.stringify([{ event: e.name }]))}`}
                        className="text-xs font-semibold text-indigo-600 hover:text-indigo-500"
                        aria-label={`Trend of ${eventLabel(e.name)}`}
                      >
                        Trend →
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <table className="min-w-full text-left text-sm">
              <caption className="sr-only">{tab === "event" ? "Event properties" : "User properties"}</caption>
              <thead className="border-b border-slate-200 text-xs text-slate-500">
                <tr>
                  <th scope="col" className="py-2 pr-4 pl-3 font-medium">
                    Property
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Type
                  </th>
                  <th scope="col" className="py-2 pr-4 text-right font-medium" title={tab === "event" ? "Events that carried it" : "Times it was set"}>
                    Volume
                  </th>
                  {tab === "event" && planStatuses ? (
                    <th scope="col" className="py-2 pr-4 font-medium">
                      Plan
                    </th>
                  ) : null}
                  {tab === "event" ? (
                    <th scope="col" className="hidden py-2 pr-3 font-medium md:table-cell">
                      On events
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {tab === "event"
                  ? data.eventProperties.filter((p) => match(p.name)).map((p) => propertyRow("event", p))
                  : data.userProperties.filter((p) => match(p.name)).map((p) => propertyRow("user", p))}
              </tbody>
            </table>
          )}
          {(tab === "events" ? data.events : tab === "event" ? data.eventProperties : data.userProperties).filter((x) => match(x.name)).length === 0 ? (
            <p className="px-3 py-6 text-center text-sm text-slate-500">
              {needle ? "Nothing matches that name." : tab === "user" ? "No user properties yet: send identify with traits to add some." : "Nothing here yet."}
            </p>
          ) : null}
        </div>
        {pages.offset > 0 || pages.next !== null ? (
          <nav aria-label="Catalog pages" className="flex items-center justify-between gap-3 text-sm text-slate-600 lg:col-start-1">
            <span className="tabular-nums">
              {formatCount(pages.offset + 1)}–{formatCount(pages.offset + (tab === "events" ? data.events : tab === "event" ? data.eventProperties : data.userProperties).length)}
              {q ? " matching" : ` of ${formatCount(counts[tab])}`}
            </span>
            <span className="flex gap-3">
              {pages.offset > 0 ? (
                <ParamLink changes={{ cursor: pages.offset - pages.size > 0 ? String(pages.offset - pages.size) : null }} className="font-semibold text-indigo-600 hover:text-indigo-500">
                  ← Previous
                </ParamLink>
              ) : null}
              {pages.next !== null ? (
                <ParamLink changes={{ cursor: String(pages.next) }} className="font-semibold text-indigo-600 hover:text-indigo-500">
                  Next →
                </ParamLink>
              ) : null}
            </span>
          </nav>
        ) : null}
        {selected ? <div className="lg:sticky lg:top-4 lg:self-start">{detail}</div> : null}
      </div>
    </div>
  );
}
