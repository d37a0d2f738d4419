"use client";

import { updateProjectAction } from "@/app/projects/[projectId]/settings/actions";
import { TimeZoneSelect } from "@/components/projects/TimeZoneSelect";
import { Button } from "@/components/ui/Button";
import { TextField } from "@/components/ui/Field";
import { useSubmit } from "@/components/ui/useSubmit";
import { RETENTION_MAX_DAYS, RETENTION_MIN_DAYS } from "@/lib/retention/schema";
import { Notice } from "@/components/ui/Notice";

export function ProjectForm({
  projectId,
  name,
  timezone,
  rateLimit,
  retentionDays,
  zones,
}: {
  projectId: string;
  name: string;
  timezone: string;
  rateLimit: number | null;
  retentionDays: number | null;
  zones: string[];
}) {
  const { state, onSubmit, pending } = useSubmit(updateProjectAction.bind(null, projectId), {});
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      {state.error ? <Notice tone="error">{state.error}</Notice> : state.done ? <Notice tone="success">{state.done}</Notice> : null}
      <fieldset className="space-y-4">
        <TextField id="name" label="Name" defaultValue={name} required maxLength={100} />
        <TimeZoneSelect zones={zones} defaultValue={timezone} />
        <TextField
          id="rateLimit"
          label="Rate limit (messages a second)"
          type="number"
          min={1}
          inputMode="numeric"
          placeholder="No limit"
          defaultValue={rateLimit ?? ""}
          hint="Past it, /api/track answers 429 with Retry-After. Empty means no limit."
        />
        <TextField
          id="retentionDays"
          label="Keep events for (days)"
          type="number"
          min={RETENTION_MIN_DAYS}
          max={RETENTION_MAX_DAYS}
          step={1}
          inputMode="numeric"
          placeholder="Forever"
          defaultValue={retentionDays ?? ""}
          hint={`Events older than this are deleted for good, checked every hour; people keep their profiles, with counts and first/last seen from the events left. ${RETENTION_MIN_DAYS} to ${RETENTION_MAX_DAYS} days; empty keeps events forever.`}
        />
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
      </fieldset>
    </form>
  );
}
