"use client";

// A static cohort's members changed by hand: distinct ids pasted, then added
// or removed (POST / DELETE …/members). Ids the project does not know are said.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { inputClass } from "@/components/ui/Field";
import { Notice } from "@/components/ui/Notice";
import { pastedIds } from "./CohortForm";
import { cohortRequest, cohortsUrl } from "./request";

interface Changed {
  count: number;
  changed: number;
  unknownDistinctIds: string[];
}

export function StaticMembers({ projectId, cohortId }: { projectId: string; cohortId: string }) {
  const router = useRouter();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "success" | "error" | "warning"; text: string } | null>(null);

  async function change(kind: "add" | "remove") {
    const ids = pastedIds(text);
    if (!ids.length) return setMessage({ tone: "error", text: "Paste one or more distinct ids first." });
    setBusy(true);
    setMessage(null);
    const answer = await cohortRequest<Changed>(cohortsUrl(projectId, `/${encodeURIComponent(cohortId)}/members`), kind === "add" ? "POST" : "DELETE", { distinctIds: ids });
    setBusy(false);
    if (!answer.ok) return setMessage({ tone: "error", text: answer.message });
    const { changed, count, unknownDistinctIds: unknown } = answer.body;
    const done = `${kind === "add" ? "Added" : "Removed"} ${changed} ${changed === 1 ? "person" : "persons"}; the cohort has ${count} now.`;
    setMessage(
      unknown.length
        ? { tone: "warning", text: `${done} Not known in this project: ${unknown.slice(0, 20).join(", ")}${unknown.length > 20 ? ` and ${unknown.length - 20} more` : ""}.` }
        : { tone: "success", text: done },
    );
    setText("");
    router.refresh();
  }

  return (
    <div className="space-y-2">
      <label htmlFor="change-ids" className="block text-sm font-medium text-slate-800">
        Distinct ids to add or remove
      </label>
      <textarea
        id="change-ids"
        rows={3}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={"user-1\nuser-2"}
        aria-describedby="change-ids-hint"
        className={`${inputClass} font-mono`}
      />
      <p id="change-ids-hint" className="text-xs text-slate-500">
        One a line, or separated by commas. Any of a person’s ids finds them.
      </p>
      <div className="flex flex-wrap gap-2">
        <Button type="button" onClick={() => change("add")} disabled={busy}>
          Add
        </Button>
        <Button type="button" variant="secondary" onClick={() => change("remove")} disabled={busy}>
          Remove
        </Button>
      </div>
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
    </div>
  );
}
