"use client";

import { createProjectAction } from "@/app/projects/actions";
import { Button } from "@/components/ui/Button";
import { TextField } from "@/components/ui/Field";
import { Notice } from "@/components/ui/Notice";
import { useSubmit } from "@/components/ui/useSubmit";
import { TimeZoneSelect } from "./TimeZoneSelect";

export function CreateProjectForm({ zones }: { zones: string[] }) {
  const { state, onSubmit, pending } = useSubmit(createProjectAction, {});
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      {state.error ? <Notice tone="error">{state.error}</Notice> : null}
      <TextField id="name" label="Project name" placeholder="e.g. Web shop" required maxLength={100} />
      <TimeZoneSelect zones={zones} defaultValue="UTC" guess />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create project"}
      </Button>
    </form>
  );
}
