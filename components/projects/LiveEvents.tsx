"use client";

import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { eventLabel, isBuiltInEvent } from "@/components/format/event";
import { Time } from "@/components/format/Time";
import { Button } from "@/components/ui/Button";
import { Notice } from "@/components/ui/Notice";
import { personHref } from "./overviewLinks";
import { countryLabel } from "./TopTable";
import { builtinLines, liveAnswerSchema, liveHref, placeOf, propertyLines, type LiveEvent, type PropertyLine } from "./live/liveEvent";

const POLL_MS = 2000;
const KEEP = 200;

export interface LiveFilters {
  event: string | null;
  distinctId: string | null;
}

/**
 * Shows events as they arrive: how people check that their tracking works.
 * The filters come from the address (the page keys this component by them, so
 * a new filter starts a fresh list).
 */
export function LiveEvents({ projectId, timezone, filters }: { projectId: string; timezone: string; filters: LiveFilters }) {
  const [events, setEvents] = useState<LiveEvent[] | null>(null);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [paused, setPaused] = useState(false);
  const [failing, setFailing] = useState(false);
  const known = useRef<Set<string>>(new Set());
  const filtered = Boolean(filters.event || filters.distinctId);

  useEffect(() => {
    if (paused) return;
    let stopped = false;
    const query = new URLSearchParams({ limit: "50" });
    if (filters.event) query.set("event", filters.event);
    if (filters.distinctId) query.set("distinctId", filters.distinctId);
    async function poll() {
      try {
        const res = await fetch(`/api/projects/${projectId}/events?${query.toString()}`, { cache: "no-store" });
        if (!res.ok) throw new Error(String(res.status));
        const body = liveAnswerSchema.parse(await res.json());
        if (stopped) return;
        setFailing(false);
        const first = known.current.size === 0;
        const arrived = body.events.filter((e) => !known.current.has(e.id));
        arrived.forEach((e) => known.current.add(e.id));
        setFresh(first ? new Set() : new Set(arrived.map((e) => e.id)));
        setEvents((previous) =>
          [...arrived, ...(previous ?? [])]
            .sort((a, b) => b.timestamp.localeCompare(a.timestamp) || Number(b.id) - Number(a.id))
            .slice(0, KEEP),
        );
      } catch {
        if (!stopped) setFailing(true);
      }
    }
    void poll();
    const timer = setInterval(poll, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [projectId, paused, filters.event, filters.distinctId]);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="flex items-center gap-2 text-sm text-slate-600" role="status">
          <span className={`inline-block h-2.5 w-2.5 rounded-full ${paused ? "bg-slate-400" : failing ? "bg-amber-500" : "animate-pulse bg-emerald-500"}`} />
          {paused ? "Paused" : failing ? "Connection lost; retrying…" : "Listening for events"}
        </p>
        <Button variant="secondary" onClick={() => setPaused((p) => !p)}>
          {paused ? "Resume" : "Pause"}
        </Button>
      </div>
      {failing && events === null ? <Notice tone="error">Could not load events. Check that the server is running; retrying every few seconds.</Notice> : null}
      {events === null && !failing ? (
        <div className="space-y-2" aria-busy="true" aria-label="Loading events">
          {[0, 1, 2].map((i) => (
            <div key={i} className="h-12 animate-pulse rounded-lg bg-slate-200" />
          ))}
        </div>
      ) : null}
      {events?.length === 0 ? (
        <div className="rounded-xl border-2 border-dashed border-slate-300 p-10 text-center">
          <p className="font-medium text-slate-900">{filtered ? "No matching events yet" : "Nothing yet"}</p>
          <p className="mt-1 text-sm text-slate-500">
            {filtered
              ? "Events that match the filters show up here within seconds of arriving."
              : "Send an event (see Settings for a curl line and the HTML snippet); it shows up here within seconds."}
          </p>
        </div>
      ) : null}
      {events?.length ? (
        <ol className="divide-y divide-slate-100 rounded-xl bg-white shadow-sm ring-1 ring-slate-200" aria-label="Latest events" aria-live="polite">
          {events.map((e) => (
            <LiveRow key={e.id} event={e} projectId={projectId} timezone={timezone} fresh={fresh.has(e.id)} filters={filters} />
          ))}
        </ol>
      ) : null}
    </div>
  );
}

/** One event: a line with what people look for first, and its properties on demand. */
function LiveRow({ event: e, projectId, timezone, fresh, filters }: { event: LiveEvent; projectId: string; timezone: string; fresh: boolean; filters: LiveFilters }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const place = placeOf(e);
  const browser = e.builtinProperties.$browser;
  const country = e.builtinProperties.$country;
  return (
    <li className={`min-w-0 px-4 py-3 ${fresh ? "bg-indigo-50/60 transition-colors" : ""}`}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <button
          type="button"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((o) => !o)}
          className="flex min-w-0 flex-1 basis-48 items-center gap-2 rounded text-left font-medium text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
        >
          <span aria-hidden className={`text-slate-400 transition ${open ? "rotate-90" : ""}`}>
            ▸
          </span>
          <span className="truncate">{eventLabel(e.event)}</span>
          {isBuiltInEvent(e.event) ? <span className="shrink-0 font-mono text-xs font-normal text-slate-500">{e.event}</span> : null}
        </button>
        <Time value={e.timestamp} zone={timezone} style="moment" className="shrink-0 tabular-nums text-slate-500 sm:order-last" />
        <dl className="flex w-full min-w-0 flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600 sm:w-auto sm:flex-[2]">
          <Detail label={e.event === "$screen" ? "Screen" : "Path"} value={place} mono className="max-w-[16rem]" />
          <Detail label="Browser" value={browser ?? null} />
          <Detail label="Country" value={country ? countryLabel(country) : null} />
          <div className="flex min-w-0 max-w-[14rem] items-center gap-1">
            <dt className="sr-only">Person</dt>
            <dd className="min-w-0 truncate">
              <Link href={personHref(projectId, e.distinctId)} className="font-mono text-indigo-700 hover:underline" title={`Open the profile of ${e.distinctId}`}>
                {e.distinctId}
              </Link>
            </dd>
          </div>
        </dl>
      </div>
      {open ? (
        <div id={panelId} className="mt-3 space-y-3">
          <p className="flex flex-wrap gap-x-4 gap-y-1 text-xs">
            {filters.event === e.event ? null : (
              <Link href={liveHref(projectId, { ...filters, event: e.event })} className="font-medium text-indigo-700 hover:underline">
                Only “{eventLabel(e.event)}” events
              </Link>
            )}
            {filters.distinctId === e.distinctId ? null : (
              <Link href={liveHref(projectId, { ...filters, distinctId: e.distinctId })} className="font-medium text-indigo-700 hover:underline">
                Only this person’s events
              </Link>
            )}
            <Link href={personHref(projectId, e.distinctId)} className="font-medium text-indigo-700 hover:underline">
              Open profile
            </Link>
          </p>
          <div className="grid gap-3 lg:grid-cols-2">
            <PropertyTable title="Properties" lines={propertyLines(e.properties)} empty="No properties sent." />
            <PropertyTable title="Built-in properties" lines={builtinLines(e.builtinProperties).map((l) => ({ key: `${l.label} (${l.key})`, value: l.value }))} empty="Nothing lifted from context (no page, browser or location)." />
            <PropertyTable title="Context" lines={propertyLines(e.context)} empty="No context sent." />
          </div>
        </div>
      ) : null}
    </li>
  );
}

