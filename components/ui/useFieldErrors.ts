"use client";

import { useState, type FormEvent } from "react";

/** Field name -> its error, as a form shows them. */
export type FieldErrors = Readonly<Record<string, string>>;

/** The usual form state: one error, maybe about one field (`field`, a form field's name). */
export function fieldErrorsOf(state: { error?: string; field?: string }): FieldErrors {
  return state.error && state.field ? { [state.field]: state.error } : {};
}

/**
 * The errors of the last submission, each cleared as soon as its field changes
 * (put `onChange` on the <form>: change events bubble up to it). A new
 * submission's `source` (a new state object) brings its errors back.
 */
export function useFieldErrors(source: object, errors: FieldErrors) {
  const [shown, setShown] = useState<{ source: object; errors: FieldErrors }>({ source, errors });
  // Adjusting state to a new answer during render, not in an effect: no flash of the old errors.
  const current = shown.source === source ? shown.errors : errors;
  if (shown.source !== source) setShown({ source, errors });

  function onChange(event: FormEvent<HTMLFormElement>) {
    const name = (event.target as { name?: unknown }).name;
    if (typeof name !== "string" || !Object.hasOwn(current, name)) return;
    const rest = Object.fromEntries(Object.entries(current).filter(([field]) => field !== name));
    setShown({ source, errors: rest });
  }

  return {
    /** The error to show under the field named `name`, if any. */
    errorFor: (name: string): string | undefined => (Object.hasOwn(current, name) ? current[name] : undefined),
    onChange,
  };
}
