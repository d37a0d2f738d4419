"use client";

// The reports' date range: presets like the Overview's RangePicker, plus custom
// from/to dates (whole days in the project's time zone). Kept in the address
// as range=7d or from=YYYY-MM-DD&to=YYYY-MM-DD; other params are kept.
import { useId, useState, type FormEvent } from "react";
import { buttonClass } from "@/components/ui/Button";
import { inputClass } from "@/components/ui/Field";
import { ParamLink, useReportNavigation } from "./ReportNavigation";

const PRESETS = [
  { value: "24h", label: "24h", title: "Last 24 hours" },
  { value: "7d", label: "7d", title: "Last 7 days" },
  { value: "30d", label: "30d", title: "Last 30 days" },
  { value: "90d", label: "90d", title: "Last 90 days" },
] as const;

export function RangeControl({ preset, fromDate, toDate, timezone }: { preset: string | null; fromDate: string; toDate: string; timezone: string }) {
  const nav = useReportNavigation();
  const [open, setOpen] = useState(preset === null);
  const [from, setFrom] = useState(fromDate);
  const [to, setTo] = useState(toDate);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  function apply(event: FormEvent) {
    event.preventDefault();
    if (!from || !to) return setError("Pick both dates.");
    if (to < from) return setError("The end date is before the start date.");
    setError(null);
    nav.go({ range: null, from, to, cursor: null });
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <nav aria-label="Date range" className="inline-flex rounded-md bg-white p-0.5 shadow-sm ring-1 ring-slate-200">
        {PRESETS.map((p) => {
          const current = preset === p.value;
          return (
            <ParamLink
              key={p.value}
              changes={{ range: p.value, from: null, to: null, cursor: null }}
              aria-current={current ? "true" : undefined}
              title={p.title}
              aria-label={p.title}
              className={`rounded px-3 py-1.5 text-sm font-medium ${current ? "bg-indigo-600 text-white" : "text-slate-600 hover:bg-slate-100"}`}
            >
              {p.label}
            </ParamLink>
          );
        })}
        <button
          type="button"
          aria-expanded={open}
          aria-controls={`${id}-custom`}
          onClick={() => setOpen((o) => !o)}
          className={`rounded px-3 py-1.5 text-sm font-medium ${preset === null ? "bg-indigo-600 text-white" : "text-slate-600 hover:bg-slate-100"}`}
        >
          Custom
        </button>
      </nav>
      {open ? (
        <form id={`${id}-custom`} onSubmit={apply} className="flex flex-wrap items-end gap-2" aria-label="Custom date range">
          <label className="text-xs font-medium text-slate-600">
            From
            <input type="date" required value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} className={`${inputClass} mt-0.5 py-1.5`} />
          </label>
          <label className="text-xs font-medium text-slate-600">
            To
            <input type="date" required value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} className={`${inputClass} mt-0.5 py-1.5`} />
          </label>
          <button type="submit" className={buttonClass("secondary", "py-1.5")}>
            Apply
          </button>
          <span className="sr-only">Dates are whole days in {timezone}.</span>
          {error ? (
            <p role="alert" className="w-full text-sm text-red-600">
              {error}
            </p>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
