import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DeleteCohort, RecomputeButton } from "@/components/cohorts/CohortActions";
import { DefinitionText } from "@/components/cohorts/DefinitionText";
import { MembersList } from "@/components/cohorts/MembersList";
import { SizeChart } from "@/components/cohorts/SizeChart";
import { StaticMembers } from "@/components/cohorts/StaticMembers";
import { Time } from "@/components/format/Time";
import { formatCount } from "@/components/reports/format";
import { buttonClass } from "@/components/ui/Button";
import { Card, Stat } from "@/components/ui/Card";
import { can } from "@/lib/auth/permissions";
import { findCohort, listCohorts } from "@/lib/cohorts";
import { projectPageContext } from "@/lib/projects/page";

export const dynamic = "force-dynamic";

type Params = Promise<{ projectId: string; cohortId: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { projectId, cohortId } = await params;
  const { project } = await projectPageContext(projectId, `/projects/${projectId}/cohorts/${cohortId}`);
  const cohort = await findCohort(project.id, cohortId);
  return { title: cohort ? `Cohort ${cohort.name}` : "Cohort" };
}

export default async function CohortPage({ params }: { params: Params }) {
  const { projectId, cohortId } = await params;
  const { project } = await projectPageContext(projectId, `/projects/${projectId}/cohorts/${cohortId}`);
  const cohort = await findCohort(project.id, cohortId);
  if (!cohort) notFound();
  const canEdit = can(project.role, "manage_cohorts");
  const names = new Map((await listCohorts(project.id)).map((c) => [c.id, c.name]));
  const base = `/projects/${project.id}/cohorts/${encodeURIComponent(cohort.id)}`;

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={`/projects/${project.id}/cohorts`} className="font-medium text-indigo-600 hover:text-indigo-500">
          ← Cohorts
        </Link>
      </nav>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight break-words">{cohort.name}</h1>
          <p className="text-sm text-slate-500">{cohort.kind === "dynamic" ? "Dynamic cohort: persons who match its conditions" : "Static cohort: a list of persons"}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <a href={`/api/projects/${project.id}/cohorts/${encodeURIComponent(cohort.id)}/members.csv`} download className={buttonClass("secondary")}>
            Download CSV
          </a>
          <Link href={`${base}/destinations`} className={buttonClass("secondary")}>
            Destinations
          </Link>
          {canEdit ? (
            <>
              <Link href={`${base}/edit`} className={buttonClass("secondary")}>
                Edit
              </Link>
              <DeleteCohort projectId={project.id} cohortId={cohort.id} name={cohort.name} />
            </>
          ) : null}
        </div>
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        <Stat label="Members" value={formatCount(cohort.count)} hint="As of the last computation" />
        <Stat
          label="Computed"
          value={
            <span className="text-xl">
              <Time value={cohort.computedAt} zone={project.timezone} />
            </span>
          }
          hint={cohort.kind === "dynamic" ? "On save and when recomputed; new events count once it is recomputed." : "When the list last changed."}
        />
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={cohort.kind === "dynamic" ? "Definition" : "Members by hand"}>
          {cohort.kind === "dynamic" && cohort.match ? (
            <div className="space-y-4">
              <DefinitionText match={cohort.match} projectId={project.id} cohortNames={names} label="Conditions" />
              {canEdit ? <RecomputeButton projectId={project.id} cohortId={cohort.id} /> : null}
            </div>
          ) : canEdit ? (
            <StaticMembers projectId={project.id} cohortId={cohort.id} />
          ) : (
            <p className="text-sm text-slate-500">A fixed list of persons. Owners, admins and members can add and remove them.</p>
          )}
        </Card>
        <Card title="Size over time" description={`Members at each computation, in ${project.timezone}.`}>
          {cohort.history.length > 1 ? (
            <SizeChart history={cohort.history} zone={project.timezone} title={`Size of ${cohort.name} over time, ${cohort.history.length} computations`} />
          ) : (
            <p className="text-sm text-slate-500">One computation so far ({formatCount(cohort.count)} members). Recompute later to see the size change.</p>
          )}
        </Card>
      </div>

      <Card title="Members" description="Persons in the cohort as of its last computation, with a few of their properties.">
        <MembersList projectId={project.id} cohortId={cohort.id} zone={project.timezone} count={cohort.count} computedAt={cohort.computedAt} />
      </Card>
    </div>
  );
}
