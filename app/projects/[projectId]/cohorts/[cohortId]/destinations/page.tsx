// A cohort's webhook destinations (API.md 5, docs/cohorts.md "Sync to marketing
// tools"): where its members are synced, every delivery's status, adding and
// removing one, and a receiver to start from.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/Card";
import { CopyField } from "@/components/ui/CopyButton";
import { can } from "@/lib/auth/permissions";
import { getCohort, type CohortDetail } from "@/lib/cohorts";
import { listDestinations } from "@/lib/cohorts/sync";
import { NODE_RECEIVER_EXAMPLE } from "@/lib/cohorts/sync/receiverExample";
import { ApiError } from "@/lib/http/errors";
import { projectPageContext } from "@/lib/projects/page";
import { AddDestination, DestinationList } from "./Destinations";

export const metadata: Metadata = { title: "Cohort destinations" };
export const dynamic = "force-dynamic";

type Params = Promise<{ projectId: string; cohortId: string }>;

const SAMPLE_BODY = `{"cohort": {"id": "…", "name": "…"}, "computedAt": "2026-12-05T12:00:00.000Z",
 "action": "changes",
 "added": [{"distinctId": "user-42", "distinctIds": ["anon-9", "user-42"], "properties": {"plan": "pro"}}],
 "removed": []}`;

export default async function CohortDestinationsPage({ params }: { params: Params }) {
  const { projectId, cohortId } = await params;
  const { project } = await projectPageContext(projectId, `/projects/${projectId}/cohorts/${cohortId}/destinations`);
  let cohort: CohortDetail;
  try {
    cohort = await getCohort(project.id, cohortId);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  }
  const destinations = await listDestinations(project.id, cohort.id);
  const canManage = can(project.role, "manage_cohorts");

  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <Link href={`/projects/${project.id}/cohorts/${cohort.id}`} className="text-sm text-indigo-700 hover:underline">
          ← {cohort.name}
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">Sync to marketing tools</h1>
        <p className="mt-1 text-sm text-slate-600">
          Each destination is a webhook: it gets every member of <span className="font-medium text-slate-900">{cohort.name}</span> first, then after each
          computation only who joined and who left. Requests carry at most 1,000 persons, are signed, and are retried with backoff until they get through, in order.
        </p>
      </div>

      <Card title="Destinations" description="The latest deliveries of each, newest first.">
        <DestinationList projectId={project.id} cohortId={cohort.id} destinations={destinations} zone={project.timezone} canManage={canManage} />
      </Card>

      {canManage ? (
        <Card title="Add a destination" description="An http:// or https:// URL that answers 2xx once it has stored a request.">
          <AddDestination projectId={project.id} cohortId={cohort.id} />
        </Card>
      ) : (
        <p className="text-sm text-slate-500">Your role can see destinations but not change them.</p>
      )}

      <Card title="Receive it" description="Every request is a POST of JSON like this one, with X-Crumbtrail-Signature: sha256=<hex HMAC-SHA256 of the body> under the destination's secret.">
        <div className="space-y-4">
          <CopyField label="Example body" value={SAMPLE_BODY} multiline />
          <div>
            <p className="mb-1.5 text-sm font-medium text-slate-800">A Node receiver that checks the signature</p>
            <CopyField label="Node receiver" value={NODE_RECEIVER_EXAMPLE} multiline />
          </div>
          <p className="text-xs text-slate-500">
            A request may arrive twice (after a timeout, or a restart mid-send): X-Crumbtrail-Delivery names it, so a receiver can drop a repeat.
          </p>
        </div>
      </Card>
    </div>
  );
}
