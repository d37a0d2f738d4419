import type { Metadata } from "next";
import { CohortForm } from "@/components/cohorts/CohortForm";
import { FormFrame, formInputs } from "@/components/cohorts/formPage";
import { can } from "@/lib/auth/permissions";
import { projectPageContext } from "@/lib/projects/page";

export const metadata: Metadata = { title: "New cohort" };
export const dynamic = "force-dynamic";

export default async function NewCohortPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await projectPageContext(projectId, `/projects/${projectId}/cohorts/new`);
  const canEdit = can(project.role, "manage_cohorts");
  const inputs = canEdit ? await formInputs(project) : null;
  return (
    <FormFrame title="New cohort" back={{ href: `/projects/${project.id}/cohorts`, label: "Cohorts" }} canEdit={canEdit}>
      {inputs ? <CohortForm projectId={project.id} catalog={inputs.catalog} cohorts={inputs.cohorts} /> : null}
    </FormFrame>
  );
}
