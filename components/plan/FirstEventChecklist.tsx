"use client";

import { useEffect, useState } from "react";
import { TrackingChecklist, type ChecklistStep } from "./TrackingChecklist";

export interface FirstEventsSeen {
  pageview: boolean;
  identify: boolean;
  custom: boolean;
}

/** Where a hidden checklist is remembered, per project and browser. */
const hiddenKey = (projectId: string) => `crumbtrail:first-events-hidden:${projectId}`;

/**
 * A new project's first-event checklist (the Overview, and the guide of a
 * project without events): a page view, an identify and an event of the
 * project's own, each ticking live as it first arrives. Hidden for good in
 * this browser by its button (a site that never identifies need not see it).
 */
export function FirstEventChecklist({ projectId, seen, since, hideable = true }: { projectId: string; seen: FirstEventsSeen; since: number; hideable?: boolean }) {
  const [hidden, setHidden] = useState(false);
  useEffect(() => {
    try {
      if (hideable && localStorage.getItem(hiddenKey(projectId)) === "1") setHidden(true);
    } catch {
      // storage refused: the checklist stays
    }
  }, [projectId, hideable]);
  if (hidden) return null;

  const steps: ChecklistStep[] = [
    { step: "$pageview", label: "First page view", done: seen.pageview },
    { step: "$identify", label: "First identify (a signed-in user)", done: seen.identify },
    { step: "*", label: "First event of your own (crumbtrail.track)", done: seen.custom },
  ];
  function hide() {
    try {
      localStorage.setItem(hiddenKey(projectId), "1");
    } catch {
      // storage refused: hidden until the next visit
    }
    setHidden(true);
  }
  return (
    <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="first-event-checklist">
      <TrackingChecklist projectId={projectId} steps={steps} audience={null} since={since} title="Getting started: your first events" />
      {hideable ? (
        <button type="button" onClick={hide} className="mt-2 text-xs text-slate-500 hover:text-slate-700 hover:underline">
          Hide this checklist
        </button>
      ) : null}
    </div>
  );
}
