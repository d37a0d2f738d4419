import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { organizationZone } from "@/components/format/time";
import { TopBar } from "@/components/nav/TopBar";
import { AuditLog } from "@/components/teams/AuditLog";
import { Invitations } from "@/components/teams/Invitations";
import { Members } from "@/components/teams/Members";
import { OrganizationForm } from "@/components/teams/OrganizationForm";
import { RoleBadge } from "@/components/teams/RoleBadge";
import { Card } from "@/components/ui/Card";
import { can, requireUser, ROLE_LABELS, ROLES } from "@/lib/auth";
import { listAuditEntries } from "@/lib/audit";
import { mailEnabled } from "@/lib/mail";
import { listInvitations, listMembers, listOrganizations, memberOrganization } from "@/lib/teams";

export const metadata: Metadata = { title: "Organization settings" };
export const dynamic = "force-dynamic";

export default async function OrganizationSettingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgId } = await params;
  const { before } = await searchParams;
  const base = `/organizations/${encodeURIComponent(orgId)}/settings`;
  const user = await requireUser(base);
  const organization = await memberOrganization(user.id, orgId);
  if (!organization) notFound();
  const role = organization.role;

  const [members, invitations, audit, organizations] = await Promise.all([
    listMembers(user.id, organization.id),
    can(role, "manage_members") ? listInvitations(user.id, organization.id) : Promise.resolve(null),
    can(role, "view_audit_log") ? listAuditEntries(user.id, organization.id, { before: typeof before === "string" ? before : undefined }) : Promise.resolve(null),
    listOrganizations(user.id),
  ]);
  const projects = organizations.find((o) => o.id === organization.id)?.projects ?? [];
  const zone = organizationZone(projects.map((p) => p.timezone));

  return (
    <>
      <TopBar email={user.email}>
        <span aria-hidden className="text-slate-300">
          /
        </span>
        <span className="truncate text-sm font-medium text-slate-900">{organization.name}</span>
      </TopBar>
      <main className="mx-auto max-w-4xl space-y-6 px-4 py-8 sm:px-6">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <p className="text-sm">
              <Link href="/projects" className="font-medium text-indigo-600 hover:text-indigo-500">
                ← All projects
              </Link>
            </p>
            <h1 className="mt-1 text-2xl font-semibold tracking-tight">{organization.name}</h1>
          </div>
          <p className="flex items-center gap-2 text-sm text-slate-600">
            Your role: <RoleBadge role={role} />
          </p>
        </div>

        <Card title="Organization" description={`${projects.length} project${projects.length === 1 ? "" : "s"}. Everyone below has their role in each of them.`}>
          {can(role, "change_settings") ? (
            <OrganizationForm organizationId={organization.id} name={organization.name} />
          ) : (
            <p className="text-sm text-slate-600">Only owners and admins can rename the organization.</p>
          )}
          {projects.length ? (
            <ul className="mt-4 flex flex-wrap gap-2">
              {projects.map((p) => (
                <li key={p.id}>
                  <Link
                    href={`/projects/${p.id}/overview`}
                    className="inline-block rounded-md bg-slate-100 px-2.5 py-1 text-sm text-slate-700 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-indigo-600"
                  >
                    {p.name}
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
        </Card>

        <Card title="Members" description={can(role, "manage_members") ? "Change roles, remove people, or transfer ownership." : "Only owners and admins manage members."}>
          <Members
            organizationId={organization.id}
            me={user.id}
            myRole={role}
            zone={zone}
            members={members.map((m) => ({ userId: m.userId, email: m.email, name: m.name, role: m.role, joinedAt: m.joinedAt.toISOString() }))}
          />
          <details className="mt-4 text-sm text-slate-600">
            <summary className="cursor-pointer rounded font-medium text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-600">What each role may do</summary>
            <dl className="mt-2 grid gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]">
              {ROLES.map((r) => (
                <div key={r} className="contents">
                  <dt className="font-medium text-slate-800">{ROLE_LABELS[r].label}</dt>
                  <dd>{ROLE_LABELS[r].summary}</dd>
                </div>
              ))}
            </dl>
          </details>
        </Card>

        {invitations ? (
          <Card title="Invitations" description="Invite people with a link. They sign in or create an account, then join with the role you pick.">
            <Invitations
              organizationId={organization.id}
              myRole={role}
              zone={zone}
              mailEnabled={mailEnabled()}
              invitations={invitations.map((i) => ({ ...i, createdAt: i.createdAt.toISOString(), expiresAt: i.expiresAt.toISOString() }))}
            />
          </Card>
        ) : null}

        {audit ? (
          <div id="audit-log" className="scroll-mt-4">
          <Card title="Audit log" description={`Changes to members, invitations, keys and settings, newest first. Times in each project's time zone (${zone} for the organization's own).`}>
            <AuditLog
              entries={audit.entries}
              projects={new Map(projects.map((p) => [p.id, p.name]))}
              zones={new Map(projects.map((p) => [p.id, p.timezone]))}
              zone={zone}
              olderHref={audit.nextBefore ? `${base}?before=${encodeURIComponent(audit.nextBefore)}#audit-log` : null}
              newestHref={typeof before === "string" && before ? `${base}#audit-log` : null}
            />
          </Card>
          </div>
        ) : null}
      </main>
    </>
  );
}
