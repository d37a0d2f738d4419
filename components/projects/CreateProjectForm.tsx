"use client";

import { createProjectAction } from "@/app/projects/actions";
import { Button } from "@/components/ui/Button";
import { SelectField, TextField } from "@/components/ui/Field";
import { Notice } from "@/components/ui/Notice";
import { fieldErrorsOf, useFieldErrors } from "@/components/ui/useFieldErrors";
import { useSubmit } from "@/components/ui/useSubmit";
import { TimeZoneSelect } from "./TimeZoneSelect";

export function CreateProjectForm({ zones, organizations }: { zones: string[]; organizations: { id: string; name: string }[] }) {
  const { state, onSubmit, pending } = useSubmit(createProjectAction, {});
  const { errorFor, onChange } = useFieldErrors(state, fieldErrorsOf(state));
  return (
    <form onSubmit={onSubmit} onChange={onChange} className="space-y-4" noValidate>
      {state.error && !state.field ? <Notice tone="error">{state.error}</Notice> : null}
      <TextField id="name" label="Project name" placeholder="e.g. Web shop" required maxLength={100} error={errorFor("name")} />
      <TimeZoneSelect zones={zones} defaultValue="UTC" guess error={errorFor("timezone")} />
      {organizations.length > 1 ? (
        <SelectField id="organizationId" label="Organization" defaultValue={organizations[0].id} error={errorFor("organizationId")} hint="Everyone in the organization gets access with their role there.">
          {organizations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </SelectField>
      ) : organizations.length === 1 ? (
        <input type="hidden" name="organizationId" value={organizations[0].id} />
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create project"}
      </Button>
    </form>
  );
}
