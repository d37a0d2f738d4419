"use client";

import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/Button";
import { Notice } from "@/components/ui/Notice";

interface LiveEvent {
  id: string;
  event: string;
  distinctId: string;
  timestamp: string;
  receivedAt: string;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
}

const POLL_MS = 2000;
const KEEP = 200;

function timeOf(iso: string, zone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", second: "2-digit", month: "short", day: "numeric" }).format(new Date(iso));
}

/** Shows events as they arrive: how people check that their tracking works. */
export function LiveEvents({ projectId, timezone }: { projectId: string; timezone: string }) {
  const [events, setEvents] = useState<LiveEvent[] | null>(null);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [paused, setPaused] = useState(false);
  const [failing, setFailing] = useState(false);
  const known = useRef<Set<string>>(new Set());

  useEffect(() => {
    if (paused) return;
    let stopped = false;
    async function poll() {
      try {
        const res = await fetch(`/api/projects/${projectId}/events?limit=50`, { cache: "no-store" });
        if (!res.ok) throw new Error(String(res.status));
        const body = (await res.json()) as { events: LiveEvent[] };
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
  }, [projectId, paused]);

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
          <p className="font-medium text-slate-900">Nothing yet</p>
          <p className="mt-1 text-sm text-slate-500">Send an event (see Settings for a curl line and the HTML snippet); it shows up here within seconds.</p>
        </div>
      ) : null}
      {events?.length ? (
        <ol className="divide-y divide-slate-100 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200" aria-label="Latest events" aria-live="polite">
          {events.map((e) => (
            <li key={e.id} className={fresh.has(e.id) ? "bg-indigo-50/60 transition-colors" : ""}>
              <details className="group px-4 py-3">
                <summary className="flex cursor-pointer list-none items-center gap-3 text-sm">
                  <span aria-hidden className="text-slate-400 transition group-open:rotate-90">▸</span>
                  <span className="min-w-0 flex-1 truncate font-medium text-slate-900">{e.event}</span>
                  <span className="hidden max-w-[14rem] truncate font-mono text-xs text-slate-500 sm:inline" title={e.distinctId}>
                    {e.distinctId}
                  </span>
                  <time dateTime={e.timestamp} className="shrink-0 tabular-nums text-slate-500">
                    {timeOf(e.timestamp, timezone)}
                  </time>
                </summary>
                <div className="mt-3 grid gap-3 md:grid-cols-2">
                  <div>
                    <p className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">Properties</p>
                    <pre className="max-h-64 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs text-slate-700">{JSON.stringify(e.properties, null, 2)}</pre>
                  </div>
                  <div>
                    <p className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">Context</p>
                    <pre className="max-h-64 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs text-slate-700">{JSON.stringify(e.context, null, 2)}</pre>
                  </div>
                </div>
              </details>
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}
