"use client";

// The funnel builder: 2 to 20 ordered steps (each an event with its own
// filters), the conversion window, filters for every step, and a breakdown.
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/Button";
import { FilterBuilder } from "../FilterBuilder";
import { draftFromFilter, draftKey, filtersFromDrafts, type FilterDraft } from "../filterDraft";
import type { BreakdownLike, FilterLike } from "../params";
import { BreakdownPicker, compactInput, EventSelect, breakdownDraft, breakdownParam, type BreakdownDraft } from "../Pickers";
import { BuilderFooter, useReportNavigation } from "../ReportNavigation";
import type { PickerCatalog } from "../vocabulary";
import { splitWindow, WINDOW_UNITS, type WindowUnit } from "./spec";

interface StepDraft {
  key: string;
  event: string;
  filters: FilterDraft[];
}

const MAX_STEPS = 20;

const iconButton =
  "rounded p-1.5 text-slate-400 hover:bg-slate-100 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:opacity-30 disabled:hover:bg-transparent";

export function FunnelBuilder({
  projectId,
  catalog,
  steps: initialSteps,
  where,
  breakdown,
  windowSeconds,
}: {
  projectId: string;
  catalog: PickerCatalog;
  steps: { event: string; where: FilterLike[] }[];
  where: FilterLike[];
  breakdown: BreakdownLike | null;
  windowSeconds: number;
}) {
  const nav = useReportNavigation();
  const [steps, setSteps] = useState<StepDraft[]>(() => {
    const given = initialSteps.map((s) => ({ key: draftKey(), event: s.event, filters: s.where.map((f) => draftFromFilter(f, catalog)) }));
    while (given.length < 2) given.push({ key: draftKey(), event: "", filters: [] });
    return given;
  });
  const [filters, setFilters] = useState<FilterDraft[]>(() => where.map((f) => draftFromFilter(f, catalog)));
  const [split, setSplit] = useState<BreakdownDraft>(() => breakdownDraft(breakdown));
  const initialWindow = splitWindow(windowSeconds);
  const [amount, setAmount] = useState(String(initialWindow.amount));
  const [unit, setUnit] = useState<WindowUnit>(initialWindow.unit);
  const [error, setError] = useState<string | null>(null);

  const update = (key: string, change: Partial<StepDraft>) => setSteps((all) => all.map((s) => (s.key === key ? { ...s, ...change } : s)));
  const move = (index: number, by: -1 | 1) =>
    setSteps((all) => {
      const next = [...all];
      [next[index], next[index + by]] = [next[index + by], next[index]];
      return next;
    });

  function run(event: FormEvent) {
    event.preventDefault();
    const out: Record<string, unknown>[] = [];
    for (const [i, s] of steps.entries()) {
      if (!s.event) return setError(`Step ${i + 1}: choose an event.`);
      const own = filtersFromDrafts(s.filters, `Step ${i + 1}, filter`);
      if (own.error) return setError(own.error);
      out.push({ event: s.event, ...(own.filters.length ? { where: own.filters } : {}) });
    }
    const n = Number(amount);
    if (!Number.isInteger(n) || n < 1) return setError("The conversion window must be a whole number, 1 or more.");
    if (n * WINDOW_UNITS[unit].seconds > 366 * 86_400) return setError("The conversion window can be at most 366 days.");
    const global = filtersFromDrafts(filters);
    if (global.error) return setError(global.error);
    setError(null);
    nav.go({
      steps: JSON.stringify(out),
      window: `${n}${unit}`,
      where: global.filters.length ? JSON.stringify(global.filters) : null,
      breakdown: breakdownParam(split),
      dropped: null,
      droppedValue: null,
    });
  }

  return (
    <form onSubmit={run} {...nav.trackEdits} className="space-y-5 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" aria-label="Funnel query">
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-800">Steps, in order</legend>
        <ol className="space-y-3">
          {steps.map((s, i) => (
            <li key={s.key} className="space-y-2">
              <div className="flex flex-wrap items-center gap-2">
                <span aria-hidden className="inline-flex h-7 w-7 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-xs font-bold text-indigo-700">
                  {i + 1}
                </span>
                <EventSelect label={`Step ${i + 1} event`} value={s.event} catalog={catalog} onChange={(value) => update(s.key, { event: value })} className="w-auto min-w-[12rem] flex-1 sm:flex-none" />
                <div className="flex items-center">
                  <button type="button" className={iconButton} aria-label={`Move step ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                    <span aria-hidden>↑</span>
                  </button>
                  <button type="button" className={iconButton} aria-label={`Move step ${i + 1} down`} disabled={i === steps.length - 1} onClick={() => move(i, 1)}>
                    <span aria-hidden>↓</span>
                  </button>
                  <button
                    type="button"
                    className={iconButton}
                    aria-label={`Remove step ${i + 1}`}
                    disabled={steps.length <= 2}
                    onClick={() => setSteps((all) => all.filter((x) => x.key !== s.key))}
                  >
                    <span aria-hidden>✕</span>
                  </button>
                </div>
              </div>
              <div className="pl-9">
                <FilterBuilder
                  legend={`Filters of step ${i + 1}`}
                  hideLegend
                  what={`Step ${i + 1} filter`}
                  addLabel={s.filters.length ? "and" : "Filter this step"}
                  filters={s.filters}
                  onChange={(next) => update(s.key, { filters: next })}
                  catalog={catalog}
                  projectId={projectId}
                  preferEvents={s.event ? [s.event] : []}
                />
              </div>
            </li>
          ))}
        </ol>
        {steps.length < MAX_STEPS ? (
          <Button type="button" variant="secondary" className="px-2.5 py-1.5 text-xs" onClick={() => setSteps((all) => [...all, { key: draftKey(), event: "", filters: [] }])}>
            + Add step
          </Button>
        ) : null}
      </fieldset>

      <div className="grid gap-5 lg:grid-cols-3">
        <fieldset className="space-y-1.5">
          <legend className="text-sm font-medium text-slate-800">Conversion window</legend>
          <div className="flex gap-2">
            <input
              type="number"
              min={1}
              step={1}
              aria-label="Conversion window length"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              className={`${compactInput} w-24`}
            />
            <select aria-label="Conversion window unit" value={unit} onChange={(e) => setUnit(e.target.value as WindowUnit)} className={`${compactInput} w-auto`}>
              {(Object.keys(WINDOW_UNITS) as WindowUnit[]).map((u) => (
                <option key={u} value={u}>
                  {WINDOW_UNITS[u].label}
                </option>
              ))}
            </select>
          </div>
          <p className="text-xs text-slate-500">Every step must happen within this long of the first.</p>
        </fieldset>
        <FilterBuilder legend="Filters (every step)" filters={filters} onChange={setFilters} catalog={catalog} projectId={projectId} preferEvents={steps.map((s) => s.event).filter(Boolean)} />
        <BreakdownPicker idPrefix="funnel" value={split} onChange={setSplit} catalog={catalog} preferEvents={steps[0]?.event ? [steps[0].event] : []} />
      </div>

      <BuilderFooter error={error} />
    </form>
  );
}
