"use client";

import { useEffect, useId, useState } from "react";
import { useReportNavigation } from "./ReportNavigation";

/**
 * A row of mutually exclusive choices kept in one search param: a radio group
 * (arrow keys move, as radios do), styled as a segmented control.
 */
export function ParamSegmented<T extends string>({
  name,
  param,
  value,
  options,
  fallback,
}: {
  /** Accessible name of the group. */
  name: string;
  param: string;
  value: T;
  options: { value: T; label: string; disabled?: boolean; title?: string }[];
  /** The value that means "param absent". */
  fallback?: T;
}) {
  const nav = useReportNavigation();
  // Shown at once; the address (and so the report) follows.
  const [shown, setShown] = useState(value);
  // Unique per control: two controls of one parameter may share a page (one per screen size).
  const group = `${param}-choice-${useId()}`;
  useEffect(() => setShown(value), [value]);
  return (
    <div role="radiogroup" aria-label={name} className="inline-flex flex-wrap rounded-md bg-white p-0.5 shadow-sm ring-1 ring-slate-200">
      {options.map((option) => {
        const checked = option.value === shown;
        return (
          <label
            key={option.value}
            title={option.title}
            className={`cursor-pointer rounded px-3 py-1.5 text-sm font-medium focus-within:outline-2 focus-within:outline-indigo-600 ${
              checked ? "bg-indigo-600 text-white" : option.disabled ? "cursor-not-allowed text-slate-300" : "text-slate-600 hover:bg-slate-100"
            }`}
          >
            <input
              type="radio"
              className="sr-only"
              name={group}
              value={option.value}
              checked={checked}
              disabled={option.disabled}
              onChange={() => {
                setShown(option.value);
                nav.go({ [param]: option.value === fallback ? null : option.value });
              }}
            />
            {option.label}
          </label>
        );
      })}
    </div>
  );
}
