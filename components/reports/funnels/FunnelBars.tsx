// A funnel as bars: each step's users against the first step's, the drop-off
// from the step before (a link that lists who dropped), conversion from the
// start and from the previous step, and the median time it took.
import type { FunnelStep } from "@/lib/query/funnel";
import { eventLabel } from "../format";
import { displayValue, formatCount, formatPercent, humanDuration } from "../format";
import { ParamLink } from "../ReportNavigation";

const HATCH = { backgroundImage: "repeating-linear-gradient(135deg, rgb(254 226 226) 0 6px, rgb(254 202 202) 6px 12px)" };

function dropChanges(step: number, value?: { value: unknown }) {
  return { dropped: step, droppedValue: value ? JSON.stringify(value.value) : null };
}

export function FunnelSummary({ steps }: { steps: FunnelStep[] }) {
  const first = steps[0]?.users ?? 0;
  const last = steps.at(-1)?.users ?? 0;
  const totalMedian = steps.slice(1).every((s) => s.medianSecondsFromPrevious !== null)
    ? steps.slice(1).reduce((sum, s) => sum + (s.medianSecondsFromPrevious ?? 0), 0)
    : null;
  return (
    <dl className="grid gap-3 sm:grid-cols-3">
      <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <dt className="text-sm text-slate-500">Overall conversion</dt>
        <dd className="mt-1 text-3xl font-semibold tabular-nums text-slate-900">{first ? formatPercent(last / first) : "—"}</dd>
      </div>
      <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <dt className="text-sm text-slate-500">Entered → completed</dt>
        <dd className="mt-1 text-3xl font-semibold tabular-nums text-slate-900">
          {formatCount(first)} <span className="text-slate-400">→</span> {formatCount(last)}
        </dd>
      </div>
      <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <dt className="text-sm text-slate-500" title="The sum of each step's median time from the step before">
          Typical time to convert
        </dt>
        <dd className="mt-1 text-3xl font-semibold tabular-nums text-slate-900">{humanDuration(totalMedian)}</dd>
      </div>
    </dl>
  );
}

