// The trends numbers as a table: a row per series (and breakdown value), the
// total over the range, the previous period's when compared, then each bucket.
import { color } from "@/components/charts/palette";
import { formatNumber, formatPercent } from "../format";

export interface TrendsRow {
  name: string;
  colorIndex: number;
  total: number;
  previousTotal?: number;
  values: number[];
}

export function change(current: number, previous: number | undefined): { text: string; tone: "up" | "down" | "flat" } | null {
  if (previous === undefined) return null;
  if (previous === 0) return current === 0 ? { text: "no change", tone: "flat" } : { text: "new", tone: "up" };
  const ratio = (current - previous) / previous;
  if (Math.abs(ratio) < 0.0005) return { text: "no change", tone: "flat" };
  return { text: `${ratio > 0 ? "▲" : "▼"} ${formatPercent(Math.abs(ratio))}`, tone: ratio > 0 ? "up" : "down" };
}

const TONE = { up: "text-emerald-700", down: "text-red-700", flat: "text-slate-500" };

export function ChangeBadge({ current, previous }: { current: number; previous?: number }) {
  const c = change(current, previous);
  if (!c) return null;
  return <span className={`text-xs font-medium ${TONE[c.tone]}`}>{c.text}</span>;
}

export function TrendsTotals({ rows, compare }: { rows: TrendsRow[]; compare: boolean }) {
  return (
    <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-label="Totals over the range">
      {rows.slice(0, 12).map((row) => (
        <li key={row.name} className="min-w-0 rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200">
          <p className="flex items-center gap-2 text-xs font-medium text-slate-500">
            <span aria-hidden className="h-2.5 w-2.5 shrink-0 rounded-sm" style={{ background: color(row.colorIndex) }} />
            <span className="truncate" title={row.name}>
              {row.name}
            </span>
          </p>
          <p className="mt-1 flex items-baseline gap-2">
            <span className="text-2xl font-semibold tabular-nums text-slate-900">{formatNumber(row.total)}</span>
            {compare ? <ChangeBadge current={row.total} previous={row.previousTotal} /> : null}
          </p>
          {compare && row.previousTotal !== undefined ? <p className="text-xs text-slate-500">Previous period: {formatNumber(row.previousTotal)}</p> : null}
        </li>
      ))}
    </ul>
  );
}

export function TrendsTable({ rows, labels, compare, caption }: { rows: TrendsRow[]; labels: string[]; compare: boolean; caption: string }) {
  return (
    <div className="relative overflow-x-auto rounded-lg ring-1 ring-slate-200">
      <table className="min-w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-xs text-slate-500">
          <tr>
            <th scope="col" className="sticky left-0 z-10 bg-slate-50 px-3 py-2 font-medium">
              Series
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Total
            </th>
            {compare ? (
              <>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  Previous
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  Change
                </th>
              </>
            ) : null}
            {labels.map((label, i) => (
              <th key={i} scope="col" className="px-3 py-2 text-right font-medium whitespace-nowrap">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 bg-white">
          {rows.map((row) => (
            <tr key={row.name}>
              <th scope="row" className="sticky left-0 z-10 max-w-[16rem] bg-white px-3 py-2 font-medium text-slate-900">
                <span className="flex items-center gap-2">
                  <span aria-hidden className="h-2.5 w-2.5 shrink-0 rounded-sm" style={{ background: color(row.colorIndex) }} />
                  <span className="truncate" title={row.name}>
                    {row.name}
                  </span>
                </span>
              </th>
              <td className="px-3 py-2 text-right font-semibold tabular-nums">{formatNumber(row.total)}</td>
              {compare ? (
                <>
                  <td className="px-3 py-2 text-right tabular-nums text-slate-600">{row.previousTotal === undefined ? "—" : formatNumber(row.previousTotal)}</td>
                  <td className="px-3 py-2 text-right whitespace-nowrap">
                    <ChangeBadge current={row.total} previous={row.previousTotal} />
                  </td>
                </>
              ) : null}
              {row.values.map((v, i) => (
                <td key={i} className={`px-3 py-2 text-right tabular-nums ${v === 0 ? "text-slate-400" : "text-slate-700"}`}>
                  {formatNumber(v)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
