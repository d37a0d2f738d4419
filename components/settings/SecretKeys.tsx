"use client";

import { useTransition } from "react";
import { createSecretKeyAction, revokeSecretKeyAction } from "@/app/projects/[projectId]/settings/actions";
import { Time } from "@/components/format/Time";
import { Button } from "@/components/ui/Button";
import { CopyField } from "@/components/ui/CopyButton";
import { TextField } from "@/components/ui/Field";
import { Notice } from "@/components/ui/Notice";
import { fieldErrorsOf, useFieldErrors } from "@/components/ui/useFieldErrors";
import { useSubmit } from "@/components/ui/useSubmit";

export interface SecretKeyRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function SecretKeys({ projectId, keys, zone }: { projectId: string; keys: SecretKeyRow[]; zone: string }) {
  const day = (iso: string) => <Time value={iso} zone={zone} style="date" />;
  const { state, onSubmit: create, pending: creating } = useSubmit(createSecretKeyAction.bind(null, projectId), {}, (next) => Boolean(next.key));
  const { errorFor, onChange } = useFieldErrors(state, fieldErrorsOf(state));
  const [revoking, startRevoke] = useTransition();

  function revoke(key: SecretKeyRow) {
    if (!window.confirm(`Revoke “${key.name}”? Anything using it stops working at once.`)) return;
    startRevoke(async () => {
      const result = await revokeSecretKeyAction(projectId, key.id);
      if (result.error) window.alert(result.error);
    });
  }

  return (
    <div className="space-y-5">
      {state.key ? (
        <Notice tone="success">
          <p className="mb-2 font-medium">Copy your new secret key now: it will not be shown again.</p>
          <CopyField label="New secret key" value={state.key} />
        </Notice>
      ) : null}
      {state.error && !state.field ? <Notice tone="error">{state.error}</Notice> : null}
      <form onSubmit={create} onChange={onChange} className="flex flex-wrap items-end gap-3" noValidate>
        <div className="min-w-[14rem] flex-1">
          <TextField id="keyName" label="New key name" placeholder="e.g. warehouse export" required maxLength={100} error={errorFor("keyName")} />
        </div>
        <Button type="submit" disabled={creating}>
          {creating ? "Creating…" : "Create secret key"}
        </Button>
      </form>
      {keys.length ? (
        <div className="relative overflow-x-auto">
          <table className="min-w-full text-left text-sm">
            <caption className="sr-only">Secret keys</caption>
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">Name</th>
                <th scope="col" className="py-2 pr-4 font-medium">Key</th>
                <th scope="col" className="py-2 pr-4 font-medium">Created</th>
                <th scope="col" className="py-2 pr-4 font-medium">Last used</th>
                <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {keys.map((key) => (
                <tr key={key.id} className={key.revokedAt ? "text-slate-400" : ""}>
                  <td className="py-2 pr-4 font-medium">{key.name}</td>
                  <td className="py-2 pr-4 font-mono text-xs">{key.prefix}…</td>
                  <td className="py-2 pr-4 tabular-nums">{day(key.createdAt)}</td>
                  <td className="py-2 pr-4 tabular-nums">{key.lastUsedAt ? day(key.lastUsedAt) : "never"}</td>
                  <td className="py-2 text-right">
                    {key.revokedAt ? (
                      <span className="text-xs">Revoked {day(key.revokedAt)}</span>
                    ) : (
                      <Button variant="ghost" className="px-2 py-1 text-xs text-red-600 hover:text-red-700" disabled={revoking} onClick={() => revoke(key)}>
                        Revoke<span className="sr-only"> {key.name}</span>
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm text-slate-500">No secret keys yet. Create one to read or export this project&apos;s data from a server.</p>
      )}
    </div>
  );
}
