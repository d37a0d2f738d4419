"use client";

import { useState } from "react";
import { deleteProjectAction } from "@/app/projects/[projectId]/settings/actions";
import { Button } from "@/components/ui/Button";
import { TextField } from "@/components/ui/Field";
import { useSubmit } from "@/components/ui/useSubmit";

export function DeleteProject({ projectId, name }: { projectId: string; name: string }) {
  const { state, onSubmit, pending } = useSubmit(deleteProjectAction.bind(null, projectId), {});
  const [typed, setTyped] = useState("");
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <p className="text-sm text-slate-600">
        Deletes the project, its keys and every event and person in it. This cannot be undone.
      </p>
      <TextField
        id="confirmName"
        label={`Type “${name}” to confirm`}
        autoComplete="off"
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        error={state.error}
      />
      <Button type="submit" variant="danger" disabled={pending || typed.trim() !== name}>
        {pending ? "Deleting…" : "Delete this project"}
      </Button>
    </form>
  );
}
