"use client";

import { renameOrganizationAction, type TeamFormState } from "@/app/organizations/[orgId]/settings/actions";
import { Button } from "@/components/ui/Button";
import { TextField } from "@/components/ui/Field";
import { Notice } from "@/components/ui/Notice";
import { useSubmit } from "@/components/ui/useSubmit";

export function OrganizationForm({ organizationId, name }: { organizationId: string; name: string }) {
  const { state, onSubmit, pending } = useSubmit(renameOrganizationAction.bind(null, organizationId), {} as TeamFormState);
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3">
      <div className="min-w-[14rem] flex-1">
        <TextField id="organizationName" label="Organization name" defaultValue={name} required maxLength={100} error={state.error} />
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
