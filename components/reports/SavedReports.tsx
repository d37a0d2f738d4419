"use client";

// Saved reports of one kind (e.g. funnels): open one, save the current query
// under a name, update the open one, delete it. The range is not saved.
import { useSearchParams } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/Button";
import { compactInput } from "./Pickers";
import { ParamLink, useReportNavigation } from "./ReportNavigation";

export interface SavedItem {
  id: string;
  name: string;
  /** The address params that open it. */
  params: Record<string, string | null>;
}

interface Result {
  error?: string;
  id?: string;
  name?: string;
}

export function SavedReports({
  noun,
  items,
  currentId,
  query,
  canSave,
  save,
  remove,
}: {
  /** "funnel" */
  noun: string;
  items: SavedItem[];
  currentId: string | null;
  /** The query on screen (without the range), or null when there is nothing valid to save. */
  query: Record<string, unknown> | null;
  canSave: boolean;
  save: (input: { name: string; query: Record<string, unknown>; id?: string }) => Promise<Result>;
  remove: (id: string) => Promise<Result>;
}) {
  const nav = useReportNavigation();
  const current = items.find((i) => i.id === currentId) ?? null;
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState("");
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [busy, startTransition] = useTransition();
  // What the open saved report holds, as address params: its saved params,
  // or what was on screen when it was last updated here.
  const search = useSearchParams();
  const [updated, setUpdated] = useState<{ id: string; params: Record<string, string | null> } | null>(null);
  const savedParams = current ? (updated?.id === current.id ? updated.params : current.params) : null;
  const modified = savedParams !== null && (nav.edited || Object.entries(savedParams).some(([key, value]) => !sameParam(search.get(key), value)));

  function saveAs(event: FormEvent) {
    event.preventDefault();
    if (!query) return;
    startTransition(async () => {
      const result = await save({ name, query });
      if (result.error) return setMessage({ tone: "error", text: result.error });
      setNaming(false);
      setName("");
      setMessage({ tone: "ok", text: `Saved as “${result.name}”.` });
      nav.go({ saved: result.id ?? null });
    });
  }

  function update() {
    if (!query || !current) return;
    startTransition(async () => {
      const result = await save({ name: current.name, query, id: current.id });
      setMessage(result.error ? { tone: "error", text: result.error } : { tone: "ok", text: `Updated “${current.name}”.` });
      if (!result.error) setUpdated({ id: current.id, params: Object.fromEntries(Object.keys(current.params).map((key) => [key, search.get(key)])) });
    });
  }

  function destroy() {
    if (!current || !window.confirm(`Delete the saved ${noun} “${current.name}”? This cannot be undone.`)) return;
    startTransition(async () => {
      const result = await remove(current.id);
      if (result.error) return setMessage({ tone: "error", text: result.error });
      setMessage({ tone: "ok", text: `Deleted “${current.name}”.` });
      nav.go({ saved: null });
    });
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <details className="relative">
        <summary className="cursor-pointer list-none rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm ring-1 ring-slate-300 hover:bg-slate-50">
          {current ? `Saved: ${current.name}` : `Saved ${noun}s (${items.length})`}
          {modified ? (
            <span className="ml-1.5 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800" title={`Changed since it was saved: “Update” keeps the changes`}>
              modified
            </span>
          ) : null}{" "}
          <span aria-hidden>▾</span>
        </summary>
        <div className="absolute left-0 z-20 mt-1 w-72 rounded-md bg-white p-1 shadow-lg ring-1 ring-slate-200">
          {items.length ? (
            <ul aria-label={`Saved ${noun}s`}>
              {items.map((item) => (
                <li key={item.id}>
                  <ParamLink
                    changes={{ ...item.params, saved: item.id, dropped: null, droppedValue: null }}
                    aria-current={item.id === currentId ? "true" : undefined}
                    className={`block truncate rounded px-3 py-2 text-sm ${item.id === currentId ? "bg-indigo-50 font-medium text-indigo-700" : "text-slate-700 hover:bg-slate-100"}`}
                  >
                    {item.name}
                  </ParamLink>
                </li>
              ))}
            </ul>
          ) : (
            <p className="px-3 py-2 text-sm text-slate-500">No saved {noun}s yet. Build one, then “Save as”.</p>
          )}
        </div>
      </details>
      {canSave ? (
        <>
          {naming ? (
            <form onSubmit={saveAs} className="flex flex-wrap items-center gap-2" aria-label={`Save this ${noun}`}>
              <input
                autoFocus
                required
                maxLength={100}
                aria-label={`Name of the saved ${noun}`}
                placeholder={`Name this ${noun}`}
                value={name}
                onChange={(e) => setName(e.target.value)}
                className={`${compactInput} w-56`}
              />
              <Button type="submit" className="py-1.5" disabled={busy}>
                Save
              </Button>
              <Button type="button" variant="ghost" className="py-1.5" onClick={() => setNaming(false)}>
                Cancel
              </Button>
            </form>
          ) : (
            <Button type="button" variant="secondary" className="py-1.5" disabled={!query || busy} onClick={() => setNaming(true)} title={query ? undefined : `Build a ${noun} first`}>
              Save as…
            </Button>
          )}
          {current && !naming ? (
            <>
              <Button type="button" variant="secondary" className="py-1.5" disabled={!query || busy} onClick={update}>
                Update “{current.name}”
              </Button>
              <Button type="button" variant="ghost" className="py-1.5 text-red-700 hover:bg-red-50 hover:text-red-800" disabled={busy} onClick={destroy}>
                Delete
              </Button>
            </>
          ) : null}
        </>
      ) : (
        <span className="text-xs text-slate-500">Viewers can open saved {noun}s but not change them.</span>
      )}
      <p role={message?.tone === "error" ? "alert" : "status"} className={`text-sm ${message?.tone === "error" ? "text-red-600" : "text-emerald-700"}`}>
        {message?.text}
      </p>
    </div>
  );
}

/** Two address values alike: equal text, or JSON of the same value whatever its spacing. */
function sameParam(shown: string | null, saved: string | null): boolean {
  if ((shown ?? null) === (saved ?? null)) return true;
  if (shown === null || saved === null) return false;
  try {
    return JSON.stringify(JSON.parse(shown)) === JSON.stringify(JSON.parse(saved));
  } catch {
    return false;
  }
}
