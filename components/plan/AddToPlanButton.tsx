"use client";

// "Add to plan" for an unplanned event or property: one click puts it into the
// plan with the types its samples carried (lib/plan/suggest.ts).
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/Button";
import type { TrackingPlan } from "@/lib/plan/schema";
import { withEvent, withProperty } from "@/lib/plan/suggest";
import { planRequest } from "./planRequest";

export function AddToPlanButton({ projectId, plan, event, property, samples }: {
  projectId: string;
  plan: TrackingPlan;
  event: string;
  property: string | null;
  samples: { properties: Record<string, unknown> }[];
}) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const what = property === null ? `event ${event}` : `property ${property} of ${event}`;

  function add() {
    const next = property === null ? withEvent(plan, event, samples) : withProperty(plan, event, property, samples);
    startTransition(async () => {
      const result = await planRequest(projectId, "", "PUT", next);
      setMessage(result.ok ? "Added" : result.message);
      if (result.ok) router.refresh();
    });
  }

  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button type="button" variant="secondary" className="px-2.5 py-1 text-xs" disabled={pending} onClick={add} aria-label={`Add the ${what} to the plan`}>
        {pending ? "Adding…" : "Add to plan"}
      </Button>
      {message ? (
        <span role="status" className="text-xs text-slate-600">
          {message}
        </span>
      ) : null}
    </span>
  );
}
