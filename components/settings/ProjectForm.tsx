"use client";

import { updateProjectAction } from "@/app/projects/[projectId]/settings/actions";
import { TimeZoneSelect } from "@/components/projects/TimeZoneSelect";
import { Button } from "@/components/ui/Button";
import { TextField } from "@/components/ui/Field";
import { fieldErrorsOf, useFieldErrors } from "@/components/ui/useFieldErrors";
import { useSubmit } from "@/components/ui/useSubmit";
import { RETENTION_MAX_DAYS, RETENTION_MIN_DAYS } from "@/lib/retention/schema";
import { RECOMPUTE_MAX_MINUTES, RECOMPUTE_MIN_MINUTES } from "@/lib/cohorts/recomputeInterval";
import { Notice } from "@/components/ui/Notice";
import { MAX_CATALOG_LIMIT, type CatalogLimits } from "@/lib/store/catalogLimits";

export function ProjectForm({
  projectId,
  name,
  timezone,
  rateLimit,
  retentionDays,
  cohortRecomputeMinutes,
  defaultCohortRecomputeMinutes,
  limits,
  zones,
}: {
  projectId: string;
  name: string;
  timezone: string;
  rateLimit: number | null;
  retentionDays: number | null;
  cohortRecomputeMinutes: number | null;
  /** The server's default, shown when the project has none of its own. */
  defaultCohortRecomputeMinutes: number;
  limits: CatalogLimits;
  zones: string[];
}) {
  const { state, onSubmit, pending } = useSubmit(updateProjectAction.bind(null, projectId), {});
  const { errorFor, onChange } = useFieldErrors(state, fieldErrorsOf(state));
  return (
    <form onSubmit={onSubmit} onChange={onChange} className="space-y-4" noValidate>
      {state.error && !state.field ? <Notice tone="error">{state.error}</Notice> : state.done ? <Notice tone="success">{state.done}</Notice> : null}
      <fieldset className="space-y-4">
        <TextField id="name" label="Name" defaultValue={name} required maxLength={100} error={errorFor("name")} />
        <TimeZoneSelect zones={zones} defaultValue={timezone} error={errorFor("timezone")} />
        <TextField
          id="rateLimit"
          label="Rate limit (messages a second)"
          type="number"
          min={1}
          inputMode="numeric"
          placeholder="No limit"
          defaultValue={rateLimit ?? ""}
          error={errorFor("rateLimit")}
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
          error={errorFor("retentionDays")}
          hint={`Events older than this are deleted for good, checked every hour; people keep their profiles, with counts and first/last seen from the events left. ${RETENTION_MIN_DAYS} to ${RETENTION_MAX_DAYS} days; empty keeps events forever.`}
        />
        <TextField
          id="cohortRecomputeMinutes"
          label="Recompute cohorts every (minutes)"
          type="number"
          min={RECOMPUTE_MIN_MINUTES}
          max={RECOMPUTE_MAX_MINUTES}
          step={1}
          inputMode="numeric"
          placeholder={`${defaultCohortRecomputeMinutes} (the server's default)`}
          defaultValue={cohortRecomputeMinutes ?? ""}
          error={errorFor("cohortRecomputeMinutes")}
          hint={`Dynamic cohorts are recomputed in the background this long after their last computation, and their webhooks get the changes. ${RECOMPUTE_MIN_MINUTES} to ${RECOMPUTE_MAX_MINUTES} minutes; empty uses the server's default (${defaultCohortRecomputeMinutes}).`}
        />
        <fieldset className="space-y-4 rounded-lg border border-slate-200 p-4">
          <legend className="px-1 text-sm font-medium text-slate-800">Catalog caps</legend>
          <p className="text-sm text-slate-500">
            The most distinct names this project keeps. Past a cap, a message with a new event name is refused (its
            answer lists it) and a new property name is left out of what is stored; known names always go in.
          </p>
          <TextField id="maxEventNames" label="Event names" type="number" min={1} max={MAX_CATALOG_LIMIT} step={1} inputMode="numeric" required defaultValue={limits.eventNames} error={errorFor("maxEventNames")} />
          <TextField id="maxEventPropertyNames" label="Event property names" type="number" min={1} max={MAX_CATALOG_LIMIT} step={1} inputMode="numeric" required defaultValue={limits.eventPropertyNames} error={errorFor("maxEventPropertyNames")} />
          <TextField id="maxPersonPropertyNames" label="User property names" type="number" min={1} max={MAX_CATALOG_LIMIT} step={1} inputMode="numeric" required defaultValue={limits.personPropertyNames} error={errorFor("maxPersonPropertyNames")} />
        </fieldset>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
      </fieldset>
    </form>
  );
}
