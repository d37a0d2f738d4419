// Which computation of each cohort a report read ("Engaged buyers as of Dec 5,
// 14:02"): reports use the membership stored by a cohort's last computation,
// and say so, so a number can be traced to the members list it came from.
import { Time } from "@/components/format/Time";
import type { CohortUsed } from "@/lib/query/cohortsUsed";
import { formatCount } from "./format";

export function CohortsUsed({ cohorts, projectId, timezone }: { cohorts: CohortUsed[] | undefined; projectId: string; timezone: string }) {
  if (!cohorts?.length) return null;
  return (
    <section aria-label="Cohorts this report used" className="rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-600 ring-1 ring-slate-200">
      <span className="font-medium text-slate-700">Cohort membership used: </span>
      <ul className="inline">
        {cohorts.map((c, i) => (
          <li key={c.id} className="inline">
            {i ? "; " : null}
            <a href={`/projects/${projectId}/cohorts/${encodeURIComponent(c.id)}`} className="font-medium text-indigo-600 hover:text-indigo-500">
              {c.name}
            </a>{" "}
            {c.computedAt ? (
              <>
                as of <Time value={c.computedAt} zone={timezone} /> ({formatCount(c.count)} {c.count === 1 ? "person" : "people"})
              </>
            ) : (
              "never computed (no members yet)"
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
