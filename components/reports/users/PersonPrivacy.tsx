"use client";

// The profile's privacy actions: download everything stored about the person
// (an access request), and erase them (an erasure request) after typing their id.
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Button, buttonClass } from "@/components/ui/Button";
import { TextField } from "@/components/ui/Field";
import { Notice } from "@/components/ui/Notice";
import { formatCount } from "@/components/reports/format";

function personUrl(projectId: string, distinctId: string): string {
  return `/api/projects/${encodeURIComponent(projectId)}/users/${encodeURIComponent(distinctId)}`;
}

export function DownloadPersonData({ projectId, distinctId }: { projectId: string; distinctId: string }) {
  return (
    <a href={`${personUrl(projectId, distinctId)}/export`} download className={buttonClass("secondary")}>
      Download data
    </a>
  );
}

/** With CLICKHOUSE_URL set, the answer says whether ClickHouse's copies are gone too (docs/clickhouse.md). */
type ClickHouseErase = { status: "done" } | { status: "pending" | "failed"; message: string };

type Step = { kind: "idle" } | { kind: "erasing" } | { kind: "error"; message: string } | { kind: "done"; events: number; clickhouse?: ClickHouseErase };

export function ErasePerson({ projectId, distinctId, publicId }: { projectId: string; distinctId: string; publicId: string }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState("");
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const usersPage = `/projects/${projectId}/users`;

  useEffect(() => {
    // A ClickHouse erase left pending or failed stays on screen: the reader must see it and may retry.
    if (step.kind !== "done" || (step.clickhouse && step.clickhouse.status !== "done")) return;
    const timer = setTimeout(() => {
      router.push(usersPage);
      router.refresh();
    }, 1500);
    return () => clearTimeout(timer);
  }, [step, router, usersPage]);

  async function erase(event: React.FormEvent) {
    event.preventDefault();
    setStep({ kind: "erasing" });
    try {
      const response = await fetch(personUrl(projectId, distinctId), { method: "DELETE" });
      const body = (await response.json().catch(() => null)) as { deletedEvents?: number; clickhouse?: ClickHouseErase; error?: { message?: string } } | null;
      if (!response.ok || typeof body?.deletedEvents !== "number") {
        setStep({ kind: "error", message: body?.error?.message ?? `The server answered ${response.status}; nothing was erased.` });
        return;
      }
      setStep({ kind: "done", events: body.deletedEvents, clickhouse: body.clickhouse });
    } catch {
      setStep({ kind: "error", message: "The server could not be reached; nothing was erased." });
    }
  }

  const busy = step.kind === "erasing" || step.kind === "done";
  return (
    <>
      <Button type="button" variant="danger" onClick={() => dialog.current?.showModal()}>
        Erase person
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby="erase-title"
        className="m-auto w-full max-w-md rounded-xl bg-white p-0 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/40"
        onClose={() => step.kind !== "done" && setStep({ kind: "idle" })}
      >
        <form onSubmit={erase} className="space-y-4 p-5">
          <h2 id="erase-title" className="text-base font-semibold text-red-700">
            Erase this person?
          </h2>
          {step.kind === "done" && step.clickhouse && step.clickhouse.status !== "done" ? (
            <>
              <Notice tone="warning">
                Erased {formatCount(step.events)} {step.events === 1 ? "event" : "events"} here, but ClickHouse {step.clickhouse.status === "pending" ? "is still deleting its copies" : "still holds copies"}:{" "}
                {step.clickhouse.message}
              </Notice>
              <div className="flex justify-end">
                <a href={usersPage} className={buttonClass("secondary")}>
                  Back to the users list
                </a>
              </div>
            </>
          ) : step.kind === "done" ? (
            <Notice tone="success">
              Erased {formatCount(step.events)} {step.events === 1 ? "event" : "events"}. Back to the users list…
            </Notice>
          ) : (
            <>
              <p className="text-sm text-slate-600">
                Deletes the person, every event of all their distinct ids, and what only they added to the catalog. This cannot be undone. Their
                next event, should one come, starts a new person.
              </p>
              {step.kind === "error" ? <Notice tone="error">{step.message}</Notice> : null}
              <TextField id="confirmErase" label={`Type “${publicId}” to confirm`} autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
              <div className="flex justify-end gap-2">
                <Button type="button" variant="secondary" onClick={() => dialog.current?.close()} disabled={busy}>
                  Cancel
                </Button>
                <Button type="submit" variant="danger" disabled={busy || typed.trim() !== publicId}>
                  {step.kind === "erasing" ? "Erasing…" : "Erase"}
                </Button>
              </div>
            </>
          )}
        </form>
      </dialog>
    </>
  );
}
