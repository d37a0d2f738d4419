import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState, ReportHeader } from "@/components/reports/Layout";
import { buttonClass } from "@/components/ui/Button";
import { can } from "@/lib/auth";
import { listExperiments } from "@/lib/experiments";
import { projectPageContext } from "@/lib/projects/page";

export const metadata: Metadata = { title: "Experiments" };
export const dynamic = "force-dynamic";

const STATUS_STYLE = {
  draft: "bg-slate-100 text-slate-700",
  running: "bg-emerald-50 text-emerald-800",
  stopped: "bg-amber-50 text-amber-900",
} as const;

function day(iso: string | null, timezone: string): string {
  return iso ? new Date(iso).toLocaleDateString("en-CA", { timeZone: timezone }) : "open";
}

export default async function ExperimentsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await projectPageContext(projectId, `/projects/${projectId}/experiments`);
  const experiments = await listExperiments(project.id);
  const mayEdit = can(project.role, "manage_experiments");
  const newHref = `/projects/${project.id}/experiments/new`;

  return (
    <div className="space-y-6">
      <ReportHeader title="Experiments" subtitle="A change measured against its baseline: variants assigned by the SDK, results with honest statistics.">
        {mayEdit ? (
          <Link href={newHref} className={buttonClass("primary")}>
            New experiment
          </Link>
        ) : null}
      </ReportHeader>
      {!experiments.length ? (
        <EmptyState title="No experiments yet" action={mayEdit ? { href: newHref, label: "Create the first one" } : undefined}>
          Define variants and metrics, call <code className="rounded bg-slate-100 px-1 font-mono text-xs">crumbtrail.variant(&quot;key&quot;)</code> on your page, and
          read which variant wins here.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 overflow-hidden rounded-xl bg-white ring-1 ring-slate-200" aria-label="Experiments">
          {experiments.map((experiment) => (
            <li key={experiment.id} className="flex flex-wrap items-center justify-between gap-3 px-5 py-4">
              <div className="min-w-0">
                <Link href={`/projects/${project.id}/experiments/${experiment.id}`} className="font-medium text-indigo-700 hover:text-indigo-500">
                  {experiment.name}
                </Link>
                <p className="text-sm text-slate-500">
                  <code className="font-mono text-xs">{experiment.key}</code> · {experiment.variants.map((v) => v.key).join(" vs ")} · {day(experiment.start, project.timezone)} →{" "}
                  {day(experiment.end, project.timezone)}
                </p>
              </div>
              <span className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${STATUS_STYLE[experiment.status]}`}>{experiment.status}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
