import type { Metadata } from "next";
import Link from "next/link";
import { Time } from "@/components/format/Time";
import { AddToPlanButton } from "@/components/plan/AddToPlanButton";
import { PlanEditor } from "@/components/plan/PlanEditor";
import { ReplayButton } from "@/components/plan/ReplayButton";
import { buttonClass } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import { inputClass } from "@/components/ui/Field";
import { Notice } from "@/components/ui/Notice";
import { can } from "@/lib/auth";
import { countQuarantined, getPlan, VIOLATION_TYPES, violations, type ViolationAnswer, type ViolationType } from "@/lib/plan";
import { projectPageContext } from "@/lib/projects/page";

export const metadata: Metadata = { title: "Data quality" };
export const dynamic = "force-dynamic";

const RANGES = { "1h": { label: "Last hour", ms: 3_600_000 }, "24h": { label: "Last 24 hours", ms: 86_400_000 }, "7d": { label: "Last 7 days", ms: 7 * 86_400_000 } } as const;
type RangeKey = keyof typeof RANGES;

const TYPE_LABELS: Record<ViolationType, string> = {
  unplanned_event: "Unplanned event",
  unplanned_property: "Unplanned property",
  missing_required: "Missing required property",
  wrong_type: "Wrong type",
  not_allowed_value: "Value not allowed",
};

type Search = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function DataQualityPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<Search> }) {
  const { projectId } = await params;
  const search = await searchParams;
  const { project } = await projectPageContext(projectId, `/projects/${projectId}/data-quality`);
  const canEdit = can(project.role, "manage_tracking_plan");

  const range: RangeKey = (one(search.range) ?? "") in RANGES ? (one(search.range) as RangeKey) : "7d";
  const event = one(search.event)?.slice(0, 200) || undefined;
  const typeParam = one(search.type);
  const type = VIOLATION_TYPES.find((t) => t === typeParam);
  const now = Date.now();

  const [stored, rows, allRows, quarantined] = await Promise.all([
    getPlan(project.id),
    violations(project.id, { from: now - RANGES[range].ms, to: now, event, type }),
    violations(project.id, { from: now - RANGES[range].ms, to: now }),
    countQuarantined(project.id),
  ]);
  const events = [...new Set(allRows.map((v) => v.event))].sort();

  return (
    <div className="mx-auto max-w-7xl space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Data quality</h1>
          <p className="text-sm text-slate-500">What arrived that the tracking plan did not expect, and what it held back.</p>
        </div>
        <Link href={`/projects/${project.id}/data-quality/test`} className={buttonClass("secondary")}>
          Test your tracking
        </Link>
      </div>

      {stored.version === 0 ? (
        <Notice tone="info">This project has no tracking plan yet: nothing is checked. Write one below, or push one with crumbtrail plan:push.</Notice>
      ) : null}

      <Card title="Violations" description="Each event, property and kind of problem, with how often it happened and the latest samples.">
        <form method="get" className="mb-4 grid gap-3 sm:grid-cols-[repeat(3,minmax(0,1fr))_auto] sm:items-end" aria-label="Filter violations">
          <div className="space-y-1.5">
            <label htmlFor="filter-range" className="block text-sm font-medium text-slate-800">Time</label>
            <select id="filter-range" name="range" defaultValue={range} className={inputClass}>
              {Object.entries(RANGES).map(([key, r]) => (
                <option key={key} value={key}>{r.label}</option>
              ))}
            </select>
          </div>
          <div className="space-y-1.5">
            <label htmlFor="filter-event" className="block text-sm font-medium text-slate-800">Event</label>
            <select id="filter-event" name="event" defaultValue={event ?? ""} className={inputClass}>
              <option value="">All events</option>
              {event && !events.includes(event) ? <option value={event}>{event}</option> : null}
              {events.map((name) => (
                <option key={name} value={name}>{name}</option>
              ))}
            </select>
          </div>
          <div className="space-y-1.5">
            <label htmlFor="filter-type" className="block text-sm font-medium text-slate-800">Kind</label>
            <select id="filter-type" name="type" defaultValue={type ?? ""} className={inputClass}>
              <option value="">All kinds</option>
              {VIOLATION_TYPES.map((t) => (
                <option key={t} value={t}>{TYPE_LABELS[t]}</option>
              ))}
            </select>
          </div>
          <button type="submit" className={buttonClass("secondary")}>Apply</button>
        </form>
        {rows.length ? (
          <ViolationList rows={rows} projectId={project.id} zone={project.timezone} canEdit={canEdit} plan={stored.plan} />
        ) : (
          <p className="rounded-md bg-slate-50 px-4 py-6 text-center text-sm text-slate-600">No violations in this window{event || type ? " for this filter" : ""}.</p>
        )}
      </Card>

      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card title="Tracking plan" description={stored.updatedAt ? <>Version {stored.version}, saved <Time value={stored.updatedAt} zone={project.timezone} /></> : "Not saved yet."}>
          {/* A new version saved elsewhere on the page (add to plan) refills the editor. */}
          <PlanEditor projectId={project.id} plan={stored.plan} version={stored.version} canEdit={canEdit} />
        </Card>
        <Card title="Quarantine" description="Messages the plan blocked, kept 7 days. Replay stores what the plan now allows, once each.">
          <p className="mb-4 text-3xl font-semibold tabular-nums" aria-label="Messages in quarantine">{quarantined.toLocaleString("en-US")}</p>
          {canEdit ? <ReplayButton projectId={project.id} quarantined={quarantined} /> : <p className="text-sm text-slate-500">Only owners and admins can replay.</p>}
        </Card>
      </div>
    </div>
  );
}

