import type { Metadata } from "next";
import { BoardList } from "@/components/boards/BoardList";
import { ReportHeader } from "@/components/reports/Layout";
import { can } from "@/lib/auth";
import { listBoards } from "@/lib/boards";
import { projectPageContext } from "@/lib/projects/page";

export const metadata: Metadata = { title: "Boards" };
export const dynamic = "force-dynamic";

export default async function BoardsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await projectPageContext(projectId, `/projects/${projectId}/boards`);
  const boards = await listBoards(project.id);
  return (
    <div className="space-y-6">
      <ReportHeader title="Boards" subtitle="The reports you look at every morning, on one page, shareable." />
      <BoardList projectId={project.id} boards={boards} canEdit={can(project.role, "manage_boards")} />
    </div>
  );
}
