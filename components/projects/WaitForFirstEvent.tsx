"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Polls for the project's first event and re-renders the page when it lands. */
export function WaitForFirstEvent({ projectId }: { projectId: string }) {
  const router = useRouter();
  useEffect(() => {
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const res = await fetch(`/api/projects/${projectId}/events?limit=1`, { cache: "no-store" });
        if (!stopped && res.ok && ((await res.json()) as { events: unknown[] }).events.length) {
          clearInterval(timer);
          router.refresh();
        }
      } catch {
        // offline for a moment: the next tick tries again
      }
    }, 3000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [projectId, router]);
  return (
    <p className="flex items-center gap-2 text-sm text-slate-500" role="status">
      <span className="relative flex h-2.5 w-2.5">
        <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-indigo-400 opacity-75" />
        <span className="relative inline-flex h-2.5 w-2.5 rounded-full bg-indigo-500" />
      </span>
      Waiting for the first event…
    </p>
  );
}
