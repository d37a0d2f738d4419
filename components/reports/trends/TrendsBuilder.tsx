"use client";

// The trends query builder: series (event + math, with a numeric property for
// property maths, and filters of their own), filters for every series, and a
// breakdown. "Run" puts the query in the address; the server runs it.
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/Button";
import { color } from "@/components/charts/palette";
import { FilterBuilder } from "../FilterBuilder";
import { draftFromFilter, draftKey, filtersFromDrafts, type FilterDraft } from "../filterDraft";
import type { BreakdownLike, FilterLike } from "../params";
import { BreakdownPicker, compactInput, EventSelect, PropertySelect, breakdownDraft, breakdownParam, type BreakdownDraft } from "../Pickers";
import { BuilderFooter, useReportNavigation } from "../ReportNavigation";
import { MATH_LABELS, MATHS, type PickerCatalog } from "../vocabulary";

interface SeriesDraft {
  key: string;
  event: string;
  math: string;
  property: string;
  filters: FilterDraft[];
}

const LETTERS = "ABCDEFGHIJ";
const MAX_SERIES = 10;

export function TrendsBuilder({
  projectId,
  catalog,
  series: initialSeries,
  where,
  breakdown,
}: {
  projectId: string;
  catalog: PickerCatalog;
  series: { event: string; math: string; property: string; where: FilterLike[] }[];
  where: FilterLike[];
  breakdown: BreakdownLike | null;
}) {
  const nav = useReportNavigation();
  const [series, setSeries] = useState<SeriesDraft[]>(() =>
    (initialSeries.length ? initialSeries : [{ event: "", math: "total", property: "", where: [] }]).map((s) => ({
      key: draftKey(),
      event: s.event,
      math: s.math,
      property: s.property,
      filters: s.where.map((f) => draftFromFilter(f, catalog)),
    })),
  );
  const [filters, setFilters] = useState<FilterDraft[]>(() => where.map((f) => draftFromFilter(f, catalog)));
  const [split, setSplit] = useState<BreakdownDraft>(() => breakdownDraft(breakdown));
  const [error, setError] = useState<string | null>(null);

  const update = (key: string, change: Partial<SeriesDraft>) => setSeries((all) => all.map((s) => (s.key === key ? { ...s, ...change } : s)));

  function run(event: FormEvent) {
    event.preventDefault();
    const out: Record<string, unknown>[] = [];
    for (const [i, s] of series.entries()) {
      const name = `Series ${LETTERS[i]}`;
      if (!s.event) return setError(`${name}: choose an event.`);
      const needsProperty = MATH_LABELS[s.math as keyof typeof MATH_LABELS]?.needsProperty;
      if (needsProperty && !s.property) return setError(`${name}: choose the numeric property to ${s.math === "sum" ? "add up" : "measure"}.`);
      const own = filtersFromDrafts(s.filters, `${name}, filter`);
      if (own.error) return setError(own.error);
      out.push({
        event: s.event,
        ...(s.math !== "total" ? { math: s.math } : {}),
        ...(needsProperty ? { property: s.property } : {}),
        ...(own.filters.length ? { where: own.filters } : {}),
      });
    }
    const global = filtersFromDrafts(filters);
    if (global.error) return setError(global.error);
    setError(null);
    nav.go({
      series: JSON.stringify(out),
      where: global.filters.length ? JSON.stringify(global.filters) : null,
      breakdown: breakdownParam(split),
    });
  }

  const events = series.map((s) => s.event).filter(Boolean);

  return (
    <form onSubmit={run} {...nav.trackEdits} className="space-y-5 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" aria-label="Trends query">
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-800">Series</legend>
        <ol className="space-y-3">
          {series.map((s, i) => {
            const letter = LETTERS[i];
            const needsProperty = MATH_LABELS[s.math as keyof typeof MATH_LABELS]?.needsProperty;
            return (
              <li key={s.key} className="space-y-2">
                <div className="flex flex-wrap items-center gap-2">
                  <span aria-hidden className="inline-flex h-7 w-7 shrink-0 items-center justify-center rounded text-xs font-bold text-white" style={{ background: color(i) }}>
                    {letter}
                  </span>
                  <EventSelect
                    label={`Series ${letter} event`}
                    value={s.event}
                    catalog={catalog}
                    onChange={(value) => update(s.key, { event: value })}
                    className="w-auto min-w-[12rem] flex-1 sm:flex-none"
                  />
                  <select
                    aria-label={`Series ${letter} measure`}
                    value={s.math}
                    onChange={(e) => update(s.key, { math: e.target.value })}
                    className={`${compactInput} w-auto`}
                  >
                    {MATHS.map((m) => (
                      <option key={m} value={m}>
                        {MATH_LABELS[m].label}
                      </option>
                    ))}
                  </select>
                  {needsProperty ? (
                    <PropertySelect
                      label={`Series ${letter} numeric property`}
                      value={s.property}
                      onChange={(value) => update(s.key, { property: value })}
                      catalog={catalog}
                      scope="event"
                      numericOnly
                      preferEvents={s.event ? [s.event] : []}
                      placeholder="Choose a number property…"
                      className="w-auto min-w-[10rem]"
                    />
                  ) : null}
                  {series.length > 1 ? (
                    <button
                      type="button"
                      aria-label={`Remove series ${letter}`}
                      onClick={() => setSeries((all) => all.filter((x) => x.key !== s.key))}
                      className="rounded p-1.5 text-slate-400 hover:bg-slate-100 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
                    >
                      <span aria-hidden>✕</span>
                    </button>
                  ) : null}
                </div>
                <div className="pl-9">
                  <FilterBuilder
                    legend={`Filters of series ${letter}`}
                    hideLegend
                    what={`Series ${letter} filter`}
                    addLabel={s.filters.length ? "and" : `Filter series ${letter}`}
                    filters={s.filters}
                    onChange={(next) => update(s.key, { filters: next })}
                    catalog={catalog}
                    projectId={projectId}
                    preferEvents={s.event ? [s.event] : []}
                  />
                </div>
              </li>
            );
          })}
        </ol>
        {series.length < MAX_SERIES ? (
          <Button
            type="button"
            variant="secondary"
            className="px-2.5 py-1.5 text-xs"
            onClick={() => setSeries((all) => [...all, { key: draftKey(), event: "", math: "total", property: "", filters: [] }])}
          >
            + Add series
          </Button>
        ) : null}
      </fieldset>

      <div className="grid gap-5 lg:grid-cols-2">
        <FilterBuilder
          legend="Filters (every series)"
          filters={filters}
          onChange={setFilters}
          catalog={catalog}
          projectId={projectId}
          preferEvents={events}
        />
        <BreakdownPicker idPrefix="trends" value={split} onChange={setSplit} catalog={catalog} preferEvents={events} />
      </div>

      <BuilderFooter error={error} />
    </form>
  );
}
