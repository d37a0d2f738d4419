import type { Metadata } from "next";
import Link from "next/link";
import { Time } from "@/components/format/Time";
import { DeleteProject } from "@/components/settings/DeleteProject";
import { ProjectForm } from "@/components/settings/ProjectForm";
import { RotateWriteKey } from "@/components/settings/RotateWriteKey";
import { SecretKeys } from "@/components/settings/SecretKeys";
import { StorageCard } from "@/components/settings/StorageCard";
import { RoleBadge } from "@/components/teams/RoleBadge";
import { buttonClass } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import { CopyField } from "@/components/ui/CopyButton";
import { can } from "@/lib/auth";
import { defaultRecomputeMs } from "@/lib/cohorts/recomputeInterval";
import { config } from "@/lib/config";
import { requestOrigin } from "@/lib/http/origin";
import { listSecretKeys, timeZoneNames } from "@/lib/projects";
import { projectPageContext } from "@/lib/projects/page";
import { curlCommand, htmlSnippet } from "@/lib/projects/snippets";
import { clickHouseShipper } from "@/lib/store";
import { clickHouseStatus } from "@/lib/store/clickhouse/status";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function SettingsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { user, project } = await projectPageContext(projectId, `/projects/${projectId}/settings`);
  const origin = await requestOrigin();
  const keys = can(project.role, "manage_keys") ? await listSecretKeys(user.id, project.id) : null;
  const [clickHouse, backlog] = await Promise.all([clickHouseStatus(project.id), clickHouseShipper()?.backlog(project.id) ?? null]);

  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>

      <Card title="Send events" description="The write key only sends events, so it is safe inside a web page.">
        <div className="space-y-5">
          <div>
            <p className="mb-1.5 text-sm font-medium text-slate-800">Write key</p>
            <CopyField label="Write key" value={project.writeKey} />
          </div>
          <div>
            <p className="mb-1.5 text-sm font-medium text-slate-800">HTML snippet</p>
            <CopyField label="HTML snippet" value={htmlSnippet(origin, project.writeKey)} multiline />
          </div>
          <div>
            <p className="mb-1.5 text-sm font-medium text-slate-800">Test with curl</p>
            <CopyField label="curl command" value={curlCommand(origin, project.writeKey)} multiline />
          </div>
          {can(project.role, "manage_keys") ? <RotateWriteKey projectId={project.id} currentKey={project.writeKey} /> : null}
        </div>
      </Card>

      {keys ? (
        <Card title="Secret keys" description="For servers: read, export and delete this project's data with Authorization: Bearer <key>. Shown once, stored hashed.">
          <SecretKeys
            projectId={project.id}
            zone={project.timezone}
            keys={keys.map((k) => ({
              id: k.id,
              name: k.name,
              prefix: k.prefix,
              createdAt: k.createdAt.toISOString(),
              lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
              revokedAt: k.revokedAt?.toISOString() ?? null,
            }))}
          />
        </Card>
      ) : null}

      <Card title="Project" description={can(project.role, "change_settings") ? undefined : "Only owners and admins can change these settings."}>
        {can(project.role, "change_settings") ? (
          <ProjectForm
            projectId={project.id}
            name={project.name}
            timezone={project.timezone}
            rateLimit={project.rateLimitPerSecond}
            retentionDays={project.retentionDays}
            cohortRecomputeMinutes={project.cohortRecomputeMinutes}
            defaultCohortRecomputeMinutes={Math.round(defaultRecomputeMs() / 60_000)}
            limits={project.limits}
            zones={timeZoneNames()}
          />
        ) : (
          <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]" aria-label="Project settings">
            <dt className="font-medium text-slate-800">Name</dt>
            <dd className="text-slate-700">{project.name}</dd>
            <dt className="font-medium text-slate-800">Time zone</dt>
            <dd className="text-slate-700">{project.timezone}</dd>
            <dt className="font-medium text-slate-800">Rate limit</dt>
            <dd className="text-slate-700">{project.rateLimitPerSecond ? `${project.rateLimitPerSecond.toLocaleString("en-US")} messages a second` : "No limit"}</dd>
            <dt className="font-medium text-slate-800">Keep events</dt>
            <dd className="text-slate-700">{project.retentionDays ? `${project.retentionDays.toLocaleString("en-US")} days` : "Forever"}</dd>
            <dt className="font-medium text-slate-800">Catalog caps</dt>
            <dd className="text-slate-700">
              {`${project.limits.eventNames.toLocaleString("en-US")} event names, ${project.limits.eventPropertyNames.toLocaleString("en-US")} event property names, ${project.limits.personPropertyNames.toLocaleString("en-US")} user property names`}
            </dd>
          </dl>
        )}
        <p className="mt-4 text-sm text-slate-500">
          Bot traffic filtered out so far: <span className="font-medium tabular-nums text-slate-700">{project.botEventCount.toLocaleString("en-US")}</span>{" "}
          messages (answered, counted, never stored).
        </p>
        <p className="mt-2 text-sm text-slate-500" data-testid="catalog-refusals">
          {project.refused.since ? (
            <>
              Catalog caps: <span className="font-medium tabular-nums text-slate-700">{project.refused.eventNames.toLocaleString("en-US")}</span> event names and{" "}
              <span className="font-medium tabular-nums text-slate-700">{project.refused.propertyNames.toLocaleString("en-US")}</span> property names refused since{" "}
              <Time value={project.refused.since} zone={project.timezone} /> (counted once per message).
            </>
          ) : (
            "Catalog caps: nothing refused so far."
          )}
        </p>
      </Card>

      <StorageCard projectId={project.id} databaseKind={config().databaseKind} clickHouse={clickHouse} backlog={backlog} zone={project.timezone} />

      <Card
        title="Team"
        description={`This project belongs to ${project.organizationName}. Everyone in the organization sees it, with their role there.`}
        actions={
          <Link href={`/organizations/${project.organizationId}/settings`} className={buttonClass("secondary")}>
            {can(project.role, "manage_members") ? "Members & invitations" : "See members"}
          </Link>
        }
      >
        <p className="flex items-center gap-2 text-sm text-slate-600">
          Your role: <RoleBadge role={project.role} />
        </p>
      </Card>

      {can(project.role, "delete_project") ? (
        <section className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-red-200">
          <h2 className="mb-3 text-base font-semibold text-red-700">Danger zone</h2>
          <DeleteProject projectId={project.id} name={project.name} />
        </section>
      ) : null}
    </div>
  );
}
