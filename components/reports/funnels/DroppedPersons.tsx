// The persons behind one drop-off, each linking to their profile.
import type { ReactNode } from "react";
import { displayValue, eventLabel, formatCount } from "../format";
import { PersonsTable } from "../PersonsTable";
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
      <PersonsTable
        projectId={projectId}
        caption={`Persons who dropped after step ${step}`}
        total={total}
        persons={persons}
        timezone={timezone}
        empty="Nobody dropped here."
      />
    </section>
  );
}
