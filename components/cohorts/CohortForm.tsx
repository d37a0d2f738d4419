"use client";

// Creates a cohort (dynamic: a definition built with conditions; static: a
// list of distinct ids pasted or read from a CSV file) or changes one (name,
// definition). The API validates; its 400 answers are shown next to the field
// or the condition they are about.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button, buttonClass } from "@/components/ui/Button";
import { TextField, inputClass } from "@/components/ui/Field";
import { FieldError, fieldErrorId } from "@/components/ui/FieldError";
import { Notice } from "@/components/ui/Notice";
import { useFieldErrors, type FieldErrors } from "@/components/ui/useFieldErrors";
import type { PickerCatalog } from "@/components/reports/vocabulary";
import type { Group } from "@/lib/cohorts/definition";
import { GroupEditor, type CohortChoice } from "./ConditionBuilder";
import { definitionErrorOf, draftFromMatch, matchFromDraft, newGroup, type DefinitionError, type GroupDraft } from "./definitionDraft";
import { cohortRequest, cohortsUrl } from "./request";

type Kind = "dynamic" | "static";

interface Saved {
  cohort: { id: string; count: number; unknownDistinctIds?: string[] };
}

/** Pasted ids: one a line, or separated by commas, spaces or tabs. */
export function pastedIds(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter(Boolean);
}

/** Which form field an API message is about, from the path it starts with. */
function fieldOf(message: string): string | null {
  if (/^name\b/.test(message)) return "name";
  if (/^(distinctIds|csv)\b/.test(message)) return "ids";
  return null;
}

