"use client";

import { renameOrganizationAction, type TeamFormState } from "@/app/organizations/[orgId]/settings/actions";
import { Button } from "@/components/ui/Button";
import { TextField } from "@/components/ui/Field";
import { Notice } from "@/components/ui/Notice";
import { fieldErrorsOf, useFieldErrors } from "@/components/ui/useFieldErrors";
import { useSubmit } from "@/components/ui/useSubmit";

export function OrganizationForm({ organizationId, name }: { organizationId: string; name: string }) {
  const { state, onSubmit, pending } = useSubmit(renameOrganizationAction.bind(null, organizationId), {} as TeamFormState);
  const { errorFor, onChange } = useFieldErrors(state, fieldErrorsOf(state));
  return (
    <form onSubmit={onSubmit} onChange={onChange} className="flex flex-wrap items-end gap-3" noValidate>
      {state.error && !state.field ? (
        <div className="w-full">
          <Notice tone="error">{state.error}</Notice>
        </div>
      ) : null}
      <div className="min-w-[14rem] flex-1">
        <TextField id="organizationName" label="Organization name" defaultValue={name} required maxLength={100} error={errorFor("organizationName")} />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save name"}
      </Button>
      {state.done ? (
        <p role="status" className="w-full text-sm text-emerald-700">
          {state.done}
        </p>
      ) : null}
    </form>
  );
}
