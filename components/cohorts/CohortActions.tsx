"use client";

// A cohort's actions: recompute now, and delete after a confirmation (a cohort
// another one includes answers 409 cohort_in_use, shown as the API says it).
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/Button";
import { Notice } from "@/components/ui/Notice";
import { cohortRequest, cohortsUrl } from "./request";

export function RecomputeButton({ projectId, cohortId }: { projectId: string; cohortId: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);

  async function recompute() {
    setBusy(true);
    setMessage(null);
    const answer = await cohortRequest<{ count: number }>(cohortsUrl(projectId, `/${encodeURIComponent(cohortId)}/compute`), "POST", {});
    setBusy(false);
    if (!answer.ok) return setMessage({ tone: "error", text: answer.message });
    setMessage({ tone: "success", text: `Recomputed: ${answer.body.count} ${answer.body.count === 1 ? "member" : "members"}.` });
    router.refresh();
  }

  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button type="button" variant="secondary" onClick={recompute} disabled={busy}>
        {busy ? "Recomputing…" : "Recompute now"}
      </Button>
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
    </div>
  );
}

export function DeleteCohort({ projectId, cohortId, name }: { projectId: string; cohortId: string; name: string }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setBusy(true);
    setError(null);
    const answer = await cohortRequest<unknown>(cohortsUrl(projectId, `/${encodeURIComponent(cohortId)}`), "DELETE");
    if (!answer.ok && answer.status !== 204) {
      setBusy(false);
      setError(answer.code === "cohort_in_use" ? `It cannot be deleted yet. ${answer.message}` : answer.message);
      return;
    }
    router.push(`/projects/${projectId}/cohorts`);
    router.refresh();
  }

  return (
    <>
      <Button type="button" variant="danger" onClick={() => dialog.current?.showModal()}>
        Delete
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby="delete-cohort-title"
        className="m-auto w-full max-w-md rounded-xl bg-white p-0 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/40"
        onClose={() => setError(null)}
      >
        <div className="space-y-4 p-5">
          <h2 id="delete-cohort-title" className="text-base font-semibold text-red-700">
            Delete the cohort “{name}”?
          </h2>
          <p className="text-sm text-slate-600">Its members list and size history go with it. The persons and their events stay.</p>
          {error ? <Notice tone="error">{error}</Notice> : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => dialog.current?.close()} disabled={busy}>
              Cancel
            </Button>
            <Button type="button" variant="danger" onClick={remove} disabled={busy}>
              {busy ? "Deleting…" : "Delete cohort"}
            </Button>
          </div>
        </div>
      </dialog>
    </>
  );
}