function ViolationList({ rows, projectId, zone, canEdit, plan }: { rows: ViolationAnswer[]; projectId: string; zone: string; canEdit: boolean; plan: Awaited<ReturnType<typeof getPlan>>["plan"] }) {
  return (
    <ul className="divide-y divide-slate-200" aria-label="Violations">
      {rows.map((v) => {
        const unplanned = v.type === "unplanned_event" || v.type === "unplanned_property";
        // Planned since (by "add to plan" or an edit): the count is history, the button would do nothing.
        const planned = unplanned && (v.property === null ? Object.hasOwn(plan.events, v.event) : Object.hasOwn(plan.events[v.event]?.properties ?? {}, v.property));
        return (
          <li key={`${v.event}\u0000${v.property ?? ""}\u0000${v.type}`} className="py-3">
            <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
              <div className="min-w-0 break-words">
                <span className="font-medium text-slate-900">{v.event}</span>
                {v.property !== null ? <span className="text-slate-700"> · {v.property}</span> : null}
                <span className="ml-2 inline-block rounded bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-inset ring-amber-200">
                  {TYPE_LABELS[v.type as ViolationType] ?? v.type}
                </span>
              </div>
              <div className="text-sm text-slate-600">
                <span className="tabular-nums">{v.count.toLocaleString("en-US")}×</span>, last <Time value={v.lastSeen} zone={zone} />
              </div>
            </div>
            <div className="mt-2 flex flex-wrap items-start gap-3">
              <details className="min-w-0 flex-1">
                <summary className="cursor-pointer text-sm text-indigo-700">
                  {v.samples.length} sample{v.samples.length === 1 ? "" : "s"} (first seen <Time value={v.firstSeen} zone={zone} />)
                </summary>
                <pre className="mt-2 max-h-80 overflow-auto rounded bg-slate-50 p-3 text-xs whitespace-pre-wrap break-all text-slate-800">
                  {v.samples.map((s) => JSON.stringify(s, null, 2)).join("\n\n")}
                </pre>
              </details>
              {planned ? (
                <span className="text-xs font-medium text-emerald-700">In the plan now</span>
              ) : unplanned && canEdit ? (
                <AddToPlanButton projectId={projectId} plan={plan} event={v.event} property={v.property} samples={v.samples} />
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
