"use client";

// A cohort's members, a page at a time with the API's cursor ("Show more"),
// searched by a property value or distinct id (`q`). Each person links to their
// profile; a few of their properties are shown beside them.
import Link from "next/link";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { Time } from "@/components/format/Time";
import { displayValue } from "@/components/reports/format";
import { personName } from "@/components/reports/users/UsersTable";
import { Button } from "@/components/ui/Button";
import { inputClass } from "@/components/ui/Field";
import { Notice } from "@/components/ui/Notice";
import { cohortRequest, cohortsUrl } from "./request";

const PAGE_SIZE = 50;
/** Properties shown beside a member (besides the name). */
const SHOWN_PROPERTIES = 3;

interface Member {
  id: string;
  distinctIds: string[];
  properties: Record<string, unknown>;
  lastSeen: string | null;
}

interface Page {
  members: Member[];
  nextCursor: string | null;
}

type State = { kind: "loading" } | { kind: "error"; message: string } | { kind: "ready"; members: Member[]; nextCursor: string | null; more: boolean };

function otherProperties(properties: Record<string, unknown>, name: string | null): [string, unknown][] {
  return Object.entries(properties)
    .filter(([key, value]) => value !== name && !key.startsWith("$"))
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(0, SHOWN_PROPERTIES);
}

/** `computedAt` changes with each computation: the list is read again then. */
export function MembersList({ projectId, cohortId, zone, count, computedAt }: { projectId: string; cohortId: string; zone: string; count: number; computedAt: string | null }) {
  const [typed, setTyped] = useState("");
  const [query, setQuery] = useState("");
  const [state, setState] = useState<State>({ kind: "loading" });

  const load = useCallback(
    async (q: string, cursor: string | null): Promise<Page | string> => {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (q) params.set("q", q);
      if (cursor) params.set("cursor", cursor);
      const answer = await cohortRequest<Page>(`${cohortsUrl(projectId, `/${encodeURIComponent(cohortId)}/members`)}?${params}`, "GET");
      return answer.ok ? answer.body : answer.message;
    },
    [projectId, cohortId],
  );

  useEffect(() => {
    let live = true;
    void load(query, null).then((page) => {
      if (!live) return;
      setState(typeof page === "string" ? { kind: "error", message: page } : { kind: "ready", members: page.members, nextCursor: page.nextCursor, more: false });
    });
    return () => {
      live = false;
    };
  }, [load, query, computedAt]);

  async function more() {
    if (state.kind !== "ready" || !state.nextCursor) return;
    setState({ ...state, more: true });
    const page = await load(query, state.nextCursor);
    if (typeof page === "string") return setState({ kind: "error", message: page });
    setState({ kind: "ready", members: [...state.members, ...page.members], nextCursor: page.nextCursor, more: false });
  }

  function search(event: FormEvent) {
    event.preventDefault();
    const next = typed.trim();
    if (next === query) return;
    setState({ kind: "loading" });
    setQuery(next);
  }

  return (
    <div className="space-y-3">
      <form role="search" aria-label="Search members" onSubmit={search} className="flex flex-wrap gap-2">
        <label htmlFor="member-search" className="sr-only">
          Search members by distinct id or property value
        </label>
        <input
          id="member-search"
          type="search"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          placeholder="Search by id, email, plan…"
          maxLength={200}
          className={`${inputClass} max-w-sm flex-1`}
        />
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      {state.kind === "loading" ? (
        <p className="text-sm text-slate-500" aria-live="polite">
          Loading members…
        </p>
      ) : state.kind === "error" ? (
        <Notice tone="error">The members could not be loaded. {state.message}</Notice>
      ) : !state.members.length ? (
        <p className="text-sm text-slate-500">{query ? `No member matches “${query}”.` : "This cohort has no members as of its last computation."}</p>
      ) : (
        <>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{query ? `Members matching “${query}”` : "Members"}</caption>
              <thead className="border-b border-slate-200 text-xs font-medium text-slate-500 uppercase">
                <tr>
                  <th scope="col" className="py-2 pr-4">Person</th>
                  <th scope="col" className="hidden py-2 pr-4 sm:table-cell">Properties</th>
                  <th scope="col" className="py-2 pr-4 text-right">Last seen</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {state.members.map((m) => {
                  const name = personName(m.properties);
                  return (
                    <tr key={m.id}>
                      <td className="max-w-[16rem] py-2 pr-4 align-top">
                        <Link href={`/projects/${projectId}/users/${encodeURIComponent(m.id)}`} className="block truncate font-mono text-xs font-medium text-indigo-600 hover:text-indigo-500" title={m.id}>
                          {m.id}
                        </Link>
                        {name ? <span className="block truncate text-slate-700">{name}</span> : null}
                      </td>
                      <td className="hidden py-2 pr-4 align-top text-xs text-slate-600 sm:table-cell">
                        {otherProperties(m.properties, name).map(([key, value]) => (
                          <span key={key} className="mr-3 inline-block max-w-[14rem] truncate align-top" title={`${key}: ${displayValue(value)}`}>
                            <span className="font-mono text-slate-400">{key}</span> {displayValue(value)}
                          </span>
                        ))}
                      </td>
                      <td className="py-2 pr-4 text-right align-top whitespace-nowrap text-slate-600">
                        <Time value={m.lastSeen} zone={zone} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="flex items-center justify-between gap-3 text-sm text-slate-500">
            <span>
              {state.members.length} {state.members.length === 1 ? "person" : "persons"} shown{query ? ` matching “${query}”` : ` of ${count}`}
            </span>
            {state.nextCursor ? (
              <Button type="button" variant="secondary" onClick={more} disabled={state.more}>
                {state.more ? "Loading…" : "Show more"}
              </Button>
            ) : null}
          </div>
        </>
      )}
    </div>
  );
}
