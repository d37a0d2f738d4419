"use client";

import { useState, type FormEvent } from "react";
import { FilterBuilder } from "../FilterBuilder";
import { draftFromFilter, filtersFromDrafts, type FilterDraft } from "../filterDraft";
import type { FilterLike } from "../params";
import { eventLabel } from "../format";
import { compactInput, EventSelect } from "../Pickers";
import { BuilderFooter, useReportNavigation } from "../ReportNavigation";
import type { PickerCatalog } from "../vocabulary";
import type { PathsMode } from "./spec";

export function PathsBuilder({
  projectId,
  catalog,
  startEvent,
  endEvent,
  steps,
  top,
  where,
  exclude,
  mode,
  pages,
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
  mode: PathsMode;
  /** The most viewed page paths, offered in pages mode. */
  pages: string[];
}) {
  const nav = useReportNavigation();
  const [stepsAre, setStepsAre] = useState<PathsMode>(mode);
  const [start, setStart] = useState(startEvent ?? "");
  const [end, setEnd] = useState(endEvent ?? "");
  const [count, setCount] = useState(String(steps));
  const [keep, setKeep] = useState(String(top));
  const [leftOut, setLeftOut] = useState<string[]>(exclude);
  const [filters, setFilters] = useState<FilterDraft[]>(() => where.map((f) => draftFromFilter(f, catalog)));
  const [error, setError] = useState<string | null>(null);

  /** Events and pages name different things: switching clears the start, the end and what is left out. */
  function switchMode(next: PathsMode) {
    setStepsAre(next);
    setStart("");
    setEnd("");
    setLeftOut([]);
  }

  /** A start, end or left-out step: an event picker, or in pages mode a list of the most viewed paths. */
  function StepSelect({ id, label, value, onChange, placeholder }: { id?: string; label: string; value: string; onChange: (value: string) => void; placeholder: string }) {
    if (stepsAre === "events") return <EventSelect id={id} label={label} value={value} onChange={onChange} catalog={catalog} allowEmpty placeholder={placeholder} className="w-full" />;
    const options = value && !pages.includes(value) ? [value, ...pages] : pages;
    return (
      <select id={id} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} className={`${compactInput} w-full`}>
        <option value="">{placeholder}</option>
        {options.map((page) => (
          <option key={page} value={page}>
            {page}
          </option>
        ))}
      </select>
    );
  }

  function run(event: FormEvent) {
    event.preventDefault();
    const global = filtersFromDrafts(filters);
    if (global.error) return setError(global.error);
    setError(null);
    nav.go({
      mode: stepsAre === "pages" ? "pages" : null,
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
      <fieldset className="flex flex-wrap items-center gap-3">
        <legend className="sr-only">Steps are</legend>
        <span className="text-sm font-medium text-slate-800" aria-hidden>
          Steps are
        </span>
        {(["events", "pages"] as const).map((value) => (
          <label key={value} className="inline-flex cursor-pointer items-center gap-1.5 text-sm text-slate-700">
            <input type="radio" name="paths-mode" value={value} checked={stepsAre === value} onChange={() => switchMode(value)} className="accent-indigo-600" />
            {value === "events" ? "Events" : "Pages (page views by path)"}
          </label>
        ))}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div className="space-y-1.5">
          <label htmlFor="paths-start" className="block text-sm font-medium text-slate-800">
            Starting at
          </label>
          {StepSelect({
            id: "paths-start",
            label: stepsAre === "pages" ? "Start page" : "Start event",
            value: start,
            onChange: setStart,
            placeholder: stepsAre === "pages" ? "Each person's first page" : "Each person's first event",
          })}
        </div>
        <div className="space-y-1.5">
          <label htmlFor="paths-end" className="block text-sm font-medium text-slate-800">
            Ending at
          </label>
          {StepSelect({
            id: "paths-end",
            label: stepsAre === "pages" ? "End page" : "End event",
            value: end,
            onChange: setEnd,
            placeholder: stepsAre === "pages" ? "Anywhere (no end page)" : "Anywhere (no end event)",
          })}
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
            {stepsAre === "pages" ? "Pages per step" : "Events per step"}
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
        <legend className="text-sm font-medium text-slate-800">{stepsAre === "pages" ? "Leave out pages" : "Leave out events"}</legend>
        <p className="text-xs text-slate-500">
          {stepsAre === "pages" ? "Paths skip these pages as if they were never viewed." : "Paths skip these as if they were never sent (the start and end events are always kept)."}
        </p>
        {leftOut.length ? (
          <ul className="flex flex-wrap gap-2" aria-label={stepsAre === "pages" ? "Pages left out" : "Events left out"}>
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
        <div className="w-full sm:w-72">
          {StepSelect({
            label: stepsAre === "pages" ? "Add a page to leave out" : "Add an event to leave out",
            value: "",
            onChange: (name) => name && !leftOut.includes(name) && setLeftOut([...leftOut, name]),
            placeholder: stepsAre === "pages" ? "Add a page to leave out…" : "Add an event to leave out…",
          })}
        </div>
      </fieldset>
      <FilterBuilder legend="Filters (every event on the path)" filters={filters} onChange={setFilters} catalog={catalog} projectId={projectId} />
      <BuilderFooter error={error} />
    </form>
  );
}
