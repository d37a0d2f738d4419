import type { Metadata } from "next";
import { LiveEvents } from "@/components/projects/LiveEvents";
import { projectPageContext } from "@/lib/projects/page";

export const metadata: Metadata = { title: "Live" };
export const dynamic = "force-dynamic";

export default async function LivePage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await projectPageContext(projectId, `/projects/${projectId}/live`);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Live events</h1>
        <p className="text-sm text-slate-500">The newest events, refreshed every two seconds. Open one to see everything it carried.</p>
      </div>
      <LiveEvents projectId={project.id} timezone={project.timezone} />
    </div>
  );
}
