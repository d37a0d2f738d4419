"use client";

import { useState, type FormEvent } from "react";
import { FilterBuilder } from "../FilterBuilder";
import { draftFromFilter, filtersFromDrafts, type FilterDraft } from "../filterDraft";
import type { FilterLike } from "../params";
import { BreakdownPicker, breakdownParam, compactInput, EventSelect, type BreakdownDraft } from "../Pickers";
import { BuilderFooter, useReportNavigation } from "../ReportNavigation";
import type { PickerCatalog } from "../vocabulary";

export function RetentionBuilder({
  projectId,
  catalog,
  startEvent,
  returnEvent,
  interval,
  periods,
  where,
  breakdown,
}: {
  projectId: string;
  catalog: PickerCatalog;
  startEvent: string;
  returnEvent: string;
  interval: string;
  periods: number | string;
  where: FilterLike[];
  breakdown: { cohorts: string[] } | null;
}) {
  const nav = useReportNavigation();
  const [start, setStart] = useState(startEvent);
  const [back, setBack] = useState(returnEvent);
  const [unit, setUnit] = useState(interval === "week" ? "week" : "day");
  const [count, setCount] = useState(String(periods));
  const [filters, setFilters] = useState<FilterDraft[]>(() => where.map((f) => draftFromFilter(f, catalog)));
  const [split, setSplit] = useState<BreakdownDraft>({ property: "", scope: "cohort", cohorts: breakdown?.cohorts ?? [] });
  const [error, setError] = useState<string | null>(null);

  function run(event: FormEvent) {
    event.preventDefault();
    const n = Number(count);
    if (!start || !back) return setError("Choose both events.");
    if (!Number.isInteger(n) || n < 1 || n > 120) return setError("Periods must be a whole number from 1 to 120.");
    const global = filtersFromDrafts(filters);
    if (global.error) return setError(global.error);
    setError(null);
    nav.go({
      start,
      return: back,
      interval: unit,
      periods: n,
      where: global.filters.length ? JSON.stringify(global.filters) : null,
      breakdown: breakdownParam(split),
      // A selected cell belongs to the report it was selected in.
      cell: null,
      cellValue: null,
    });
  }

  return (
    <form onSubmit={run} {...nav.trackEdits} className="space-y-5 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" aria-label="Retention query">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div className="space-y-1.5">
          <label htmlFor="retention-start" className="block text-sm font-medium text-slate-800">
            Cohort: first did
          </label>
          <EventSelect id="retention-start" label="Start event" value={start} onChange={setStart} catalog={catalog} className="w-full" />
        </div>
        <div className="space-y-1.5">
          <label htmlFor="retention-return" className="block text-sm font-medium text-slate-800">
            Came back and did
          </label>
          <EventSelect id="retention-return" label="Return event" value={back} onChange={setBack} catalog={catalog} className="w-full" />
        </div>
        <div className="space-y-1.5">
          <label htmlFor="retention-interval" className="block text-sm font-medium text-slate-800">
            Per
          </label>
          <select id="retention-interval" value={unit} onChange={(e) => setUnit(e.target.value)} className={`${compactInput} w-full`}>
            <option value="day">Day</option>
            <option value="week">Week (from Monday)</option>
          </select>
        </div>
        <div className="space-y-1.5">
          <label htmlFor="retention-periods" className="block text-sm font-medium text-slate-800">
            Periods
          </label>
          <input id="retention-periods" type="number" min={1} max={120} value={count} onChange={(e) => setCount(e.target.value)} className={`${compactInput} w-full`} />
        </div>
      </div>
      <FilterBuilder legend="Filters (both events)" filters={filters} onChange={setFilters} catalog={catalog} projectId={projectId} preferEvents={[start, back].filter(Boolean)} />
      <BreakdownPicker idPrefix="retention" value={split} onChange={setSplit} catalog={catalog} cohortsOnly />
      <BuilderFooter error={error} />
    </form>
  );
}
