"use client";

// The destinations of one cohort: each with its latest deliveries and their
// status, a form to add one (url + secret, errors under the field), and removal.
import { useState, useTransition } from "react";
import { Time } from "@/components/format/Time";
import { Button } from "@/components/ui/Button";
import { TextField } from "@/components/ui/Field";
import { Notice } from "@/components/ui/Notice";
import { fieldErrorsOf, useFieldErrors } from "@/components/ui/useFieldErrors";
import { useSubmit } from "@/components/ui/useSubmit";
import type { DestinationView } from "@/lib/cohorts/sync";
import { addDestinationAction, removeDestinationAction } from "./actions";

const STATUS_STYLE: Record<string, string> = {
  delivered: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  pending: "bg-slate-50 text-slate-700 ring-slate-200",
  retrying: "bg-amber-50 text-amber-900 ring-amber-200",
};

function StatusBadge({ status }: { status: string }) {
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_STYLE[status] ?? STATUS_STYLE.pending}`}>{status}</span>;
}

export function AddDestination({ projectId, cohortId }: { projectId: string; cohortId: string }) {
  const { state, onSubmit, pending } = useSubmit(addDestinationAction.bind(null, projectId, cohortId), {}, (next) => Boolean(next.done));
  const { errorFor, onChange } = useFieldErrors(state, fieldErrorsOf(state));
  return (
    <form onSubmit={onSubmit} onChange={onChange} className="space-y-4" noValidate aria-label="Add a destination">
      {state.done ? <Notice tone="success">{state.done}</Notice> : null}
      {state.error && !state.field ? <Notice tone="error">{state.error}</Notice> : null}
      <TextField id="url" label="Webhook URL" type="url" inputMode="url" placeholder="https://hooks.example.com/crumbtrail" required maxLength={2000} error={errorFor("url")} />
      <TextField
        id="secret"
        label="Secret"
        type="password"
        autoComplete="new-password"
        required
        minLength={16}
        maxLength={200}
        hint="16 to 200 characters. Each request is signed with it; the receiver checks the signature. Not shown again."
        error={errorFor("secret")}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add destination"}
      </Button>
    </form>
  );
}

export function DestinationList({ projectId, cohortId, destinations, zone, canManage }: { projectId: string; cohortId: string; destinations: DestinationView[]; zone: string; canManage: boolean }) {
  const [removing, startRemove] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function remove(destination: DestinationView) {
    if (!window.confirm(`Remove the destination ${destination.url}? Deliveries not yet sent are dropped.`)) return;
    setError(null);
    startRemove(async () => {
      const result = await removeDestinationAction(projectId, cohortId, destination.id);
      if (result.error) setError(result.error);
    });
  }

  if (!destinations.length) {
    return <p className="text-sm text-slate-500">No destination yet. Add one below: it receives every member at once, then only who joins and leaves.</p>;
  }
  return (
    <div className="space-y-6">
      {error ? <Notice tone="error">{error}</Notice> : null}
      {destinations.map((destination) => (
        <section key={destination.id} aria-label={`Destination ${destination.url}`} className="space-y-3 border-t border-slate-100 pt-4 first:border-t-0 first:pt-0">
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div className="min-w-0">
              <p className="break-all font-mono text-sm text-slate-900">{destination.url}</p>
              <p className="mt-1 text-xs text-slate-500">
                Secret {destination.secret} · added <Time value={destination.createdAt} zone={zone} style="date" />
                {destination.undelivered ? ` · ${destination.undelivered} waiting` : " · up to date"}
              </p>
            </div>
            {canManage ? (
              <Button variant="ghost" className="px-2 py-1 text-xs text-red-600 hover:text-red-700" disabled={removing} onClick={() => remove(destination)}>
                Remove<span className="sr-only"> {destination.url}</span>
              </Button>
            ) : null}
          </div>
          {destination.deliveries.length ? (
            <div className="relative overflow-x-auto">
              <table className="min-w-full text-left text-sm">
                <caption className="sr-only">Latest deliveries to {destination.url}</caption>
                <thead className="text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th scope="col" className="py-2 pr-4 font-medium">Computed</th>
                    <th scope="col" className="py-2 pr-4 font-medium">Sent</th>
                    <th scope="col" className="py-2 pr-4 font-medium">Status</th>
                    <th scope="col" className="py-2 pr-4 font-medium">Tries</th>
                    <th scope="col" className="py-2 font-medium">Last answer</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {destination.deliveries.map((d) => (
                    <tr key={d.id}>
                      <td className="whitespace-nowrap py-2 pr-4 tabular-nums">
                        <Time value={d.computedAt} zone={zone} />
                      </td>
                      <td className="whitespace-nowrap py-2 pr-4">
                        {d.action === "members" ? "full list" : "changes"}, {d.entries.toLocaleString("en-US")} {d.entries === 1 ? "person" : "persons"}
                        {d.parts > 1 ? ` (part ${d.part} of ${d.parts})` : ""}
                      </td>
                      <td className="whitespace-nowrap py-2 pr-4">
                        <StatusBadge status={d.status} />
                        {d.status === "retrying" && d.nextAttemptAt ? (
                          <span className="ml-2 text-xs text-slate-500">
                            next try <Time value={d.nextAttemptAt} zone={zone} style="time" />
                          </span>
                        ) : null}
                      </td>
                      <td className="py-2 pr-4 tabular-nums">{d.attempts}</td>
                      <td className="py-2 text-xs text-slate-600">{d.lastError ?? (d.responseStatus ? `HTTP ${d.responseStatus}` : "—")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="text-sm text-slate-500">No delivery yet: the cohort has not been computed.</p>
          )}
        </section>
      ))}
    </div>
  );
}
