import Link from "next/link";
import { Card } from "@/components/ui/Card";
import type { TopRow } from "@/lib/query";

const number = new Intl.NumberFormat("en-US");
const regions = new Intl.DisplayNames(["en"], { type: "region" });

/** "DE" -> "Germany" (flag emoji are left out: Windows and many Linux desktops draw them as letters). */
export function countryLabel(code: string): string {
  try {
    return regions.of(code) ?? code;
  } catch {
    return code;
  }
}

interface TopTableProps {
  title: string;
  /** The column heading of the values: "Path", "Country"... */
  valueHeading: string;
  rows: TopRow[];
  format?: (value: string) => string;
  /** Where a row leads: the report whose total is the row's number. */
  hrefOf: (value: string) => string;
  empty: string;
}

/** One of the Overview's "top" lists: a bar per value, sized by visitors; each value opens its report. */
export function TopTable({ title, valueHeading, rows, format = (v) => v, hrefOf, empty }: TopTableProps) {
  const max = Math.max(1, ...rows.map((r) => r.users));
  return (
    <Card title={title}>
      {rows.length ? (
        <table className="w-full table-fixed text-sm">
          <caption className="sr-only">{title}</caption>
          <thead className="text-xs text-slate-500">
            <tr>
              <th scope="col" className="pb-1 pl-2 text-left font-medium">
                {valueHeading}
              </th>
              <th scope="col" className="w-20 pb-1 text-right font-medium" title="Unique users with a page view in the range">
                Visitors
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.value}>
                <td className="relative py-0.5 pr-3">
                  <span aria-hidden className="absolute inset-y-1 left-0 rounded bg-indigo-50" style={{ width: `${(row.users / max) * 100}%` }} />
                  <Link
                    href={hrefOf(row.value)}
                    title={row.value}
                    className="relative block truncate rounded px-2 py-1 text-slate-800 hover:bg-indigo-100/50 hover:text-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
                  >
                    {format(row.value)}
                  </Link>
                </td>
                <td className="py-0.5 text-right tabular-nums text-slate-600" title={`${number.format(row.events)} page views`}>
                  {number.format(row.users)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="text-sm text-slate-500">{empty}</p>
      )}
    </Card>
  );
}
