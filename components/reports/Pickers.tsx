"use client";

// Pickers fed by the property catalog: events, properties (by scope), and a
// breakdown picker. While the page holds the whole list they are native
// selects (keyboard, type-ahead and screen readers work); when the catalog is
// bigger than what the page ships, a combobox that searches as you type.
import { useState } from "react";
import { eventLabel } from "./format";
import { isIdentityEvent } from "@/lib/identity/identityEvents";
import { NameCombobox, type NameOption } from "./NameCombobox";
import { compactInput } from "./pickerStyle";
import type { FilterKind, ValueType } from "./filterDraft";
import type { PickerCatalog } from "./vocabulary";

export { compactInput };

export function EventSelect({
  value,
  onChange,
  catalog,
  label,
  placeholder = "Choose an event…",
  allowEmpty = false,
  id,
  className = "",
  required,
}: {
  value: string;
  onChange: (value: string) => void;
  catalog: PickerCatalog;
  label: string;
  placeholder?: string;
  allowEmpty?: boolean;
  id?: string;
  className?: string;
  required?: boolean;
}) {
  const events = catalog.events;
  if (catalog.more.events) {
    return (
      <NameCombobox
        projectId={catalog.projectId}
        kind="events"
        seed={events.map((name) => ({ name }))}
        value={value}
        onChange={(name) => onChange(name)}
        label={label}
        placeholder={placeholder}
        allowEmpty={allowEmpty}
        optionLabel={(o) => o.label ?? eventLabel(o.name)}
        id={id}
        className={className}
        required={required}
      />
    );
  }
  return <NativeEventSelect {...{ value, onChange, events, label, placeholder, allowEmpty, id, className, required }} />;
}

/** The choice that reveals the identity events in a native event select. */
const SHOW_IDENTITY = "$$crumbtrail:show-identity-events";

function NativeEventSelect({
  value,
  onChange,
  events,
  label,
  placeholder,
  allowEmpty,
  id,
  className,
  required,
}: {
  value: string;
  onChange: (value: string) => void;
  events: string[];
  label: string;
  placeholder: string;
  allowEmpty: boolean;
  id?: string;
  className: string;
  required?: boolean;
}) {
  // Identity events tie ids together; nobody analyses them, so they wait behind a last choice.
  const [showIdentity, setShowIdentity] = useState(false);
  const hidden = events.filter((name) => isIdentityEvent(name) && name !== value);
  const listed = showIdentity ? events : events.filter((name) => !hidden.includes(name));
  const options = value && !listed.includes(value) ? [value, ...listed] : listed;
  return (
    <select
      id={id}
      aria-label={id ? undefined : label}
      value={value}
      required={required}
      onChange={(e) => (e.target.value === SHOW_IDENTITY ? setShowIdentity(true) : onChange(e.target.value))}
      className={`${compactInput} ${className}`}
    >
      {allowEmpty || !value ? <option value="">{placeholder}</option> : null}
      {options.map((name) => (
        <option key={name} value={name}>
          {eventLabel(name)}
        </option>
      ))}
      {!showIdentity && hidden.length ? <option value={SHOW_IDENTITY}>Show identity events ({hidden.length})…</option> : null}
    </select>
  );
}

