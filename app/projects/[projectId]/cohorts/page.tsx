import type { Metadata } from "next";
import Link from "next/link";
import { Time } from "@/components/format/Time";
import { EmptyState, ReportHeader } from "@/components/reports/Layout";
import { formatCount } from "@/components/reports/format";
import { buttonClass } from "@/components/ui/Button";
import { can } from "@/lib/auth/permissions";
import { listCohorts } from "@/lib/cohorts";
import { projectPageContext } from "@/lib/projects/page";

export const metadata: Metadata = { title: "Cohorts" };
export const dynamic = "force-dynamic";

export default async function CohortsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await projectPageContext(projectId, `/projects/${projectId}/cohorts`);
  const cohorts = await listCohorts(project.id);
  const canEdit = can(project.role, "manage_cohorts");
  const newCohort = `/projects/${project.id}/cohorts/new`;

  return (
    <div className="space-y-6">
      <ReportHeader title="Cohorts" subtitle="Named groups of persons, by who they are and what they did.">
        {canEdit ? (
          <Link href={newCohort} className={buttonClass("primary")}>
            New cohort
          </Link>
        ) : null}
      </ReportHeader>
      {cohorts.length ? (
        <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Cohorts of this project</caption>
            <thead className="border-b border-slate-200 text-xs font-medium text-slate-500 uppercase">
              <tr>
                <th scope="col" className="px-4 py-2.5">Name</th>
                <th scope="col" className="hidden px-4 py-2.5 sm:table-cell">Kind</th>
                <th scope="col" className="px-4 py-2.5 text-right">Members</th>
                <th scope="col" className="px-4 py-2.5">Computed</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {cohorts.map((cohort) => (
                <tr key={cohort.id} className="hover:bg-slate-50">
                  <td className="max-w-xs px-4 py-2.5">
                    <Link href={`/projects/${project.id}/cohorts/${encodeURIComponent(cohort.id)}`} className="font-medium break-words text-indigo-600 hover:text-indigo-500">
                      {cohort.name}
                    </Link>
                  </td>
                  <td className="hidden px-4 py-2.5 text-slate-600 sm:table-cell">{cohort.kind === "dynamic" ? "Dynamic" : "Static"}</td>
                  <td className="px-4 py-2.5 text-right text-slate-900 tabular-nums">{formatCount(cohort.count)}</td>
                  <td className="px-4 py-2.5 whitespace-nowrap text-slate-600">
                    <Time value={cohort.computedAt} zone={project.timezone} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <EmptyState title="No cohorts yet" action={canEdit ? { href: newCohort, label: "Create the first cohort" } : undefined}>
          A cohort is a named group of persons: “pro users who bought twice in the last 30 days and never cancelled”, or a list of user ids you
          import. A dynamic cohort follows its conditions on persons’ properties and events and is recomputed when you save it or ask; a static
          one is the list you give. Each shows its members, its size over time, and a CSV download.
        </EmptyState>
      )}
    </div>
  );
}
