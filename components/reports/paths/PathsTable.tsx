// The paths as tables: the busiest transitions between steps, and the events
// at each step. The same numbers as the Sankey diagram, for every reader.
import type { PathsResult } from "@/lib/query/paths";
import { eventLabel, formatCount, formatPercent } from "../format";

const name = eventLabel;

export function PathsTable({ result, limit = 25 }: { result: PathsResult; limit?: number }) {
  const nodes = new Map(result.nodes.map((n) => [n.id, n]));
  const links = result.links.slice(0, limit);
  return (
    <div className="relative overflow-x-auto">
      <table className="min-w-full text-left text-sm">
        <caption className="mb-2 text-left text-sm text-slate-500">
          The {links.length} busiest transitions{result.links.length > links.length ? ` of ${result.links.length}` : ""}.
        </caption>
        <thead className="text-xs text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">
              Steps
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              From
            </th>
            <th scope="col" className="py-2 pr-4 font-medium">
              To
            </th>
            <th scope="col" className="py-2 pr-4 text-right font-medium">
              Persons
            </th>
            <th scope="col" className="py-2 text-right font-medium">
              Of “from”
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {links.map((link) => {
            const from = nodes.get(link.from);
            const to = nodes.get(link.to);
            return (
              <tr key={`${link.from}>${link.to}`}>
                <td className="py-2 pr-4 whitespace-nowrap text-slate-500 tabular-nums">
                  {from?.step} → {to?.step}
                </td>
                <td className="max-w-[14rem] truncate py-2 pr-4 font-medium text-slate-900">{name(from?.event ?? link.from)}</td>
                <td className="max-w-[14rem] truncate py-2 pr-4 font-medium text-slate-900">{name(to?.event ?? link.to)}</td>
                <td className="py-2 pr-4 text-right tabular-nums">{formatCount(link.users)}</td>
                <td className="py-2 text-right tabular-nums text-slate-500">{from ? formatPercent(link.users / from.users) : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function StepsTable({ result }: { result: PathsResult }) {
  const steps = Math.max(0, ...result.nodes.map((n) => n.step));
  return (
    <div className="grid gap-5 sm:grid-cols-2">
      {Array.from({ length: steps }, (_, i) => {
        const nodes = result.nodes.filter((n) => n.step === i + 1);
        const total = nodes.reduce((s, n) => s + n.users, 0);
        return (
          <table key={i} className="text-left text-sm">
            <caption className="text-left text-xs font-semibold tracking-wide text-slate-500 uppercase">
              Step {i + 1} · {formatCount(total)}
            </caption>
            <tbody className="divide-y divide-slate-100">
              {nodes.map((n) => (
                <tr key={n.id}>
                  <th scope="row" className="max-w-[10rem] truncate py-1 pr-2 font-normal text-slate-700">
                    {name(n.event)}
                  </th>
                  <td className="py-1 text-right tabular-nums text-slate-900">{formatCount(n.users)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </div>
  );
}
