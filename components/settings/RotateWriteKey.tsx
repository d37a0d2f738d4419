"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/Button";
import { Notice } from "@/components/ui/Notice";
import { rotateWriteKeyResult, type RotateOutcome } from "./writeKeyRequest";

/**
 * Replaces the write key after an explicit confirmation that says what breaks:
 * every tracked page still sends the old key, which is refused from now on.
 * On success the page is refreshed, so the key and snippets above show the new key.
 */
export function RotateWriteKey({ projectId, currentKey }: { projectId: string; currentKey: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<RotateOutcome | null>(null);
  const [pending, startTransition] = useTransition();

  function rotate() {
    startTransition(async () => {
      const result = await rotateWriteKeyResult(projectId, currentKey);
      setOutcome(result);
      setConfirming(false);
      if (result.ok) router.refresh();
    });
  }

  return (
    <div className="space-y-3">
      {outcome?.ok ? (
        <Notice tone="success">
          The write key was replaced. Update the snippet on every tracked page and the key in every SDK: the old key is refused from now on.
        </Notice>
      ) : outcome ? (
        <Notice tone="error">{outcome.message}</Notice>
      ) : null}
      {confirming ? (
        <div role="group" aria-labelledby="rotate-heading" className="space-y-3 rounded-md bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
          <p id="rotate-heading" className="font-medium">Rotate the write key?</p>
          <p>
            The current key stops working at once. Every tracked page and SDK must be updated with the new key, or their events are refused and lost.
          </p>
          <div className="flex flex-wrap gap-2">
            <Button variant="danger" onClick={rotate} disabled={pending}>
              {pending ? "Rotating…" : "Rotate now"}
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)} disabled={pending}>
              Cancel
            </Button>
          </div>
        </div>
      ) : (
        <Button
          variant="secondary"
          onClick={() => {
            setOutcome(null);
            setConfirming(true);
          }}
        >
          Rotate write key
        </Button>
      )}
    </div>
  );
}
