import { dateTimeLabel } from "@/lib/query/labels";

export interface EventRow {
  id: string;
  event: string;
  distinctId: string;
  timestamp: string;
  path: string | null;
}

export function EventTable({ rows, timezone, caption }: { rows: EventRow[]; timezone: string; caption: string }) {
  return (
    <div className="overflow-x-auto">
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
              <td className="py-2 pr-4 font-medium text-slate-900">{row.event}</td>
              <td className="max-w-[12rem] truncate py-2 pr-4 font-mono text-xs text-slate-600" title={row.distinctId}>
                {row.distinctId}
              </td>
              <td className="max-w-[14rem] truncate py-2 pr-4 text-slate-600" title={row.path ?? undefined}>
                {row.path ?? "—"}
              </td>
              <td className="py-2 whitespace-nowrap text-slate-500 tabular-nums">{dateTimeLabel(row.timestamp, timezone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