export function CohortForm({
  projectId,
  catalog,
  cohorts,
  editing,
}: {
  projectId: string;
  catalog: PickerCatalog;
  /** Cohorts a condition may name (never the one being edited). */
  cohorts: CohortChoice[];
  editing?: { id: string; name: string; kind: Kind; match: Group | null };
}) {
  const router = useRouter();
  const [kind, setKind] = useState<Kind>(editing?.kind ?? "dynamic");
  const [name, setName] = useState(editing?.name ?? "");
  const [group, setGroup] = useState<GroupDraft>(() => (editing?.match ? draftFromMatch(editing.match, catalog) : newGroup("all")));
  const [pasted, setPasted] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ fields: FieldErrors; definition: DefinitionError[]; general: string | null }>({ fields: {}, definition: [], general: null });
  const [created, setCreated] = useState<{ id: string; count: number; unknown: string[] } | null>(null);
  const { errorFor, onChange } = useFieldErrors(result, result.fields);

  function changeGroup(next: GroupDraft) {
    setGroup(next);
    if (result.definition.length) setResult({ ...result, definition: [] });
  }

  async function body(): Promise<{ json: Record<string, unknown>; clientErrors: DefinitionError[] }> {
    if (kind === "dynamic") {
      const { match, errors } = matchFromDraft(group);
      return { json: editing ? { name, match } : { name, kind, match }, clientErrors: errors };
    }
    if (editing) return { json: { name }, clientErrors: [] };
    return { json: { name, kind, distinctIds: pastedIds(pasted), ...(file ? { csv: await file.text() } : {}) }, clientErrors: [] };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { json, clientErrors } = await body();
    if (clientErrors.length) {
      setResult({ fields: {}, definition: clientErrors, general: "Some conditions are not complete: see the messages under them." });
      return;
    }
    setBusy(true);
    const answer = editing
      ? await cohortRequest<Saved>(cohortsUrl(projectId, `/${encodeURIComponent(editing.id)}`), "PATCH", json)
      : await cohortRequest<Saved>(cohortsUrl(projectId), "POST", json);
    setBusy(false);
    if (!answer.ok) {
      const field = fieldOf(answer.message);
      const definition = kind === "dynamic" && answer.status === 400 ? definitionErrorOf(answer.message) : null;
      const wholeDefinition = kind === "dynamic" && ["cohort_cycle", "unknown_cohort", "cohort_too_complex"].includes(answer.code);
      setResult({
        fields: field ? { [field]: answer.message } : {},
        definition: definition ? [definition] : wholeDefinition ? [{ path: "match", message: answer.message }] : [],
        general: field || definition || wholeDefinition ? null : answer.message,
      });
      return;
    }
    const saved = answer.body.cohort;
    const unknown = saved.unknownDistinctIds ?? [];
    if (unknown.length) {
      // Stay and say which ids were not found: the person pasting them wants to know.
      setCreated({ id: saved.id, count: saved.count, unknown });
      return;
    }
    router.push(`/projects/${projectId}/cohorts/${encodeURIComponent(saved.id)}`);
    router.refresh();
  }

  if (created) {
    return (
      <div className="space-y-4">
        <Notice tone="warning">
          <p className="font-medium">
            The cohort was created with {created.count} {created.count === 1 ? "member" : "members"}. {created.unknown.length}{" "}
            {created.unknown.length === 1 ? "distinct id is" : "distinct ids are"} not known in this project and were left out:
          </p>
          <p className="mt-1 font-mono text-xs break-all">
            {created.unknown.slice(0, 50).join(", ")}
            {created.unknown.length > 50 ? ` and ${created.unknown.length - 50} more` : ""}
          </p>
        </Notice>
        <Link href={`/projects/${projectId}/cohorts/${encodeURIComponent(created.id)}`} className={buttonClass("primary")}>
          Open the cohort
        </Link>
      </div>
    );
  }

  return (
    <form onSubmit={submit} onChange={onChange} noValidate className="space-y-6">
      {result.general ? <Notice tone="error">{result.general}</Notice> : null}
      <div className="max-w-md">
        <TextField id="name" label="Name" value={name} onChange={(e) => setName(e.target.value)} error={errorFor("name")} maxLength={100} required placeholder="Engaged buyers" />
      </div>

      {editing ? null : (
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-800">Kind</legend>
          <div className="flex flex-wrap gap-4">
            {(
              [
                ["dynamic", "Dynamic", "Persons who match conditions; recomputed on save and on demand."],
                ["static", "Static", "A fixed list of persons, by distinct id."],
              ] as const
            ).map(([value, label, hint]) => (
              <label key={value} className="flex max-w-xs cursor-pointer items-start gap-2 rounded-lg p-3 ring-1 ring-slate-200 has-[:checked]:bg-indigo-50 has-[:checked]:ring-indigo-400">
                <input type="radio" name="kind" value={value} checked={kind === value} onChange={() => setKind(value)} className="mt-0.5" />
                <span>
                  <span className="block text-sm font-medium text-slate-900">{label}</span>
                  <span className="block text-xs text-slate-500">{hint}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      )}

      {kind === "dynamic" ? (
        <div className="space-y-2 rounded-xl bg-white p-4 ring-1 ring-slate-200">
          <h2 className="text-sm font-medium text-slate-800">Conditions</h2>
          <GroupEditor group={group} onChange={changeGroup} path="match" depth={1} label="Definition" shared={{ catalog, cohorts, errors: result.definition }} />
        </div>
      ) : editing ? (
        <p className="text-sm text-slate-600">The members of a static cohort are added and removed on its page.</p>
      ) : (
        <div className="space-y-4 rounded-xl bg-white p-4 ring-1 ring-slate-200">
          <div className="space-y-1.5">
            <label htmlFor="ids" className="block text-sm font-medium text-slate-800">
              Distinct ids
            </label>
            <textarea
              id="ids"
              name="ids"
              rows={6}
              value={pasted}
              onChange={(e) => setPasted(e.target.value)}
              placeholder={"user-1\nuser-2\nuser-3"}
              aria-invalid={errorFor("ids") ? true : undefined}
              aria-describedby={errorFor("ids") ? fieldErrorId("ids") : "ids-hint"}
              className={`${inputClass} font-mono`}
            />
            {errorFor("ids") ? (
              <FieldError fieldId="ids" message={errorFor("ids")} />
            ) : (
              <p id="ids-hint" className="text-xs text-slate-500">
                One a line, or separated by commas. Ids this project does not know are listed back and left out.
              </p>
            )}
          </div>
          <div className="space-y-1.5">
            <label htmlFor="csv" className="block text-sm font-medium text-slate-800">
              Or a CSV file
            </label>
            <input
              id="csv"
              name="csv"
              type="file"
              accept=".csv,text/csv,text/plain"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              aria-describedby="csv-hint"
              className="block text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-200"
            />
            <p id="csv-hint" className="text-xs text-slate-500">
              The first column is the distinct id; a header row (distinct_id, user_id, id…) is skipped.
            </p>
          </div>
        </div>
      )}

      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={busy}>
          {busy ? "Saving…" : editing ? "Save and recompute" : "Create cohort"}
        </Button>
        <Link href={editing ? `/projects/${projectId}/cohorts/${encodeURIComponent(editing.id)}` : `/projects/${projectId}/cohorts`} className={buttonClass("secondary")}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
