import type { Metadata } from "next";
import Link from "next/link";
import { eventLabel } from "@/components/format/event";
import { TrackingTest } from "@/components/plan/TrackingTest";
import { buttonClass } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import { inputClass } from "@/components/ui/Field";
import { Notice } from "@/components/ui/Notice";
import { MAX_STEPS } from "@/lib/plan/testRun";
import { projectPageContext } from "@/lib/projects/page";
import { listSavedReports } from "@/lib/reports/saved";

export const metadata: Metadata = { title: "Test your tracking" };
export const dynamic = "force-dynamic";

type Search = Record<string, string | string[] | undefined>;
const all = (value: string | string[] | undefined) => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** Event names as given: trimmed, empty lines dropped, each at most 200 characters (the route's limit). */
function cleanSteps(names: string[]): string[] {
  return names
    .map((n) => n.trim())
    .filter(Boolean)
    .map((n) => n.slice(0, 200));
}

/**
 * "Test your tracking" (API.md 7): the steps come from the address (`step`,
 * repeated: the funnel page links here with its steps), a saved funnel
 * (`funnel`), or a list typed one per line (`events`).
 */
export default async function TrackingTestPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<Search> }) {
  const { projectId } = await params;
  const search = await searchParams;
  const { user, project } = await projectPageContext(projectId, `/projects/${projectId}/data-quality/test`);
  const funnels = await listSavedReports(user.id, project.id, "funnel");

  const funnelId = all(search.funnel)[0];
  const funnel = funnelId ? funnels.find((f) => f.id === funnelId) : undefined;
  const fromFunnel = funnel && Array.isArray(funnel.query.steps) ? (funnel.query.steps as { event?: unknown }[]).map((s) => String(s.event ?? "")) : [];
  const typed = all(search.events).flatMap((text) => text.split(/\r?\n/));
  const requested = cleanSteps(funnel ? fromFunnel : typed.length ? typed : all(search.step));
  const steps = requested.slice(0, MAX_STEPS);

  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <p className="text-sm">
          <Link href={`/projects/${project.id}/data-quality`} className="text-indigo-700 hover:underline">
            ← Data quality
          </Link>
        </p>
        <h1 className="text-2xl font-semibold tracking-tight">Test your tracking</h1>
        <p className="text-sm text-slate-500">Pick the steps of a critical path, start the test, and perform them: each step ticks as its event arrives, with what the tracking plan found wrong.</p>
      </div>

      <Card title="Steps to test" description="A saved funnel's steps, or the events you list.">
        <div className="grid gap-6 md:grid-cols-2">
          <form method="get" className="space-y-2" aria-label="Test a saved funnel">
            <label htmlFor="test-funnel" className="block text-sm font-medium text-slate-800">
              Saved funnel
            </label>
            {funnels.length ? (
              <>
                <select id="test-funnel" name="funnel" defaultValue={funnel?.id ?? ""} className={inputClass}>
                  {funnels.map((f) => (
                    <option key={f.id} value={f.id}>
                      {f.name}
                    </option>
                  ))}
                </select>
                <button type="submit" className={buttonClass("secondary")}>
                  Use this funnel
                </button>
              </>
            ) : (
              <p className="text-sm text-slate-500">
                No saved funnels yet. Build one on the{" "}
                <Link href={`/projects/${project.id}/funnels`} className="text-indigo-700 hover:underline">
                  Funnels
                </Link>{" "}
                page (it links here with its steps), or list the events.
              </p>
            )}
          </form>
          <form method="get" className="space-y-2" aria-label="Test a list of events">
            <label htmlFor="test-events" className="block text-sm font-medium text-slate-800">
              Events, one per line
            </label>
            <textarea id="test-events" name="events" rows={4} defaultValue={funnel ? "" : steps.join("\n")} className={inputClass} placeholder={"$pageview\nSigned Up\nOrder Completed"} />
            <button type="submit" className={buttonClass("secondary")}>
              Use these events
            </button>
          </form>
        </div>
      </Card>

      {requested.length > MAX_STEPS ? <Notice tone="warning">Only the first {MAX_STEPS} steps are tested.</Notice> : null}

      {steps.length ? (
        <Card title={funnel ? `Test mode: ${funnel.name}` : "Test mode"} description={steps.map(eventLabel).join(" → ")}>
          {/* Keyed by the steps: other steps start a fresh test. */}
          <TrackingTest key={steps.join("\n")} projectId={project.id} steps={steps.map((step) => ({ step }))} />
        </Card>
      ) : (
        <p className="rounded-md bg-slate-50 px-4 py-6 text-center text-sm text-slate-600">Choose a saved funnel or list the events to test.</p>
      )}
    </div>
  );
}
