"use client";

import { createProjectAction } from "@/app/projects/actions";
import { Button } from "@/components/ui/Button";
import { SelectField, TextField } from "@/components/ui/Field";
import { Notice } from "@/components/ui/Notice";
import { useSubmit } from "@/components/ui/useSubmit";
import { TimeZoneSelect } from "./TimeZoneSelect";

export function CreateProjectForm({ zones, organizations }: { zones: string[]; organizations: { id: string; name: string }[] }) {
  const { state, onSubmit, pending } = useSubmit(createProjectAction, {});
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      {state.error ? <Notice tone="error">{state.error}</Notice> : null}
      <TextField id="name" label="Project name" placeholder="e.g. Web shop" required maxLength={100} />
      <TimeZoneSelect zones={zones} defaultValue="UTC" guess />
      {organizations.length > 1 ? (
        <SelectField id="organizationId" label="Organization" defaultValue={organizations[0].id} hint="Everyone in the organization gets access with their role there.">
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
