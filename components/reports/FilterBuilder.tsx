"use client";

// Filters: a property (event or user scope), an operator (every operator of
// the query model) and a typed value, with the property's top values offered
// as suggestions; or membership of a cohort ("in" or "not in").
import { useEffect, useId, useState } from "react";
import { CohortSelect, compactInput, FilterKindSelect, PropertySelect, ValueTypeSelect } from "./Pickers";
import { catalogType, newFilterDraft, valueTypeOf, type FilterDraft, type FilterKind } from "./filterDraft";
import { NUMERIC_OPERATORS, OPERATOR_LABELS, OPERATORS, TEXT_OPERATORS, VALUELESS_OPERATORS, type PickerCatalog } from "./vocabulary";

const suggestions = new Map<string, Promise<string[]>>();

function topValues(projectId: string, scope: string, property: string): Promise<string[]> {
  const key = `${projectId}\u0000${scope}\u0000${property}`;
  if (!suggestions.has(key)) {
    const params = new URLSearchParams({ property, scope });
    suggestions.set(
      key,
      fetch(`/api/projects/${projectId}/properties?${params}`)
        .then((r) => (r.ok ? r.json() : { values: [] }))
        .then((body: { values?: { value: unknown }[] }) =>
          (body.values ?? []).map((v) => v.value).filter((v) => v !== null && typeof v !== "object").map(String),
        )
        .catch(() => []),
    );
  }
  return suggestions.get(key)!;
}

function FilterRow({
  draft,
  index,
  onChange,
  onRemove,
  catalog,
  projectId,
  scopes,
  preferEvents,
  what,
}: {
  draft: FilterDraft;
  index: number;
  onChange: (d: FilterDraft) => void;
  onRemove: () => void;
  catalog: PickerCatalog;
  projectId: string;
  scopes: ("event" | "user")[];
  preferEvents?: string[];
  what: string;
}) {
  const listId = useId();
  const [values, setValues] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    if (!draft.property || draft.scope === "cohort") return setValues([]);
    void topValues(projectId, draft.scope, draft.property).then((v) => live && setValues(v));
    return () => {
      live = false;
    };
  }, [projectId, draft.scope, draft.property]);

  const n = `${what} ${index + 1}`;
  const valueless = VALUELESS_OPERATORS.includes(draft.op);
  const numeric = NUMERIC_OPERATORS.includes(draft.op);
  const text = TEXT_OPERATORS.includes(draft.op);
  const typeChoice = !valueless && !numeric && !text;
  // Cohorts are offered beside properties once the project has any.
  const kinds: FilterKind[] = catalog.cohorts.length || draft.scope === "cohort" ? [...scopes, "cohort"] : scopes;
  const removeButton = (
    <button
      type="button"
      onClick={onRemove}
      aria-label={`Remove ${n.toLowerCase()}`}
      className="ml-auto rounded p-1.5 text-slate-400 hover:bg-slate-200 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
    >
      <span aria-hidden>✕</span>
    </button>
  );
  const kindSelect =
    kinds.length > 1 ? (
      <FilterKindSelect label={`${n} kind`} kinds={kinds} value={draft.scope} onChange={(scope) => onChange({ ...draft, scope, property: "", negate: false })} />
    ) : null;

  if (draft.scope === "cohort") {
    return (
      <li className="flex flex-wrap items-center gap-2 rounded-md bg-slate-50 p-2 ring-1 ring-slate-200">
        <span className="text-xs font-medium text-slate-500" aria-hidden>
          {index === 0 ? "where" : "and"}
        </span>
        {kindSelect}
        <select
          aria-label={`${n} membership`}
          value={draft.negate ? "out" : "in"}
          onChange={(e) => onChange({ ...draft, negate: e.target.value === "out" })}
          className={`${compactInput} w-auto`}
        >
          <option value="in">In cohort</option>
          <option value="out">Not in cohort</option>
        </select>
        <CohortSelect label={`${n} cohort`} value={draft.property} onChange={(property) => onChange({ ...draft, property })} catalog={catalog} className="w-auto min-w-[10rem] flex-1" />
        {removeButton}
      </li>
    );
  }
  const scope = draft.scope;

  return (
    <li className="flex flex-wrap items-center gap-2 rounded-md bg-slate-50 p-2 ring-1 ring-slate-200">
      <span className="text-xs font-medium text-slate-500" aria-hidden>
        {index === 0 ? "where" : "and"}
      </span>
      {kindSelect}
      <PropertySelect
        label={`${n} property`}
        value={draft.property}
        onChange={(property, type) => onChange({ ...draft, property, type: type ? valueTypeOf(type) : catalogType(catalog, draft.scope, property) })}
        catalog={catalog}
        scope={scope}
        preferEvents={preferEvents}
        className="w-auto min-w-[10rem] flex-1"
      />
      <select aria-label={`${n} operator`} value={draft.op} onChange={(e) => onChange({ ...draft, op: e.target.value as FilterDraft["op"] })} className={`${compactInput} w-auto`}>
        {OPERATORS.map((op) => (
          <option key={op} value={op}>
            {OPERATOR_LABELS[op]}
          </option>
        ))}
      </select>
      {valueless ? null : (
        <>
          {typeChoice && draft.type === "boolean" && draft.op !== "in" ? (
            <select aria-label={`${n} value`} value={draft.text} onChange={(e) => onChange({ ...draft, text: e.target.value })} className={`${compactInput} w-auto`}>
              <option value="">Choose…</option>
              <option value="true">true</option>
              <option value="false">false</option>
            </select>
          ) : (
            <input
              aria-label={`${n} value`}
              type={numeric || (draft.type === "number" && draft.op !== "in") ? "number" : "text"}
              step="any"
              value={draft.text}
              list={values.length && !numeric ? listId : undefined}
              placeholder={draft.op === "in" ? "a, b, c" : "value"}
              onChange={(e) => onChange({ ...draft, text: e.target.value })}
              className={`${compactInput} w-auto min-w-[8rem] flex-1`}
            />
          )}
          {values.length ? (
            <datalist id={listId}>
              {values.map((v) => (
                <option key={v} value={v} />
              ))}
            </datalist>
          ) : null}
          {typeChoice ? (
            <ValueTypeSelect label={n} value={draft.type} onChange={(type) => onChange({ ...draft, type })} />
          ) : null}
        </>
      )}
      {removeButton}
    </li>
  );
}

