"use client";

import { useState, type FormEvent } from "react";
import { FilterBuilder } from "../FilterBuilder";
import { draftFromFilter, filtersFromDrafts, type FilterDraft } from "../filterDraft";
import type { FilterLike } from "../params";
import { eventLabel } from "../format";
import { compactInput, EventSelect } from "../Pickers";
import { BuilderFooter, useReportNavigation } from "../ReportNavigation";
import type { PickerCatalog } from "../vocabulary";

export function PathsBuilder({
  projectId,
  catalog,
  startEvent,
  endEvent,
  steps,
  top,
  where,
  exclude,
}: {
  projectId: string;
  catalog: PickerCatalog;
  startEvent: string | null;
  endEvent: string | null;
  steps: number | string;
  top: number | string;
  where: FilterLike[];
  /** Events the address leaves out (the identity events are a separate switch on the page). */
  exclude: string[];
}) {
  const nav = useReportNavigation();
  const [start, setStart] = useState(startEvent ?? "");
  const [end, setEnd] = useState(endEvent ?? "");
  const [count, setCount] = useState(String(steps));
  const [keep, setKeep] = useState(String(top));
  const [leftOut, setLeftOut] = useState<string[]>(exclude);
  const [filters, setFilters] = useState<FilterDraft[]>(() => where.map((f) => draftFromFilter(f, catalog)));
  const [error, setError] = useState<string | null>(null);

  function run(event: FormEvent) {
    event.preventDefault();
    const global = filtersFromDrafts(filters);
    if (global.error) return setError(global.error);
    setError(null);
    nav.go({
      start,
      end,
      steps: count,
      top: keep,
      where: global.filters.length ? JSON.stringify(global.filters) : null,
      exclude: leftOut.length ? JSON.stringify(leftOut) : null,
    });
  }

  return (
    <form onSubmit={run} {...nav.trackEdits} className="space-y-5 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" aria-label="Paths query">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div className="space-y-1.5">
          <label htmlFor="paths-start" className="block text-sm font-medium text-slate-800">
            Starting at
          </label>
          <EventSelect id="paths-start" label="Start event" value={start} onChange={setStart} catalog={catalog} allowEmpty placeholder="Each person's first event" className="w-full" />
        </div>
        <div className="space-y-1.5">
          <label htmlFor="paths-end" className="block text-sm font-medium text-slate-800">
            Ending at
          </label>
          <EventSelect id="paths-end" label="End event" value={end} onChange={setEnd} catalog={catalog} allowEmpty placeholder="Anywhere (no end event)" className="w-full" />
        </div>
        <div className="space-y-1.5">
          <label htmlFor="paths-steps" className="block text-sm font-medium text-slate-800">
            Steps
          </label>
          <select id="paths-steps" value={count} onChange={(e) => setCount(e.target.value)} className={`${compactInput} w-full`}>
            {[2, 3, 4, 5, 6, 7, 8].map((n) => (
              <option key={n} value={n}>
                {n} steps
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1.5">
          <label htmlFor="paths-top" className="block text-sm font-medium text-slate-800">
            Events per step
          </label>
          <select id="paths-top" value={keep} onChange={(e) => setKeep(e.target.value)} className={`${compactInput} w-full`}>
            {[3, 5, 8, 10, 15, 20].map((n) => (
              <option key={n} value={n}>
                Top {n}, rest as “Other”
              </option>
            ))}
          </select>
        </div>
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Leave out events</legend>
        <p className="text-xs text-slate-500">Paths skip these as if they were never sent (the start and end events are always kept).</p>
        {leftOut.length ? (
          <ul className="flex flex-wrap gap-2" aria-label="Events left out">
            {leftOut.map((name) => (
              <li key={name} className="inline-flex max-w-full items-center gap-1 rounded-full bg-slate-100 py-1 pl-3 pr-1 text-sm text-slate-700">
                <span className="truncate">{eventLabel(name)}</span>
                <button
                  type="button"
                  onClick={() => setLeftOut(leftOut.filter((other) => other !== name))}
                  className="rounded-full px-1.5 text-slate-500 hover:bg-slate-200 hover:text-slate-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
                  aria-label={`Keep ${eventLabel(name)}`}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <EventSelect
          label="Add an event to leave out"
          value=""
          onChange={(name) => name && !leftOut.includes(name) && setLeftOut([...leftOut, name])}
          catalog={catalog}
          allowEmpty
          placeholder="Add an event to leave out…"
          className="w-full sm:w-72"
        />
      </fieldset>
      <FilterBuilder legend="Filters (every event on the path)" filters={filters} onChange={setFilters} catalog={catalog} projectId={projectId} />
      <BuilderFooter error={error} />
    </form>
  );
}
