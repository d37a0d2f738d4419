"use client";

// The condition builder of a dynamic cohort: a group (all / any) of rows and
// nested groups. A row is a person property (the report filters' pickers and
// operators), an event done or not done N times within D days (with event
// filters), an event done for the first time, or membership of another cohort.
import { FieldError, fieldErrorId } from "@/components/ui/FieldError";
import { FilterBuilder } from "@/components/reports/FilterBuilder";
import { catalogType, valueTypeOf, type FilterDraft } from "@/components/reports/filterDraft";
import { compactInput, EventSelect, PropertySelect, ValueTypeSelect } from "@/components/reports/Pickers";
import { NUMERIC_OPERATORS, OPERATOR_LABELS, OPERATORS, TEXT_OPERATORS, VALUELESS_OPERATORS, type PickerCatalog } from "@/components/reports/vocabulary";
import type { CountOperator } from "@/lib/cohorts/definition";
import { FORM_MAX_DEPTH, isGroupDraft, newGroup, newLeaf, withKind, type DefinitionError, type EntryDraft, type GroupDraft, type LeafDraft, type LeafKind } from "./definitionDraft";

export interface CohortChoice {
  id: string;
  name: string;
}

const KIND_LABELS: Record<LeafKind, string> = {
  property: "Person property",
  performed: "Did event",
  not_performed: "Did not do event",
  first_time: "Did event for the first time",
  cohort: "Is in cohort",
  not_cohort: "Is not in cohort",
};

const COUNT_LABELS: Record<CountOperator, string> = { gte: "at least", lte: "at most", eq: "exactly", gt: "more than", lt: "fewer than" };
/** The count operators the form offers (the API takes gt and lt too; a saved one is still shown). */
const OFFERED_COUNTS: CountOperator[] = ["gte", "lte", "eq"];

interface Shared {
  catalog: PickerCatalog;
  cohorts: CohortChoice[];
  errors: DefinitionError[];
}

function errorAt(errors: DefinitionError[], path: string): string | undefined {
  const found = errors.filter((e) => e.path === path);
  // The API's messages start with the field they name ("event must not be empty"): a sentence here.
  return found.length ? found.map((e) => e.message.charAt(0).toUpperCase() + e.message.slice(1)).join(" ") : undefined;
}

/** A path as an element id: "match.all.0" → "cond-match-all-0". */
function idOf(path: string): string {
  return `cond-${path.replace(/\./g, "-")}`;
}

function PropertyRow({ leaf, label, onChange, catalog }: { leaf: LeafDraft; label: string; onChange: (l: LeafDraft) => void; catalog: PickerCatalog }) {
  const f = leaf.filter;
  const set = (filter: FilterDraft) => onChange({ ...leaf, filter });
  const valueless = VALUELESS_OPERATORS.includes(f.op);
  const numeric = NUMERIC_OPERATORS.includes(f.op);
  const typeChoice = !valueless && !numeric && !TEXT_OPERATORS.includes(f.op);
  return (
    <>
      <PropertySelect
        label={`${label} property`}
        value={f.property}
        onChange={(property, type) => set({ ...f, property, type: type ? valueTypeOf(type) : catalogType(catalog, "user", property) })}
        catalog={catalog}
        scope="user"
        className="w-auto min-w-[10rem] flex-1"
      />
      <select aria-label={`${label} operator`} value={f.op} onChange={(e) => set({ ...f, op: e.target.value as FilterDraft["op"] })} className={`${compactInput} w-auto`}>
        {OPERATORS.map((op) => (
          <option key={op} value={op}>
            {OPERATOR_LABELS[op]}
          </option>
        ))}
      </select>
      {valueless ? null : (
        <input
          aria-label={`${label} value`}
          type={numeric || (f.type === "number" && f.op !== "in") ? "number" : "text"}
          step="any"
          value={f.text}
          placeholder={f.op === "in" ? "a, b, c" : "value"}
          onChange={(e) => set({ ...f, text: e.target.value })}
          className={`${compactInput} w-auto min-w-[7rem] flex-1`}
        />
      )}
      {typeChoice ? (
        <ValueTypeSelect label={label} value={f.type} onChange={(type) => set({ ...f, type })} />
      ) : null}
      <label className="flex items-center gap-1.5 text-sm text-slate-700">
        <input type="checkbox" checked={leaf.negate} onChange={(e) => onChange({ ...leaf, negate: e.target.checked })} className="size-4 rounded border-slate-300" />
        does not hold
      </label>
    </>
  );
}

