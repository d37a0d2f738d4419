// The persons behind a number in a report (a funnel's drop-off, a retention
// cell): each links to their profile; "Showing the first N of M" when the list
// was cut. The empty case is the caller's sentence.
import Link from "next/link";
import { Time } from "@/components/format/Time";
import { formatCount } from "./format";

export interface ReportPerson {
  publicId: string;
  name: string | null;
  lastSeen: string | null;
  /** How many distinct ids the person has: a column only when every row has it. */
  distinctIds?: number;
}

export function PersonsTable({
  projectId,
  caption,
  total,
  persons,
  timezone,
  empty,
}: {
  projectId: string;
  /** Read by screen readers: what these persons are. */
  caption: string;
  total: number;
  persons: ReportPerson[];
  timezone: string;
  empty: string;
}) {
  if (!persons.length) return <p className="text-sm text-slate-500">{empty}</p>;
  const showIds = persons.every((p) => p.distinctIds !== undefined);
  return (
    <div className="relative overflow-x-auto">
      <table className="min-w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-xs text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">
              Person
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              Name or email
            </th>
            {showIds ? (
              <th scope="col" className="py-2 pr-4 font-medium">
                Ids
              </th>
            ) : null}
            <th scope="col" className="py-2 font-medium">
              Last seen
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {persons.map((p) => (
            <tr key={p.publicId}>
              <td className="max-w-[16rem] truncate py-2 pr-4">
                <Link href={`/projects/${projectId}/users/${encodeURIComponent(p.publicId)}`} className="font-mono text-xs font-medium text-indigo-700 hover:underline">
                  {p.publicId}
                </Link>
              </td>
              <td className="max-w-[16rem] truncate py-2 pr-4 text-slate-700">{p.name ?? <span className="text-slate-400">anonymous</span>}</td>
              {showIds ? <td className="py-2 pr-4 tabular-nums text-slate-500">{p.distinctIds}</td> : null}
              <td className="py-2 whitespace-nowrap text-slate-500 tabular-nums">
                <Time value={p.lastSeen} zone={timezone} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > persons.length ? <p className="mt-3 text-xs text-slate-500">Showing the first {persons.length} of {formatCount(total)}.</p> : null}
    </div>
  );
}
