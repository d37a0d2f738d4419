// The persons behind one retention cell (a row's persons back in period n, or
// the whole row for period 0), each linking to their profile, with "Save as
// cohort" for all of them.
import Link from "next/link";
import type { ReactNode } from "react";
import { Time } from "@/components/format/Time";
import { formatCount } from "../format";
import { ParamLink } from "../ReportNavigation";

export interface CellPerson {
  publicId: string;
  name: string | null;
  lastSeen: string | null;
}

export function CellPersons({
  projectId,
  title,
  description,
  total,
  persons,
  timezone,
  saveAsCohort,
}: {
  projectId: string;
  /** What the cell is, e.g. "12 persons of the Jun 8 cohort back on day 3". */
  title: string;
  description: string;
  total: number;
  persons: CellPerson[];
  timezone: string;
  saveAsCohort?: ReactNode;
}) {
  return (
    <section id="cell-persons" aria-labelledby="cell-persons-title" className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-amber-300">
      <header className="mb-3 flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="cell-persons-title" className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          <p className="mt-1 text-sm text-slate-500">{description}</p>
        </div>
        <ParamLink changes={{ cell: null, cellValue: null }} className="text-sm font-medium text-slate-600 hover:text-slate-900">
          Close
        </ParamLink>
      </header>
      {saveAsCohort && total > 0 ? <div className="mb-3">{saveAsCohort}</div> : null}
      {persons.length ? (
        <div className="relative overflow-x-auto">
          <table className="min-w-full text-left text-sm">
            <caption className="sr-only">{title}</caption>
            <thead className="text-xs text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Person
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Name or email
                </th>
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
                  <td className="py-2 whitespace-nowrap text-slate-500 tabular-nums">
                    <Time value={p.lastSeen} zone={timezone} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {total > persons.length ? <p className="mt-3 text-xs text-slate-500">Showing the first {persons.length} of {formatCount(total)}.</p> : null}
        </div>
      ) : (
        <p className="text-sm text-slate-500">Nobody in this cell.</p>
      )}
    </section>
  );
}