function WithinDays({ leaf, label, onChange }: { leaf: LeafDraft; label: string; onChange: (l: LeafDraft) => void }) {
  return (
    <span className="flex items-center gap-1.5 text-sm text-slate-700">
      in the last
      <input
        aria-label={`${label} days`}
        type="number"
        min={1}
        step={1}
        value={leaf.withinDays}
        onChange={(e) => onChange({ ...leaf, withinDays: e.target.value })}
        className={`${compactInput} w-20`}
      />
      days
    </span>
  );
}

function LeafRow({ leaf, path, label, onChange, onRemove, shared }: { leaf: LeafDraft; path: string; label: string; onChange: (l: LeafDraft) => void; onRemove: () => void; shared: Shared }) {
  const error = errorAt(shared.errors, path);
  const id = idOf(path);
  const event = leaf.kind === "performed" || leaf.kind === "not_performed" || leaf.kind === "first_time";
  return (
    <li className="space-y-2 rounded-md bg-slate-50 p-2 ring-1 ring-slate-200 aria-[invalid=true]:ring-red-400" aria-invalid={error ? true : undefined}>
      <div role="group" aria-label={label} aria-describedby={error ? fieldErrorId(id) : undefined} className="flex flex-wrap items-center gap-2">
        <select aria-label={`${label} kind`} value={leaf.kind} onChange={(e) => onChange(withKind(leaf, e.target.value as LeafKind))} className={`${compactInput} w-auto`}>
          {(Object.keys(KIND_LABELS) as LeafKind[]).map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
        </select>
        {leaf.kind === "property" ? <PropertyRow leaf={leaf} label={label} onChange={onChange} catalog={shared.catalog} /> : null}
        {event ? (
          <EventSelect label={`${label} event`} value={leaf.event} onChange={(name) => onChange({ ...leaf, event: name })} catalog={shared.catalog} className="w-auto min-w-[10rem] flex-1" />
        ) : null}
        {leaf.kind === "performed" ? (
          <span className="flex items-center gap-1.5">
            <select aria-label={`${label} count comparison`} value={leaf.countOp} onChange={(e) => onChange({ ...leaf, countOp: e.target.value as CountOperator })} className={`${compactInput} w-auto`}>
              {(OFFERED_COUNTS.includes(leaf.countOp) ? OFFERED_COUNTS : [...OFFERED_COUNTS, leaf.countOp]).map((op) => (
                <option key={op} value={op}>
                  {COUNT_LABELS[op]}
                </option>
              ))}
            </select>
            <input
              aria-label={`${label} count`}
              type="number"
              min={0}
              step={1}
              value={leaf.countValue}
              onChange={(e) => onChange({ ...leaf, countValue: e.target.value })}
              className={`${compactInput} w-20`}
            />
            <span className="text-sm text-slate-700">times</span>
          </span>
        ) : null}
        {event ? <WithinDays leaf={leaf} label={label} onChange={onChange} /> : null}
        {leaf.kind === "first_time" ? (
          <label className="flex items-center gap-1.5 text-sm text-slate-700">
            <input type="checkbox" checked={leaf.negate} onChange={(e) => onChange({ ...leaf, negate: e.target.checked })} className="size-4 rounded border-slate-300" />
            does not hold
          </label>
        ) : null}
        {leaf.kind === "cohort" || leaf.kind === "not_cohort" ? (
          <select aria-label={`${label} cohort`} value={leaf.cohortId} onChange={(e) => onChange({ ...leaf, cohortId: e.target.value })} className={`${compactInput} w-auto min-w-[10rem] flex-1`}>
            <option value="">{shared.cohorts.length ? "Choose a cohort…" : "No other cohorts yet"}</option>
            {leaf.cohortId && !shared.cohorts.some((c) => c.id === leaf.cohortId) ? <option value={leaf.cohortId}>{leaf.cohortId}</option> : null}
            {shared.cohorts.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        ) : null}
        <button
          type="button"
          onClick={onRemove}
          aria-label={`Remove ${label.toLowerCase()}`}
          className="ml-auto rounded p-1.5 text-slate-400 hover:bg-slate-200 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
        >
          <span aria-hidden>✕</span>
        </button>
      </div>
      {leaf.kind === "performed" || leaf.kind === "not_performed" ? (
        <div className="pl-2">
          <FilterBuilder
            filters={leaf.where}
            onChange={(where) => onChange({ ...leaf, where })}
            // Event filters here test properties only: other cohorts have their own condition.
            catalog={{ ...shared.catalog, cohorts: [] }}
            projectId={shared.catalog.projectId}
            preferEvents={leaf.event ? [leaf.event] : []}
            legend={`${label} event filters`}
            what={`${label} filter`}
            addLabel="Where…"
            hideLegend
          />
        </div>
      ) : null}
      <FieldError fieldId={id} message={error} />
    </li>
  );
}

/**
 * A group of conditions; `label` names it ("Definition" at the top, "Condition 2"
 * for a group that is the top's second entry). Its rows are "Condition 1",
 * "Condition 2"… at the top and "Condition 2.1", "Condition 2.2"… inside.
 */
export function GroupEditor({
  group,
  onChange,
  onRemove,
  path,
  depth,
  label,
  shared,
}: {
  group: GroupDraft;
  onChange: (g: GroupDraft) => void;
  onRemove?: () => void;
  path: string;
  depth: number;
  label: string;
  shared: Shared;
}) {
  const error = errorAt(shared.errors, path);
  const id = idOf(path);
  const set = (index: number, entry: EntryDraft) => onChange({ ...group, entries: group.entries.map((e, i) => (i === index ? entry : e)) });
  const remove = (index: number) => onChange({ ...group, entries: group.entries.filter((_, i) => i !== index) });
  return (
    <fieldset className={`space-y-2 ${depth > 1 ? "rounded-lg border border-dashed border-indigo-300 bg-indigo-50/40 p-3" : ""}`} aria-describedby={error ? fieldErrorId(id) : undefined}>
      <legend className={depth > 1 ? "px-1 text-xs font-medium text-indigo-700" : "sr-only"}>{depth > 1 ? `${label}: a group` : label}</legend>
      <div className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
        <span>Persons who match</span>
        <select
          aria-label={`${label}: match`}
          value={group.mode}
          onChange={(e) => onChange({ ...group, mode: e.target.value === "any" ? "any" : "all" })}
          className={`${compactInput} w-auto`}
        >
          <option value="all">all of (AND)</option>
          <option value="any">any of (OR)</option>
        </select>
        <span>these conditions</span>
        {onRemove ? (
          <button type="button" onClick={onRemove} aria-label={`Remove ${label.toLowerCase()}, a group`} className="ml-auto rounded px-1.5 py-1 text-xs font-medium text-slate-500 hover:bg-slate-200 hover:text-slate-800">
            Remove group
          </button>
        ) : null}
      </div>
      {group.entries.length ? (
        <ul className="space-y-2">
          {group.entries.map((entry, i) => {
            const at = `${path}.${group.mode}.${i}`;
            const name = depth === 1 ? `Condition ${i + 1}` : `${label}.${i + 1}`;
            return isGroupDraft(entry) ? (
              <li key={entry.key}>
                <GroupEditor group={entry} onChange={(g) => set(i, g)} onRemove={() => remove(i)} path={at} depth={depth + 1} label={name} shared={shared} />
              </li>
            ) : (
              <LeafRow key={entry.key} leaf={entry} path={at} label={name} onChange={(l) => set(i, l)} onRemove={() => remove(i)} shared={shared} />
            );
          })}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">No conditions yet: add one.</p>
      )}
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          onClick={() => onChange({ ...group, entries: [...group.entries, newLeaf()] })}
          className="rounded px-1.5 py-1 text-sm font-medium text-indigo-600 hover:bg-indigo-50 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-indigo-600"
        >
          + Add condition{depth > 1 ? ` to ${label.toLowerCase()}` : ""}
        </button>
        {depth < FORM_MAX_DEPTH ? (
          <button
            type="button"
            onClick={() => onChange({ ...group, entries: [...group.entries, newGroup(group.mode === "all" ? "any" : "all")] })}
            className="rounded px-1.5 py-1 text-sm font-medium text-indigo-600 hover:bg-indigo-50 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            + Add {group.mode === "all" ? "OR" : "AND"} group{depth > 1 ? ` to ${label.toLowerCase()}` : ""}
          </button>
        ) : null}
      </div>
      <FieldError fieldId={id} message={error} />
    </fieldset>
  );
}
