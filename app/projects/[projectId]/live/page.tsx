import type { Metadata } from "next";
import { LiveEvents, type LiveFilters } from "@/components/projects/LiveEvents";
import { LiveFilterForm } from "@/components/projects/live/LiveFilterForm";
import { projectPageContext } from "@/lib/projects/page";
import { reportContext } from "@/lib/query/context";
import { catalogPage } from "@/lib/query/properties";

export const metadata: Metadata = { title: "Live" };
export const dynamic = "force-dynamic";

/** Event names the filter suggests: the most sent first. */
const SUGGESTED_EVENTS = 200;

/** A filter from the address: trimmed, empty as none; the API's own limit of 200 characters cuts a longer one. */
function filterParam(value: string | string[] | undefined): string | null {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text ? text.slice(0, 200) : null;
}

export default async function LivePage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { projectId } = await params;
  const search = await searchParams;
  const { project } = await projectPageContext(projectId, `/projects/${projectId}/live`);
  const filters: LiveFilters = { event: filterParam(search.event), distinctId: filterParam(search.distinctId) };
  const { items } = await catalogPage(reportContext(project), "events", { limit: SUGGESTED_EVENTS });
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Live events</h1>
        <p className="text-sm text-slate-500">The newest events, refreshed every two seconds. Open one to see everything it carried.</p>
      </div>
      <LiveFilterForm projectId={project.id} filters={filters} eventNames={items.map((e) => e.name)} />
      {/* Keyed by the filters: another filter starts a fresh list instead of mixing in the last one's events. */}
      <LiveEvents key={`${filters.event ?? ""}\n${filters.distinctId ?? ""}`} projectId={project.id} timezone={project.timezone} filters={filters} />
    </div>
  );
}
