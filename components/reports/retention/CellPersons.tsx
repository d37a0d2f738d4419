// The persons behind one retention cell (a row's persons back in period n, or
// the whole row for period 0), each linking to their profile, with "Save as
// cohort" for all of them.
import type { ReactNode } from "react";
import { PersonsTable } from "../PersonsTable";
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
      <PersonsTable projectId={projectId} caption={title} total={total} persons={persons} timezone={timezone} empty="Nobody in this cell." />
    </section>
  );
}
