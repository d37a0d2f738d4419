"use client";

import { useEffect, useState } from "react";
import { z } from "zod";
import { eventLabel } from "@/components/format/event";
import { Notice } from "@/components/ui/Notice";

const POLL_MS = 1500;

/** Whose events tick the steps (the route's distinctId / testSession; neither: anyone's). */
export type ChecklistAudience = { distinctId: string } | { testSession: string } | null;

export interface ChecklistStep {
  /** What the route matches: an event name, or "*" for any event of the project's own. */
  step: string;
  /** Shown instead of the event's own label (the Overview's "First custom event"). */
  label?: string;
  /** Known to have arrived already (the Overview asks its catalog): shown ticked, not asked for. */
  done?: boolean;
}

const VIOLATION_LABELS: Record<string, string> = {
  unplanned_event: "not in the plan",
  unplanned_property: "not in the plan",
  missing_required: "missing (required)",
  wrong_type: "wrong type",
  not_allowed_value: "value not allowed",
};

const answerSchema = z.object({
  steps: z.array(
    z.object({
      step: z.string(),
      status: z.enum(["arrived", "blocked", "waiting"]),
      arrival: z.object({ event: z.string(), distinctId: z.string(), receivedAt: z.string() }).nullable(),
      violations: z.array(z.object({ property: z.string().nullable(), type: z.string(), count: z.number() })),
    }),
  ),
});
type StepAnswer = z.infer<typeof answerSchema>["steps"][number];
const DONE: StepAnswer = { step: "", status: "arrived", arrival: null, violations: [] };

/**
 * Each step ticks as its event arrives, polled from the test route; a step
 * whose messages broke the tracking plan lists how, inline. The steps, the
 * audience and `since` are fixed for the component's life (callers key it).
 */
export function TrackingChecklist({
  projectId,
  steps,
  audience,
  since,
  title = "Checklist",
  onDone,
}: {
  projectId: string;
  steps: ChecklistStep[];
  audience: ChecklistAudience;
  since: number;
  title?: string;
  onDone?: () => void;
}) {
  const [answer, setAnswer] = useState<StepAnswer[] | null>(null);
  const [failing, setFailing] = useState(false);
  const asked = steps.filter((s) => !s.done);
  const done = asked.length === 0 || (answer !== null && answer.every((s) => s.status === "arrived"));

  const query = new URLSearchParams({ since: String(since) });
  for (const s of asked) query.append("step", s.step);
  if (audience && "distinctId" in audience) query.set("distinctId", audience.distinctId);
  if (audience && "testSession" in audience) query.set("testSession", audience.testSession);
  const url = `/api/projects/${projectId}/tracking-plan/test?${query.toString()}`;

  useEffect(() => {
    if (done) {
      onDone?.();
      return;
    }
    let stopped = false;
    async function poll() {
      try {
        const res = await fetch(url, { cache: "no-store" });
        if (!res.ok) throw new Error(String(res.status));
        const body = answerSchema.parse(await res.json());
        if (stopped) return;
        setFailing(false);
        setAnswer(body.steps);
      } catch {
        if (!stopped) setFailing(true);
      }
    }
    void poll();
    const timer = setInterval(poll, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [url, done, onDone]);

  const ticked = steps.length - asked.length + (answer?.filter((s) => s.status === "arrived").length ?? 0);
  return (
    <section aria-label={title} className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
        <p className="flex items-center gap-2 text-sm text-slate-600" role="status">
          <span className={`inline-block h-2.5 w-2.5 rounded-full ${done ? "bg-emerald-500" : failing ? "bg-amber-500" : "animate-pulse bg-indigo-500"}`} />
          {done ? "All steps arrived" : failing ? "Connection lost; retrying…" : `${ticked} of ${steps.length} arrived · listening`}
        </p>
      </div>
      {failing && answer === null ? <Notice tone="error">Could not check the steps. Retrying every few seconds.</Notice> : null}
      <ol className="divide-y divide-slate-200 rounded-md ring-1 ring-slate-200">
        {steps.map((s, i) => (
          <StepRow key={`${i}-${s.step}`} index={i} step={s} answer={s.done ? DONE : (answer?.[asked.indexOf(s)] ?? null)} />
        ))}
      </ol>
    </section>
  );
}

function StepRow({ index, step, answer }: { index: number; step: ChecklistStep; answer: StepAnswer | null }) {
  const status = answer?.status ?? "waiting";
  const label = step.label ?? eventLabel(step.step);
  const mark =
    status === "arrived" ? (
      <span aria-hidden className="flex h-6 w-6 items-center justify-center rounded-full bg-emerald-500 text-sm font-bold text-white">✓</span>
    ) : status === "blocked" ? (
      <span aria-hidden className="flex h-6 w-6 items-center justify-center rounded-full bg-red-500 text-sm font-bold text-white">!</span>
    ) : (
      <span aria-hidden className="flex h-6 w-6 items-center justify-center rounded-full text-xs font-medium text-slate-500 ring-1 ring-slate-300">{index + 1}</span>
    );
  const statusText = status === "arrived" ? "arrived" : status === "blocked" ? "arrived, blocked by the plan" : "waiting";
  return (
    <li className="flex items-start gap-3 px-3 py-2.5" data-status={status} aria-label={`${label}: ${statusText}`}>
      {mark}
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-baseline justify-between gap-x-3">
          <span className="font-medium break-words text-slate-900">{label}</span>
          <span className={`text-xs ${status === "arrived" ? "text-emerald-700" : status === "blocked" ? "text-red-700" : "text-slate-500"}`}>
            {status === "arrived" && answer?.arrival
              ? `arrived ${new Date(answer.arrival.receivedAt).toLocaleTimeString()} from ${answer.arrival.distinctId}`
              : statusText}
          </span>
        </div>
        {step.label && status === "arrived" && answer?.arrival && answer.arrival.event !== step.step ? (
          <p className="text-xs text-slate-500">{eventLabel(answer.arrival.event)}</p>
        ) : null}
        {answer?.violations.length ? (
          <ul className="mt-1 space-y-0.5 text-xs text-amber-900" aria-label={`${label}: violations`}>
            {answer.violations.map((v) => (
              <li key={`${v.property ?? ""}\u0000${v.type}`}>
                ⚠ {v.property === null ? "This event" : <code className="rounded bg-amber-50 px-1">{v.property}</code>} {VIOLATION_LABELS[v.type] ?? v.type}
                {v.count > 1 ? ` (${v.count}×)` : ""}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </li>
  );
}
