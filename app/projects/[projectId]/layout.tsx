import Link from "next/link";
import { ProjectNav } from "@/components/nav/ProjectNav";
import { ProjectSwitcher } from "@/components/nav/ProjectSwitcher";
import { TopBar } from "@/components/nav/TopBar";
import { listProjects } from "@/lib/projects";
import { projectPageContext } from "@/lib/projects/page";

export default async function ProjectLayout({ children, params }: { children: React.ReactNode; params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { user, project } = await projectPageContext(projectId, `/projects/${projectId}/overview`);
  const projects = await listProjects(user.id);
  return (
    <>
      <TopBar email={user.email}>
        <Link
          href={`/organizations/${project.organizationId}/settings`}
          className="hidden max-w-[12rem] truncate rounded text-sm text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600 md:inline"
          title={`${project.organizationName}: members and invitations`}
        >
          {project.organizationName}
        </Link>
        <ProjectSwitcher current={project.id} projects={projects.map((p) => ({ id: p.id, name: p.name }))} />
      </TopBar>
      <ProjectNav projectId={project.id} />
      <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6">{children}</main>
    </>
  );
}
