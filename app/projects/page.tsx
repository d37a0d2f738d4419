import type { Metadata } from "next";
import Link from "next/link";
import { TopBar } from "@/components/nav/TopBar";
import { CreateProjectForm } from "@/components/projects/CreateProjectForm";
import { Card } from "@/components/ui/Card";
import { requireUser } from "@/lib/auth";
import { listProjects, timeZoneNames } from "@/lib/projects";

export const metadata: Metadata = { title: "Projects" };
export const dynamic = "force-dynamic";

export default async function ProjectsPage() {
  const user = await requireUser("/projects");
  const projects = await listProjects(user.id);
  return (
    <>
      <TopBar email={user.email} />
      <main className="mx-auto grid max-w-7xl gap-6 px-4 py-8 sm:px-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <h1 className="mb-4 text-2xl font-semibold tracking-tight">Projects</h1>
          {projects.length ? (
            <ul className="divide-y divide-slate-200 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
              {projects.map((p) => (
                <li key={p.id}>
                  <Link href={`/projects/${p.id}/overview`} className="flex items-center justify-between gap-4 px-5 py-4 hover:bg-slate-50">
                    <span>
                      <span className="block font-medium text-slate-900">{p.name}</span>
                      <span className="block text-xs text-slate-500">
                        {p.timezone} · {p.role}
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
            <div className="rounded-xl border-2 border-dashed border-slate-300 p-10 text-center">
              <p className="font-medium text-slate-900">No projects yet</p>
              <p className="mt-1 text-sm text-slate-500">Create one to get a write key and start sending events.</p>
            </div>
          )}
        </div>
        <Card title="New project" description="One project per product or site: each has its own keys and data.">
          <CreateProjectForm zones={timeZoneNames()} />
        </Card>
      </main>
    </>
  );
}