/** Properties of one scope; numericOnly for property maths. Properties of `preferEvents` come first. */
export function PropertySelect({
  value,
  onChange,
  catalog,
  scope,
  label,
  numericOnly = false,
  preferEvents = [],
  placeholder = "Choose a property…",
  className = "",
  id,
}: {
  value: string;
  /** `type` is the catalog type of a property found by searching (the page's catalog does not hold it). */
  onChange: (value: string, type?: string) => void;
  catalog: PickerCatalog;
  scope: "event" | "user";
  label: string;
  numericOnly?: boolean;
  preferEvents?: string[];
  placeholder?: string;
  className?: string;
  id?: string;
}) {
  const all =
    scope === "user"
      ? catalog.userProperties.map((p) => ({ name: p.name, type: p.type, preferred: false }))
      : catalog.eventProperties.map((p) => ({ name: p.name, type: p.type, preferred: preferEvents.some((e) => p.events.includes(e)) }));
  const usable = all.filter((p) => !numericOnly || p.type === "number");
  if (scope === "user" ? catalog.more.userProperties : catalog.more.eventProperties) {
    const seed: NameOption[] = [...usable.filter((p) => p.preferred), ...usable.filter((p) => !p.preferred)];
    return (
      <NameCombobox
        projectId={catalog.projectId}
        kind={scope === "user" ? "userProperties" : "eventProperties"}
        seed={seed}
        value={value}
        onChange={(name, option) => onChange(name, option?.type)}
        label={label}
        placeholder={placeholder}
        allowEmpty
        accept={(o) => !numericOnly || o.type === "number"}
        id={id}
        className={className}
      />
    );
  }
  const preferred = usable.filter((p) => p.preferred);
  const others = usable.filter((p) => !p.preferred);
  const known = usable.some((p) => p.name === value);
  const option = (p: { name: string; type: string }) => (
    <option key={p.name} value={p.name}>
      {p.name}
      {p.type !== "string" ? ` (${p.type})` : ""}
    </option>
  );
  return (
    <select id={id} aria-label={id ? undefined : label} value={value} onChange={(e) => onChange(e.target.value)} className={`${compactInput} ${className}`}>
      <option value="">{usable.length ? placeholder : numericOnly ? "No numeric properties yet" : "No properties yet"}</option>
      {value && !known ? <option value={value}>{value}</option> : null}
      {preferred.length && others.length ? (
        <>
          <optgroup label={preferEvents.length === 1 ? `On ${eventLabel(preferEvents[0])}` : "On these events"}>{preferred.map(option)}</optgroup>
          <optgroup label="Other properties">{others.map(option)}</optgroup>
        </>
      ) : (
        usable.map(option)
      )}
    </select>
  );
}

const FILTER_KIND_LABELS: Record<FilterKind, string> = { event: "Event property", user: "User property", cohort: "Cohort" };

/** What a filter tests: an event property, a user property, or a cohort. */
export function FilterKindSelect({
  value,
  kinds,
  onChange,
  label,
}: {
  value: FilterKind;
  kinds: FilterKind[];
  onChange: (kind: FilterKind) => void;
  label: string;
}) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(kinds.find((k) => k === e.target.value) ?? kinds[0])} className={`${compactInput} w-auto`}>
      {kinds.map((kind) => (
        <option key={kind} value={kind}>
          {FILTER_KIND_LABELS[kind]}
        </option>
      ))}
    </select>
  );
}

/** One of the project's cohorts; an id the project no longer has stays listed as itself (the report then names the problem). */
export function CohortSelect({
  value,
  onChange,
  catalog,
  label,
  className = "",
}: {
  value: string;
  onChange: (id: string) => void;
  catalog: PickerCatalog;
  label: string;
  className?: string;
}) {
  const known = catalog.cohorts.some((c) => c.id === value);
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} className={`${compactInput} ${className}`}>
      <option value="">{catalog.cohorts.length ? "Choose a cohort…" : "No cohorts yet"}</option>
      {value && !known ? <option value={value}>{value}</option> : null}
      {catalog.cohorts.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </select>
  );
}

export function ScopeSelect({ value, onChange, label, className = "" }: { value: "event" | "user"; onChange: (v: "event" | "user") => void; label: string; className?: string }) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value === "user" ? "user" : "event")} className={`${compactInput} w-auto ${className}`}>
      <option value="event">Event property</option>
      <option value="user">User property</option>
    </select>
  );
}

export interface BreakdownDraft {
  property: string;
  /** "cohort": by cohorts, those of `cohorts`. */
  scope: FilterKind;
  cohorts: string[];
}

/** The draft of the address's breakdown: by cohorts, or by a property. */
export function breakdownDraft(breakdown: { property?: string; scope?: string; cohorts?: unknown } | null): BreakdownDraft {
  if (Array.isArray(breakdown?.cohorts)) return { property: "", scope: "cohort", cohorts: breakdown.cohorts.map(String) };
  return { property: breakdown?.property ?? "", scope: breakdown?.scope === "user" ? "user" : "event", cohorts: [] };
}

/** The breakdown as the address keeps it (JSON), or null for none. */
export function breakdownParam(draft: BreakdownDraft): string | null {
  if (draft.scope === "cohort") return draft.cohorts.length ? JSON.stringify({ cohorts: draft.cohorts }) : null;
  return draft.property ? JSON.stringify({ property: draft.property, scope: draft.scope }) : null;
}

