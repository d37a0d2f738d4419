// The persons behind one drop-off, each linking to their profile.
import Link from "next/link";
import type { ReactNode } from "react";
import { Time } from "@/components/format/Time";
import { displayValue, formatCount } from "../format";
import { eventLabel } from "../format";
import { ParamLink } from "../ReportNavigation";

export interface DroppedRow {
  publicId: string;
  distinctIds: number;
  name: string | null;
  lastSeen: string | null;
}

export function DroppedPersons({
  projectId,
  step,
  fromEvent,
  toEvent,
  breakdownValue,
  valueLabel = displayValue,
  total,
  persons,
  timezone,
  saveAsCohort,
  saveConvertedAsCohort,
}: {
  projectId: string;
  step: number;
  fromEvent: string;
  toEvent: string;
  breakdownValue: { value: unknown } | null;
  /** How a breakdown value reads (a cohort's name for its id). */
  valueLabel?: (value: unknown) => string;
  total: number;
  persons: DroppedRow[];
  timezone: string;
  /** "Save as cohort" for these persons, for those who may. */
  saveAsCohort?: ReactNode;
  /** Beside it: "Save who converted" to the next step, for those who may. */
  saveConvertedAsCohort?: ReactNode;
}) {
  return (
    <section id="dropped" aria-labelledby="dropped-title" className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-red-200">
      <header className="mb-3 flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="dropped-title" className="text-base font-semibold text-slate-900">
            {formatCount(total)} {total === 1 ? "person" : "persons"} dropped after step {step}
          </h2>
          <p className="mt-1 text-sm text-slate-500">
            Did “{eventLabel(fromEvent)}” (step {step}) but not “{eventLabel(toEvent)}” (step {step + 1}) within the window
            {breakdownValue ? <>, with breakdown value {valueLabel(breakdownValue.value)}</> : null}.
          </p>
        </div>
        <ParamLink changes={{ dropped: null, droppedValue: null }} className="text-sm font-medium text-slate-600 hover:text-slate-900">
          Close
        </ParamLink>
      </header>
      {saveAsCohort && total > 0 ? <div className="mb-3">{saveAsCohort}</div> : null}
      {saveConvertedAsCohort ? (
        <div className="mb-3 border-t border-slate-100 pt-3">
          <p className="mb-2 text-sm text-slate-500">Or the persons who went on to step {step + 1} (“{eventLabel(toEvent)}”):</p>
          {saveConvertedAsCohort}
        </div>
      ) : null}
      {persons.length ? (
        <div className="relative overflow-x-auto">
          <table className="min-w-full text-left text-sm">
            <caption className="sr-only">Persons who dropped after step {step}</caption>
            <thead className="text-xs text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Person
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Name or email
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Ids
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
                  <td className="py-2 pr-4 tabular-nums text-slate-500">{p.distinctIds}</td>
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
        <p className="text-sm text-slate-500">Nobody dropped here.</p>
      )}
    </section>
  );
}
