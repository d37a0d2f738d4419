"use client";

// A person's events, newest first, grouped by day in the project's zone; each
// opens to show its properties and context. "Load more" pages through the
// events API (every distinct id of the person counts).
import { useState } from "react";
import { formatTime } from "@/components/format/time";
import { Time } from "@/components/format/Time";
import { Button } from "@/components/ui/Button";
import { Notice } from "@/components/ui/Notice";
import { eventLabel } from "../format";

export interface TimelineEvent {
  id: string;
  event: string;
  distinctId: string;
  timestamp: string;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
}

function PropertyList({ values, label }: { values: Record<string, unknown>; label: string }) {
  const entries = Object.entries(values);
  if (!entries.length) return <p className="text-xs text-slate-400">No {label.toLowerCase()}.</p>;
  return (
    <table className="w-full text-left text-xs">
      <caption className="mb-1 text-left font-medium tracking-wide text-slate-500 uppercase">{label}</caption>
      <tbody className="divide-y divide-slate-100">
        {entries.map(([key, value]) => (
          <tr key={key}>
            <th scope="row" className="w-1/3 py-1 pr-3 align-top font-mono font-normal break-all text-slate-500">
              {key}
            </th>
            <td className="py-1 font-mono break-all whitespace-pre-wrap text-slate-800">{typeof value === "string" ? value : JSON.stringify(value, null, 1)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Timeline({
  projectId,
  distinctId,
  timezone,
  initial,
  nextCursor,
}: {
  projectId: string;
  distinctId: string;
  timezone: string;
  initial: TimelineEvent[];
  nextCursor: string | null;
}) {
  const [events, setEvents] = useState(initial);
  const [cursor, setCursor] = useState(nextCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function more() {
    if (!cursor) return;
    setLoading(true);
    setError(null);
    try {
      const params = new URLSearchParams({ distinctId, limit: "100", cursor });
      const response = await fetch(`/api/projects/${projectId}/events?${params}`, { cache: "no-store" });
      const body = (await response.json()) as { events?: TimelineEvent[]; nextCursor?: string | null; error?: { message: string } };
      if (!response.ok) throw new Error(body.error?.message ?? `The server answered ${response.status}.`);
      setEvents((all) => [...all, ...(body.events ?? [])]);
      setCursor(body.nextCursor ?? null);
    } catch (e) {
      setError(e instanceof Error ? e.message : "Could not load more events.");
    } finally {
      setLoading(false);
    }
  }

  const groups: { day: string; events: TimelineEvent[] }[] = [];
  for (const e of events) {
    const label = formatTime(e.timestamp, timezone, "day");
    if (groups.at(-1)?.day !== label) groups.push({ day: label, events: [] });
    groups.at(-1)!.events.push(e);
  }

  return (
    <div className="space-y-4">
      {groups.map((group) => (
        <section key={group.day} aria-label={group.day}>
          <h3 className="sticky top-0 z-10 bg-white/95 py-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">{group.day}</h3>
          <ol className="divide-y divide-slate-100 border-l-2 border-slate-100 pl-3">
            {group.events.map((e) => (
              <li key={e.id}>
                <details className="group py-2">
                  <summary className="flex cursor-pointer list-none items-center gap-3 rounded text-sm focus-visible:outline-2 focus-visible:outline-indigo-600">
                    <span aria-hidden className="text-slate-400 transition group-open:rotate-90">
                      ▸
                    </span>
                    <Time value={e.timestamp} zone={timezone} style="time" className="w-16 shrink-0 text-xs text-slate-500 tabular-nums" />
                    <span className="min-w-0 flex-1 truncate font-medium text-slate-900">{eventLabel(e.event)}</span>
                    <span className="hidden max-w-[14rem] truncate text-xs text-slate-500 sm:block">
                      {typeof e.context?.page === "object" && e.context.page && "path" in e.context.page ? String((e.context.page as { path: unknown }).path) : ""}
                    </span>
                  </summary>
                  <div className="mt-2 grid gap-4 rounded-md bg-slate-50 p-3 md:grid-cols-2">
                    <PropertyList label="Properties" values={e.properties} />
                    <div className="space-y-2">
                      <PropertyList label="Context" values={e.context ?? {}} />
                      <p className="text-xs text-slate-500">
                        Sent as <span className="font-mono">{e.distinctId}</span>
                      </p>
                    </div>
                  </div>
                </details>
              </li>
            ))}
          </ol>
        </section>
      ))}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {cursor ? (
        <Button variant="secondary" onClick={more} disabled={loading}>
          {loading ? "Loading…" : "Load more events"}
        </Button>
      ) : events.length ? (
        <p className="text-xs text-slate-400">That is every event of this person.</p>
      ) : null}
    </div>
  );
}
