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

/** One of the Overview's "top" lists: a bar per value, sized by unique users. */
export function TopTable({ title, rows, format = (v) => v, empty }: { title: string; rows: TopRow[]; format?: (value: string) => string; empty: string }) {
  const max = Math.max(1, ...rows.map((r) => r.users));
  return (
    <Card title={title}>
      {rows.length ? (
        <table className="w-full text-sm">
          <caption className="sr-only">{title}</caption>
          <thead className="sr-only">
            <tr>
              <th scope="col">Value</th>
              <th scope="col">Users</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.value} className="relative">
                <td className="relative max-w-0 py-1.5 pr-3 pl-2">
                  <span aria-hidden className="absolute inset-y-0.5 left-0 rounded bg-indigo-50" style={{ width: `${(row.users / max) * 100}%` }} />
                  <span className="relative block truncate text-slate-800" title={row.value}>
                    {format(row.value)}
                  </span>
                </td>
                <td className="w-16 py-1.5 text-right tabular-nums text-slate-600" title={`${number.format(row.events)} events`}>
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
