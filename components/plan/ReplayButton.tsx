"use client";

// The quarantine's Replay: stores what the plan now allows, once each.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/Button";
import { Notice } from "@/components/ui/Notice";
import type { ReplayOutcome } from "@/lib/plan";
import { planRequest } from "./planRequest";

export function ReplayButton({ projectId, quarantined }: { projectId: string; quarantined: number }) {
  const router = useRouter();
  const [result, setResult] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function replay() {
    startTransition(async () => {
      const answer = await planRequest<ReplayOutcome>(projectId, "/quarantine/replay", "POST");
      if (!answer.ok) return setResult({ tone: "error", text: answer.message });
      const { replayed, stored, stillBlocked } = answer.body;
      setResult({ tone: "success", text: `Replayed ${replayed} message(s), ${stored} newly stored; ${stillBlocked} still blocked by the plan.` });
      router.refresh();
    });
  }

  return (
    <div className="space-y-3">
      <Button type="button" onClick={replay} disabled={pending || quarantined === 0}>
        {pending ? "Replaying…" : "Replay"}
      </Button>
      {result ? <Notice tone={result.tone}>{result.text}</Notice> : null}
    </div>
  );
}