/** Breakdown by one property (event or user scope), or by cohorts; nothing chosen = none. */
export function BreakdownPicker({
  value,
  onChange,
  catalog,
  preferEvents,
  idPrefix,
  cohortsOnly = false,
}: {
  value: BreakdownDraft;
  onChange: (value: BreakdownDraft) => void;
  catalog: PickerCatalog;
  preferEvents?: string[];
  idPrefix: string;
  /** Only a breakdown by cohorts (retention has no property breakdown). */
  cohortsOnly?: boolean;
}) {
  if (cohortsOnly && !catalog.cohorts.length && !value.cohorts.length) {
    return (
      <fieldset className="space-y-1.5">
        <legend className="text-sm font-medium text-slate-800">Breakdown by cohorts</legend>
        <p className="text-sm text-slate-500">
          No cohorts yet.{" "}
          <a href={`/projects/${catalog.projectId}/cohorts/new`} className="font-medium text-indigo-600 hover:text-indigo-500">
            Create one
          </a>{" "}
          to compare its members with everyone else.
        </p>
      </fieldset>
    );
  }
  const kinds: FilterKind[] = cohortsOnly ? ["cohort"] : catalog.cohorts.length || value.scope === "cohort" ? ["event", "user", "cohort"] : ["event", "user"];
  const kindSelect = <FilterKindSelect label="Breakdown kind" kinds={kinds} value={value.scope} onChange={(scope) => onChange({ property: "", scope, cohorts: [] })} />;
  if (value.scope === "cohort") {
    const listed = [...catalog.cohorts, ...value.cohorts.filter((id) => !catalog.cohorts.some((c) => c.id === id)).map((id) => ({ id, name: id }))];
    // Kept in the list's order, whatever order they were ticked in.
    const toggle = (id: string, on: boolean) =>
      onChange({ ...value, cohorts: on ? listed.map((c) => c.id).filter((c) => c === id || value.cohorts.includes(c)) : value.cohorts.filter((c) => c !== id) });
    return (
      <fieldset className="space-y-1.5">
        <legend className="text-sm font-medium text-slate-800">{cohortsOnly ? "Breakdown by cohorts" : "Breakdown"}</legend>
        <div className="flex flex-wrap items-start gap-2">
          {cohortsOnly ? null : kindSelect}
          <fieldset className="min-w-[12rem] flex-1 rounded-md p-2 ring-1 ring-slate-200">
            <legend className="sr-only">Break down by these cohorts</legend>
            <ul className="max-h-40 space-y-1 overflow-y-auto">
              {listed.map((c) => (
                <li key={c.id}>
                  <label className="flex items-center gap-2 text-sm text-slate-700">
                    <input type="checkbox" checked={value.cohorts.includes(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} className="h-4 w-4 rounded border-slate-300 text-indigo-600" />
                    <span className="break-all">{c.name}</span>
                  </label>
                </li>
              ))}
            </ul>
            <p className="mt-1 text-xs text-slate-500">One series per cohort, plus those in none; someone in two counts in both.</p>
          </fieldset>
        </div>
      </fieldset>
    );
  }
  const scope = value.scope;
  return (
    <fieldset className="space-y-1.5">
      <legend className="text-sm font-medium text-slate-800">Breakdown</legend>
      <div className="flex flex-wrap gap-2">
        {kindSelect}
        <PropertySelect
          id={`${idPrefix}-breakdown`}
          label="Breakdown property"
          value={value.property}
          onChange={(property) => onChange({ ...value, property })}
          catalog={catalog}
          scope={scope}
          preferEvents={preferEvents}
          placeholder="No breakdown"
          className="w-auto min-w-[12rem] flex-1"
        />
      </div>
    </fieldset>
  );
}

/** How a typed filter value compares: as text, a number or true/false (the number 1 and the text "1" differ). */
export function ValueTypeSelect({ label, value, onChange }: { label: string; value: ValueType; onChange: (type: ValueType) => void }) {
  return (
    <select
      aria-label={`${label} value type`}
      title="Comparisons are typed: the number 1 and the text “1” are different values"
      value={value}
      onChange={(e) => onChange(e.target.value as ValueType)}
      className={`${compactInput} w-auto text-xs text-slate-600`}
    >
      <option value="string">as text</option>
      <option value="number">as number</option>
      <option value="boolean">as true/false</option>
    </select>
  );
}
