import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";
import { FieldError, fieldErrorId } from "./FieldError";

export const inputClass =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 aria-[invalid=true]:ring-red-500";

interface FieldProps {
  id: string;
  label: string;
  error?: string | null;
  hint?: ReactNode;
}

function FieldFrame({ id, label, error, hint, children }: FieldProps & { children: ReactNode }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {error ? (
        <FieldError fieldId={id} message={error} />
      ) : hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** The field's error (or else its hint), then whatever else describes it. */
function describedBy(id: string, error: string | null | undefined, hint: ReactNode, extra: string | undefined): string | undefined {
  const ids = [error ? fieldErrorId(id) : hint ? `${id}-hint` : null, extra].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

export function TextField({ id, label, error, hint, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint}>
      <input
        id={id}
        name={id}
        className={inputClass}
        {...input}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint, input["aria-describedby"])}
      />
    </FieldFrame>
  );
}

export function SelectField({ id, label, error, hint, children, ...select }: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint}>
      <select
        id={id}
        name={id}
        className={inputClass}
        {...select}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint, select["aria-describedby"])}
      >
        {children}
      </select>
    </FieldFrame>
  );
}