export function FilterBuilder({
  filters,
  onChange,
  catalog,
  projectId,
  scopes = ["event", "user"],
  preferEvents,
  legend = "Filters",
  what = "Filter",
  addLabel = "Add filter",
  hideLegend = false,
}: {
  filters: FilterDraft[];
  onChange: (filters: FilterDraft[]) => void;
  catalog: PickerCatalog;
  projectId: string;
  scopes?: ("event" | "user")[];
  preferEvents?: string[];
  legend?: string;
  what?: string;
  addLabel?: string;
  hideLegend?: boolean;
}) {
  return (
    <fieldset className="space-y-2">
      <legend className={hideLegend ? "sr-only" : "text-sm font-medium text-slate-800"}>{legend}</legend>
      {filters.length ? (
        <ul className="space-y-2">
          {filters.map((draft, i) => (
            <FilterRow
              key={draft.key}
              draft={draft}
              index={i}
              what={what}
              catalog={catalog}
              projectId={projectId}
              scopes={scopes}
              preferEvents={preferEvents}
              onChange={(next) => onChange(filters.map((f) => (f.key === draft.key ? next : f)))}
              onRemove={() => onChange(filters.filter((f) => f.key !== draft.key))}
            />
          ))}
        </ul>
      ) : null}
      <button
        type="button"
        onClick={() => onChange([...filters, newFilterDraft(scopes[0])])}
        className="rounded px-1.5 py-1 text-sm font-medium text-indigo-600 hover:bg-indigo-50 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        + {addLabel}
      </button>
    </fieldset>
  );
}
