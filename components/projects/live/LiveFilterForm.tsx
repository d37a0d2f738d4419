import Link from "next/link";
import { buttonClass } from "@/components/ui/Button";
import { inputClass } from "@/components/ui/Field";
import type { LiveFilters } from "../LiveEvents";
import { liveHref } from "./liveEvent";

/**
 * The Live page's filters, as a plain GET form: applying one is a new address
 * (?event=&distinctId=), so a filtered view can be bookmarked or shared.
 */
export function LiveFilterForm({ projectId, filters, eventNames }: { projectId: string; filters: LiveFilters; eventNames: string[] }) {
  const filtered = Boolean(filters.event || filters.distinctId);
  return (
    <form method="get" action={liveHref(projectId, {})} role="search" aria-label="Filter live events" className="flex flex-wrap items-end gap-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <div className="min-w-0 flex-1 basis-48 space-y-1">
        <label htmlFor="live-event" className="block text-sm font-medium text-slate-800">
          Event
        </label>
        <input id="live-event" name="event" list="live-event-names" defaultValue={filters.event ?? ""} maxLength={200} placeholder="Any event" className={inputClass} />
      </div>
      {/* Outside the field's box: a last child there would take the spacing meant for the input. */}
      <datalist id="live-event-names">
        {eventNames.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <div className="min-w-0 flex-1 basis-48 space-y-1">
        <label htmlFor="live-person" className="block text-sm font-medium text-slate-800">
          Person (any of their distinct ids)
        </label>
        <input id="live-person" name="distinctId" defaultValue={filters.distinctId ?? ""} maxLength={200} placeholder="Anyone" className={`${inputClass} font-mono`} />
      </div>
      <div className="flex gap-2">
        <button type="submit" className={buttonClass("primary")}>
          Filter
        </button>
        {filtered ? (
          <Link href={liveHref(projectId, {})} className={buttonClass("ghost")}>
            Clear
          </Link>
        ) : null}
      </div>
    </form>
  );
}