function Detail({ label, value, mono = false, className = "" }: { label: string; value: string | null; mono?: boolean; className?: string }) {
  if (!value) return null;
  return (
    <div className={`flex min-w-0 items-center gap-1 ${className}`}>
      <dt className="sr-only">{label}</dt>
      <dd className={`min-w-0 truncate ${mono ? "font-mono" : ""}`} title={`${label}: ${value}`}>
        {value}
      </dd>
    </div>
  );
}

/** Keys and values as a two-column table; long values wrap instead of widening the page. */
function PropertyTable({ title, lines, empty }: { title: string; lines: PropertyLine[]; empty: string }) {
  return (
    <div className="min-w-0 rounded-md bg-slate-50 p-3">
      {lines.length ? (
        <table className="w-full table-fixed text-xs">
          <caption className="mb-1 text-left font-medium uppercase tracking-wide text-slate-500">{title}</caption>
          <tbody className="divide-y divide-slate-200/70">
            {lines.map((line) => (
              <tr key={line.key} className="align-top">
                <th scope="row" className="w-2/5 py-1 pr-3 text-left font-mono font-normal break-words text-slate-500">
                  {line.key}
                </th>
                <td className="py-1 font-mono break-words whitespace-pre-wrap text-slate-800">{line.value === "" ? <span className="text-slate-400">(empty)</span> : line.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <>
          <p className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">{title}</p>
          <p className="text-xs text-slate-500">{empty}</p>
        </>
      )}
    </div>
  );
}
