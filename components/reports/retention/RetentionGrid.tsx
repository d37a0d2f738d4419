// Cohorts as a heat map: a row per cohort (its interval and size), a cell per
// period shaded by the share that came back, showing the % and the count.
// Periods that have not begun yet are left empty, not shown as 0%. A cell
// links to its persons (cell=<row start>~<period> in the address).
import { bucketLabel } from "@/lib/query/labels";
import type { RetentionCohort } from "@/lib/query/retention";
import { formatCount } from "../format";
import { ParamLink } from "../ReportNavigation";
import { cellParam, periodStarted } from "./spec";

function shade(percent: number): { background: string; color: string } {
  const alpha = percent <= 0 ? 0 : 0.08 + (Math.min(percent, 100) / 100) * 0.92;
  return { background: `rgba(79, 70, 229, ${alpha.toFixed(3)})`, color: alpha > 0.5 ? "white" : "rgb(30 41 59)" };
}

export function RetentionGrid({
  cohorts,
  periods,
  interval,
  timezone,
  end,
  curve,
  breakdownValue = null,
  selected = null,
}: {
  cohorts: RetentionCohort[];
  periods: number;
  interval: "day" | "week";
  timezone: string;
  end: number;
  curve: { returned: number; of: number; percent: number | null }[];
  /** The breakdown slice this table is (a cohort id or "$none"), carried by its cells' links. */
  breakdownValue?: string | null;
  /** The cell whose persons are shown, highlighted. */
  selected?: { start: string; period: number } | null;
}) {
  const unit = interval === "day" ? "Day" : "Week";
  const total = cohorts.reduce((sum, c) => sum + c.users, 0);
  const cell = "px-2 py-1.5 text-center tabular-nums";
  return (
    <div className="relative overflow-x-auto rounded-lg ring-1 ring-slate-200">
      <table className="min-w-full border-separate border-spacing-0.5 bg-white text-sm">
        <caption className="sr-only">
          Retention by cohort: for each {interval} cohort, the share of its persons who came back in each {interval} after.
        </caption>
        <thead className="text-xs text-slate-500">
          <tr>
            <th scope="col" className="sticky left-0 z-10 bg-white px-3 py-2 text-left font-medium">
              Cohort
            </th>
            <th scope="col" className="px-2 py-2 text-right font-medium">
              Persons
            </th>
            {Array.from({ length: periods }, (_, n) => (
              <th key={n} scope="col" className="px-2 py-2 font-medium whitespace-nowrap">
                {unit} {n}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr className="font-semibold">
            <th scope="row" className="sticky left-0 z-10 bg-white px-3 py-1.5 text-left text-slate-900 whitespace-nowrap">
              All cohorts
            </th>
            <td className="px-2 py-1.5 text-right tabular-nums text-slate-900">{formatCount(total)}</td>
            {curve.map((c, n) =>
              c.percent === null ? (
                <td key={n} className={cell} />
              ) : (
                <td key={n} className={`${cell} rounded`} style={shade(c.percent)} title={`${formatCount(c.returned)} of ${formatCount(c.of)}`}>
                  {c.percent.toFixed(1)}%
                </td>
              ),
            )}
          </tr>
          {cohorts.map((cohort) => (
            <tr key={cohort.start}>
              <th scope="row" className="sticky left-0 z-10 bg-white px-3 py-1.5 text-left font-medium text-slate-700 whitespace-nowrap">
                {bucketLabel(Date.parse(cohort.start), interval, timezone)}
              </th>
              <td className="px-2 py-1.5 text-right tabular-nums text-slate-700">{formatCount(cohort.users)}</td>
              {Array.from({ length: periods }, (_, n) => {
                if (!periodStarted(cohort, n, interval, timezone, end)) {
                  return (
                    <td key={n} className={`${cell} text-slate-300`}>
                      <span aria-hidden>·</span>
                      <span className="sr-only">not yet</span>
                    </td>
                  );
                }
                const count = cohort.returned[n] ?? 0;
                const percent = cohort.users ? (count / cohort.users) * 100 : 0;
                const active = selected !== null && Date.parse(selected.start) === Date.parse(cohort.start) && selected.period === n;
                const label = bucketLabel(Date.parse(cohort.start), interval, timezone);
                return (
                  <td key={n} className={`rounded p-0 text-center tabular-nums ${active ? "ring-2 ring-amber-500 ring-offset-1" : ""}`} style={shade(percent)}>
                    <ParamLink
                      changes={{ cell: cellParam(cohort.start, n), cellValue: breakdownValue }}
                      aria-label={`${formatCount(count)} persons of the ${label} cohort ${n === 0 ? "(all of it)" : `back in ${interval} ${n}`}: list them`}
                      aria-current={active ? "true" : undefined}
                      className="block rounded px-2 py-1.5 hover:outline hover:outline-2 hover:outline-indigo-300 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-500"
                    >
                      <span className="block leading-tight">{percent.toFixed(percent >= 10 || percent === 0 ? 0 : 1)}%</span>
                      <span className="block text-[10px] leading-tight opacity-75">{formatCount(count)}</span>
                    </ParamLink>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
