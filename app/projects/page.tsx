import type { Metadata } from "next";
import Link from "next/link";
import { TopBar } from "@/components/nav/TopBar";
import { CreateProjectForm } from "@/components/projects/CreateProjectForm";
import { RoleBadge } from "@/components/teams/RoleBadge";
import { Card } from "@/components/ui/Card";
import { can, requireUser } from "@/lib/auth";
import { timeZoneNames } from "@/lib/projects";
import { listOrganizations } from "@/lib/teams";

export const metadata: Metadata = { title: "Projects" };
export const dynamic = "force-dynamic";

export default async function ProjectsPage() {
  const user = await requireUser("/projects");
  const organizations = await listOrganizations(user.id);
  const projectCount = organizations.reduce((n, o) => n + o.projects.length, 0);
  // Only organizations where your role lets you create projects are offered.
  const creatable = organizations.filter((o) => can(o.role, "create_project"));
  return (
    <>
      <TopBar email={user.email} />
      <main className="mx-auto grid max-w-7xl gap-6 px-4 py-8 sm:px-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <h1 className="text-2xl font-semibold tracking-tight">Projects</h1>
          {projectCount === 0 ? (
            <div className="rounded-xl border-2 border-dashed border-slate-300 p-10 text-center">
              <p className="font-medium text-slate-900">No projects yet</p>
              <p className="mt-1 text-sm text-slate-500">Create one to get a write key and start sending events.</p>
            </div>
          ) : null}
          {organizations.map((org) => (
            <section key={org.id} aria-labelledby={`org-${org.id}`} className="space-y-2">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h2 id={`org-${org.id}`} className="flex items-center gap-2 text-sm font-semibold text-slate-700">
                  {org.name} <RoleBadge role={org.role} />
                </h2>
                <Link href={`/organizations/${org.id}/settings`} className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
                  {can(org.role, "manage_members") ? "Members & invitations" : "Members"}
                  <span className="sr-only"> of {org.name}</span>
                </Link>
              </div>
              {org.projects.length ? (
                <ul className="divide-y divide-slate-200 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
                  {org.projects.map((p) => (
                    <li key={p.id}>
                      <Link href={`/projects/${p.id}/overview`} className="flex items-center justify-between gap-4 px-5 py-4 hover:bg-slate-50">
                        <span>
                          <span className="block font-medium text-slate-900">{p.name}</span>
                          <span className="block text-xs text-slate-500">
                            {p.timezone} · {org.role}
                          </span>
                        </span>
                        <span aria-hidden className="text-slate-400">
                          →
                        </span>
                      </Link>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="rounded-xl bg-white px-5 py-4 text-sm text-slate-500 ring-1 ring-slate-200">
                  No projects in this organization yet.{can(org.role, "create_project") ? " Create one on the right." : ""}
                </p>
              )}
            </section>
          ))}
        </div>
        <Card title="New project" description="One project per product or site: each has its own keys and data.">
          <CreateProjectForm zones={timeZoneNames()} organizations={creatable.map((o) => ({ id: o.id, name: o.name }))} />
        </Card>
      </main>
    </>
  );
}
