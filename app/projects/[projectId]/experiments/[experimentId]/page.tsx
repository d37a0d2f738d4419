import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ExperimentResultsView } from "@/components/experiments/ExperimentResultsView";
import { ReportError, ReportHeader } from "@/components/reports/Layout";
import { attempt } from "@/components/reports/run";
import { buttonClass } from "@/components/ui/Button";
import { can } from "@/lib/auth";
import { getExperiment } from "@/lib/experiments";
import { experimentResults } from "@/lib/experiments/results";
import { ApiError } from "@/lib/http/errors";
import { projectPageContext } from "@/lib/projects/page";

export const metadata: Metadata = { title: "Experiment results" };
export const dynamic = "force-dynamic";

export default async function ExperimentPage({ params }: { params: Promise<{ projectId: string; experimentId: string }> }) {
  const { projectId, experimentId } = await params;
  const { project } = await projectPageContext(projectId, `/projects/${projectId}/experiments/${experimentId}`);
  const experiment = await getExperiment(project.id, experimentId).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  });
  const results = await attempt(() => experimentResults(project, experiment));
  const range = `${new Date(experiment.start).toLocaleString("sv-SE", { timeZone: project.timezone, dateStyle: "short", timeStyle: "short" })} → ${
    experiment.end ? new Date(experiment.end).toLocaleString("sv-SE", { timeZone: project.timezone, dateStyle: "short", timeStyle: "short" }) : "now"
  }`;

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={`/projects/${project.id}/experiments`} className="text-indigo-600 hover:text-indigo-500">
          ← Experiments
        </Link>
      </nav>
      <ReportHeader
        title={experiment.name}
        subtitle={
          <>
            <code className="font-mono text-xs">{experiment.key}</code> · {experiment.status} · {range} ({project.timezone})
          </>
        }
      >
        {can(project.role, "manage_experiments") ? (
          <Link href={`/projects/${project.id}/experiments/${experiment.id}/edit`} className={buttonClass("secondary")}>
            Edit
          </Link>
        ) : null}
      </ReportHeader>
      {experiment.hypothesis ? <p className="max-w-3xl text-sm text-slate-700">Hypothesis: {experiment.hypothesis}</p> : null}
      {results.error !== null ? <ReportError message={results.error} /> : <ExperimentResultsView experiment={experiment} results={results.data} />}
    </div>
  );
}