function DropLink({ step, dropped, users, from, active }: { step: number; dropped: number; users: number; from: number; active: boolean }) {
  if (dropped <= 0) return <span className="text-xs text-slate-400">No drop-off</span>;
  return (
    <ParamLink
      changes={active ? { dropped: null, droppedValue: null } : dropChanges(step)}
      aria-label={`${formatCount(dropped)} ${dropped === 1 ? "person" : "persons"} dropped between step ${step} and step ${step + 1}: ${active ? "hide" : "show"} who`}
      aria-expanded={active}
      className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium focus-visible:outline-2 focus-visible:outline-red-600 ${
        active ? "bg-red-600 text-white" : "text-red-700 hover:bg-red-50"
      }`}
    >
      <span aria-hidden>↘</span> {formatCount(dropped)} dropped ({formatPercent(from ? dropped / from : 0)})
    </ParamLink>
  );
}

export function FunnelBars({ steps, layout, activeDrop }: { steps: FunnelStep[]; layout: "vertical" | "horizontal"; activeDrop: number | null }) {
  const first = Math.max(1, steps[0]?.users ?? 0);
  if (layout === "horizontal") {
    return (
      <ol className="space-y-4" aria-label="Funnel steps">
        {steps.map((step, i) => {
          const previous = i ? steps[i - 1].users : step.users;
          const dropped = previous - step.users;
          return (
            <li key={i} className="grid gap-x-4 gap-y-1 sm:grid-cols-[minmax(8rem,14rem)_1fr_auto] sm:items-center">
              <p className="min-w-0 truncate text-sm font-medium text-slate-900" title={step.label}>
                <span className="mr-1.5 text-slate-400">{i + 1}.</span>
                {eventLabel(step.label)}
              </p>
              <div className="flex h-8 overflow-hidden rounded bg-slate-100" aria-hidden>
                <div className="h-full bg-indigo-600" style={{ width: `${(step.users / first) * 100}%` }} />
                {i ? <div className="h-full" style={{ width: `${(dropped / first) * 100}%`, ...HATCH }} /> : null}
              </div>
              <p className="text-sm tabular-nums text-slate-700 sm:text-right">
                <span className="font-semibold text-slate-900">{formatCount(step.users)}</span> · {formatPercent(step.conversionFromStart)}
              </p>
              {i ? (
                <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500 sm:col-start-2">
                  <span>{formatPercent(step.conversionFromPrevious)} of step {i}</span>
                  <span>median {humanDuration(step.medianSecondsFromPrevious)} from step {i}</span>
                  <DropLink step={i} dropped={dropped} users={step.users} from={previous} active={activeDrop === i} />
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
    );
  }
  return (
    <div className="relative overflow-x-auto pb-2">
      <ol className="flex min-w-full gap-3" aria-label="Funnel steps" style={{ minWidth: `${steps.length * 8.5}rem` }}>
        {steps.map((step, i) => {
          const previous = i ? steps[i - 1].users : step.users;
          const dropped = previous - step.users;
          return (
            <li key={i} className="flex min-w-[8rem] flex-1 flex-col">
              <p className="truncate text-sm font-medium text-slate-900" title={step.label}>
                <span className="mr-1 text-slate-400">{i + 1}.</span>
                {eventLabel(step.label)}
              </p>
              <div className="mt-2 flex h-56 flex-col justify-end rounded bg-slate-50" aria-hidden>
                {i ? <div style={{ height: `${(dropped / first) * 100}%`, ...HATCH }} className="rounded-t" /> : null}
                <div className={`bg-indigo-600 ${i && dropped > 0 ? "" : "rounded-t"}`} style={{ height: `${(step.users / first) * 100}%` }} />
              </div>
              <p className="mt-2 text-lg font-semibold tabular-nums text-slate-900">
                {formatCount(step.users)} <span className="text-sm font-normal text-slate-500">{formatPercent(step.conversionFromStart)}</span>
              </p>
              {i ? (
                <div className="space-y-0.5 text-xs text-slate-500">
                  <p>{formatPercent(step.conversionFromPrevious)} of step {i}</p>
                  <p>median {humanDuration(step.medianSecondsFromPrevious)}</p>
                  <DropLink step={i} dropped={dropped} users={step.users} from={previous} active={activeDrop === i} />
                </div>
              ) : (
                <p className="text-xs text-slate-500">entered the funnel</p>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** One row per breakdown value: users per step, conversion, and each drop-off as a link. */
export function FunnelBreakdownTable({
  breakdowns,
  steps,
  active,
  valueLabel = displayValue,
}: {
  breakdowns: { value: unknown; steps: FunnelStep[] }[];
  steps: FunnelStep[];
  active: { step: number | null; value: string | null };
  /** How a breakdown value reads (a cohort's name for its id). */
  valueLabel?: (value: unknown) => string;
}) {
  return (
    <div className="relative overflow-x-auto rounded-lg ring-1 ring-slate-200">
      <table className="min-w-full text-left text-sm">
        <caption className="sr-only">Funnel by breakdown value</caption>
        <thead className="bg-slate-50 text-xs text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Value
            </th>
            {steps.map((s, i) => (
              <th key={i} scope="col" className="px-3 py-2 text-right font-medium whitespace-nowrap">
                {i + 1}. {eventLabel(s.label)}
              </th>
            ))}
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Conversion
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 bg-white">
          {breakdowns.map((b) => {
            const key = JSON.stringify(b.value);
            return (
              <tr key={key}>
                <th scope="row" className="max-w-[14rem] truncate px-3 py-2 font-medium text-slate-900" title={valueLabel(b.value)}>
                  {valueLabel(b.value)}
                </th>
                {b.steps.map((s, i) => {
                  const dropped = i ? b.steps[i - 1].users - s.users : 0;
                  const isActive = active.step === i && active.value === key;
                  return (
                    <td key={i} className="px-3 py-2 text-right tabular-nums whitespace-nowrap">
                      <span className="font-medium text-slate-900">{formatCount(s.users)}</span>
                      {i ? <span className="ml-1 text-xs text-slate-500">{formatPercent(s.conversionFromPrevious)}</span> : null}
                      {i && dropped > 0 ? (
                        <ParamLink
                          changes={isActive ? { dropped: null, droppedValue: null } : dropChanges(i, { value: b.value })}
                          aria-label={`${formatCount(dropped)} with ${valueLabel(b.value)} dropped between step ${i} and step ${i + 1}`}
                          className={`ml-2 rounded px-1 text-xs font-medium ${isActive ? "bg-red-600 text-white" : "text-red-700 hover:bg-red-50"}`}
                        >
                          −{formatCount(dropped)}
                        </ParamLink>
                      ) : null}
                    </td>
                  );
                })}
                <td className="px-3 py-2 text-right font-semibold tabular-nums">{b.steps[0].users ? formatPercent(b.steps.at(-1)!.users / b.steps[0].users) : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
