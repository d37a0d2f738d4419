import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ExperimentForm } from "@/components/experiments/ExperimentForm";
import { ReportHeader } from "@/components/reports/Layout";
import { can } from "@/lib/auth";
import { projectPageContext } from "@/lib/projects/page";

export const metadata: Metadata = { title: "New experiment" };
export const dynamic = "force-dynamic";

export default async function NewExperimentPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await projectPageContext(projectId, `/projects/${projectId}/experiments/new`);
  if (!can(project.role, "manage_experiments")) notFound();
  return (
    <div className="space-y-6">
      <ReportHeader title="New experiment" subtitle="Variants, how exposure is recorded, what counts as better, and for how long." />
      <ExperimentForm projectId={project.id} experiment={null} />
    </div>
  );
}
