import Link from "next/link";
import { eventLabel } from "@/components/format/event";
import { Time } from "@/components/format/Time";
import { trendOfEventHref } from "./overviewLinks";

export interface EventRow {
  id: string;
  event: string;
  distinctId: string;
  timestamp: string;
  path: string | null;
}

interface EventTableProps {
  rows: EventRow[];
  timezone: string;
  caption: string;
  projectId: string;
  /** The range preset the links open their report with. */
  range: string;
}

/** Recent events; each event name opens its trend, each person their profile. */
export function EventTable({ rows, timezone, caption, projectId, range }: EventTableProps) {
  return (
    <div className="relative overflow-x-auto">
      <table className="min-w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">Event</th>
            <th scope="col" className="py-2 pr-4 font-medium">Person</th>
            <th scope="col" className="py-2 pr-4 font-medium">Path</th>
            <th scope="col" className="py-2 font-medium">Time</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="py-2 pr-4 font-medium">
                <Link href={trendOfEventHref(projectId, row.event, range)} className="text-slate-900 hover:text-indigo-700 hover:underline">
                  {eventLabel(row.event)}
                </Link>
              </td>
              <td className="max-w-[12rem] truncate py-2 pr-4 font-mono text-xs" title={row.distinctId}>
                <Link href={`/projects/${projectId}/users/${encodeURIComponent(row.distinctId)}`} className="text-slate-600 hover:text-indigo-700 hover:underline">
                  {row.distinctId}
                </Link>
              </td>
              <td className="max-w-[14rem] truncate py-2 pr-4 text-slate-600" title={row.path ?? undefined}>
                {row.path ?? "—"}
              </td>
              <td className="py-2 whitespace-nowrap text-slate-500 tabular-nums">
                <Time value={row.timestamp} zone={timezone} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
