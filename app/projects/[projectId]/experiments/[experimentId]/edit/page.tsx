import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ExperimentForm } from "@/components/experiments/ExperimentForm";
import { ReportHeader } from "@/components/reports/Layout";
import { can } from "@/lib/auth";
import { getExperiment } from "@/lib/experiments";
import { ApiError } from "@/lib/http/errors";
import { projectPageContext } from "@/lib/projects/page";

export const metadata: Metadata = { title: "Edit experiment" };
export const dynamic = "force-dynamic";

export default async function EditExperimentPage({ params }: { params: Promise<{ projectId: string; experimentId: string }> }) {
  const { projectId, experimentId } = await params;
  const { project } = await projectPageContext(projectId, `/projects/${projectId}/experiments/${experimentId}/edit`);
  if (!can(project.role, "manage_experiments")) notFound();
  const experiment = await getExperiment(project.id, experimentId).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  });
  return (
    <div className="space-y-6">
      <ReportHeader title={`Edit ${experiment.name}`} subtitle="Changing variants, weights or the key mid-run changes who sees what: prefer a new experiment." />
      <ExperimentForm projectId={project.id} experiment={experiment} />
    </div>
  );
}
