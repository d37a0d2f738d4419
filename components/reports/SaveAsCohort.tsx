"use client";

// "Save as cohort": the persons behind a number (a funnel's drop-off or
// conversion, a retention cell, the users list) become a static cohort under a
// name; the answer links to it or says what went wrong.
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/Button";
import { formatCount } from "./format";
import { compactInput } from "./Pickers";

export interface SaveAsCohortResult {
  error?: string;
  cohort?: { id: string; name: string; count: number };
}

export function SaveAsCohort({
  projectId,
  defaultName,
  save,
  idPrefix = "save-as-cohort",
  what = "Save as cohort",
}: {
  projectId: string;
  defaultName: string;
  /** Tells apart two of these on one page (the name field's id). */
  idPrefix?: string;
  /** The button's words, and what the form is called. */
  what?: string;
  /** Creates the cohort of these persons under `name` (a server action bound to what they are). */
  save: (name: string) => Promise<SaveAsCohortResult>;
}) {
  const [name, setName] = useState(defaultName);
  const [result, setResult] = useState<SaveAsCohortResult | null>(null);
  const [busy, startTransition] = useTransition();
  const router = useRouter();

  function submit(event: FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const answer = await save(name.trim());
      setResult(answer);
      // The page's cohort pickers (filters, breakdowns) come from the server:
      // render it again so they offer the new cohort at once. This form's
      // state, and the builder's, survive the refresh.
      if (answer.cohort) router.refresh();
    });
  }

  if (result?.cohort) {
    return (
      <p role="status" className="text-sm text-emerald-700">
        Saved as cohort{" "}
        <a href={`/projects/${projectId}/cohorts/${encodeURIComponent(result.cohort.id)}`} className="font-semibold underline">
          {result.cohort.name}
        </a>{" "}
        ({formatCount(result.cohort.count)} {result.cohort.count === 1 ? "person" : "people"}).
      </p>
    );
  }
  return (
    <form onSubmit={submit} className="flex flex-wrap items-center gap-2" aria-label={`${what}: these persons as a cohort`}>
      <label htmlFor={`${idPrefix}-name`} className="text-sm text-slate-600">
        Cohort name
      </label>
      <input id={`${idPrefix}-name`} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required className={`${compactInput} w-auto min-w-[14rem] flex-1`} />
      <Button type="submit" variant="secondary" className="px-2.5 py-1.5 text-xs" disabled={busy || !name.trim()}>
        {busy ? "Saving…" : what}
      </Button>
      {result?.error ? (
        <p role="alert" className="w-full text-sm text-red-600">
          {result.error}
        </p>
      ) : null}
    </form>
  );
}
