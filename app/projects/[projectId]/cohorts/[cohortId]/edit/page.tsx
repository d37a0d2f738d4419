import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CohortForm } from "@/components/cohorts/CohortForm";
import { FormFrame, formInputs } from "@/components/cohorts/formPage";
import { can } from "@/lib/auth/permissions";
import { findCohort } from "@/lib/cohorts";
import { projectPageContext } from "@/lib/projects/page";

export const metadata: Metadata = { title: "Edit cohort" };
export const dynamic = "force-dynamic";

export default async function EditCohortPage({ params }: { params: Promise<{ projectId: string; cohortId: string }> }) {
  const { projectId, cohortId } = await params;
  const { project } = await projectPageContext(projectId, `/projects/${projectId}/cohorts/${cohortId}/edit`);
  const cohort = await findCohort(project.id, cohortId);
  if (!cohort) notFound();
  const canEdit = can(project.role, "manage_cohorts");
  const inputs = canEdit ? await formInputs(project, cohort.id) : null;
  return (
    <FormFrame title={`Edit ${cohort.name}`} back={{ href: `/projects/${project.id}/cohorts/${encodeURIComponent(cohort.id)}`, label: cohort.name }} canEdit={canEdit}>
      {inputs ? (
        <CohortForm projectId={project.id} catalog={inputs.catalog} cohorts={inputs.cohorts} editing={{ id: cohort.id, name: cohort.name, kind: cohort.kind, match: cohort.match }} />
      ) : null}
    </FormFrame>
  );
}
