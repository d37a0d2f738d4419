"use client";

// The tracking plan's editor: the three modes as selects and the events as
// JSON. The server checks the plan (zod, then every rule compiled) and its
// sentence is shown as it came, beside the field.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/Button";
import { inputClass } from "@/components/ui/Field";
import { Notice } from "@/components/ui/Notice";
import type { PlanMode, TrackingPlan } from "@/lib/plan/schema";
import { planRequest } from "./planRequest";

const MODES: { key: keyof PlanMode; label: string; options: { value: string; label: string }[] }[] = [
  {
    key: "unplannedEvents",
    label: "Unplanned events",
    options: [
      { value: "allow", label: "Allow" },
      { value: "flag", label: "Store and flag" },
      { value: "block", label: "Block (quarantine)" },
    ],
  },
  {
    key: "invalidEvents",
    label: "Events breaking a rule",
    options: [
      { value: "flag", label: "Store and flag" },
      { value: "block", label: "Block (quarantine)" },
    ],
  },
  {
    key: "unplannedProperties",
    label: "Unplanned properties",
    options: [
      { value: "allow", label: "Allow" },
      { value: "flag", label: "Store and flag" },
      { value: "strip", label: "Strip before storing" },
    ],
  },
];

export function PlanEditor({ projectId, plan, version, canEdit }: { projectId: string; plan: TrackingPlan; version: number; canEdit: boolean }) {
  const router = useRouter();
  const [mode, setMode] = useState<PlanMode>(plan.mode);
  const [eventsText, setEventsText] = useState(() => JSON.stringify(plan.events, null, 2));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, startTransition] = useTransition();
  // A new stored version shows in the editor, unless it is the one this editor
  // just saved: then its text and its "Saved" notice stay (no remount).
  const [shownVersion, setShownVersion] = useState(version);
  const [savedHere, setSavedHere] = useState(false);
  if (version !== shownVersion) {
    setShownVersion(version);
    if (savedHere) {
      setSavedHere(false);
    } else {
      setMode(plan.mode);
      setEventsText(JSON.stringify(plan.events, null, 2));
      setSaved(false);
      setError(null);
    }
  }

  function save() {
    setSaved(false);
    let events: unknown;
    try {
      events = JSON.parse(eventsText);
    } catch (parseError) {
      setError(`The events are not valid JSON: ${(parseError as Error).message}`);
      return;
    }
    startTransition(async () => {
      const result = await planRequest<TrackingPlan>(projectId, "", "PUT", { mode, events });
      if (!result.ok) {
        setError(result.message);
        return;
      }
      setError(null);
      setSaved(true);
      setSavedHere(true);
      setEventsText(JSON.stringify(result.body.events, null, 2));
      router.refresh();
    });
  }

  return (
    <form
      className="space-y-4"
      aria-label="Tracking plan"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <div className="grid gap-4 sm:grid-cols-3">
        {MODES.map((m) => (
          <div key={m.key} className="space-y-1.5">
            <label htmlFor={`mode-${m.key}`} className="block text-sm font-medium text-slate-800">
              {m.label}
            </label>
            <select
              id={`mode-${m.key}`}
              className={inputClass}
              value={mode[m.key]}
              disabled={!canEdit}
              onChange={(e) => setMode({ ...mode, [m.key]: e.target.value } as PlanMode)}
            >
              {m.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      <div className="space-y-1.5">
        <label htmlFor="plan-events" className="block text-sm font-medium text-slate-800">
          Events (JSON)
        </label>
        <textarea
          id="plan-events"
          className={`${inputClass} h-72 font-mono text-xs`}
          spellCheck={false}
          value={eventsText}
          readOnly={!canEdit}
          aria-invalid={error ? true : undefined}
          aria-describedby="plan-events-help"
          onChange={(e) => setEventsText(e.target.value)}
        />
        <p id="plan-events-help" className="text-xs text-slate-500">
          {'Each event: {"description", "owner", "properties": {"name": {"type", "enum", "pattern", "minimum", "maximum", "minLength", "maxLength", "format": "date-time", "items", "required": true}}}.'}
        </p>
      </div>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {saved ? <Notice tone="success">Saved. New messages are checked against this plan from now on.</Notice> : null}
      {canEdit ? (
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save plan"}
        </Button>
      ) : (
        <p className="text-sm text-slate-500">Only owners and admins can change the tracking plan.</p>
      )}
    </form>
  );
}
