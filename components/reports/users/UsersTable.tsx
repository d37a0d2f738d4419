// The users list: sortable by last seen, first seen and event count (headers
// are links that flip the order), each person linking to their profile.
import Link from "next/link";
import { Time } from "@/components/format/Time";
import type { UserSummary } from "@/lib/query/users";
import { formatCount } from "../format";
import { ParamLink } from "../ReportNavigation";

export type UserSort = "lastSeen" | "firstSeen" | "eventCount";

export function personName(properties: Record<string, unknown>): string | null {
  for (const key of ["name", "$name", "email", "$email", "username"]) {
    const v = properties[key];
    if (typeof v === "string" && v.trim()) return v;
  }
  return null;
}

function SortHeader({ label, column, sort, order }: { label: string; column: UserSort; sort: UserSort; order: "asc" | "desc" }) {
  const active = sort === column;
  const next = active && order === "desc" ? "asc" : "desc";
  return (
    <th scope="col" aria-sort={active ? (order === "asc" ? "ascending" : "descending") : "none"} className="py-2 pr-4 text-right font-medium">
      <ParamLink
        changes={{ sort: column === "lastSeen" ? null : column, order: next === "desc" ? null : next, cursor: null }}
        className={`inline-flex items-center gap-1 rounded hover:text-slate-900 ${active ? "text-slate-900" : ""}`}
        aria-label={`Sort by ${label.toLowerCase()}, ${next === "desc" ? "newest or largest first" : "oldest or smallest first"}`}
      >
        {label}
        <span aria-hidden className={active ? "" : "text-slate-300"}>
          {active && order === "asc" ? "▲" : "▼"}
        </span>
      </ParamLink>
    </th>
  );
}

export function UsersTable({ projectId, users, timezone, sort, order }: { projectId: string; users: UserSummary[]; timezone: string; sort: UserSort; order: "asc" | "desc" }) {
  return (
    <div className="relative overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
      <table className="min-w-full text-left text-sm">
        <caption className="sr-only">Users</caption>
        <thead className="border-b border-slate-200 text-xs text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-4 pl-4 font-medium">
              Person
            </th>
            <th scope="col" className="hidden py-2 pr-4 font-medium md:table-cell">
              Ids
            </th>
            <SortHeader label="First seen" column="firstSeen" sort={sort} order={order} />
            <SortHeader label="Last seen" column="lastSeen" sort={sort} order={order} />
            <SortHeader label="Events" column="eventCount" sort={sort} order={order} />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {users.map((u) => {
            const name = personName(u.properties);
            return (
              <tr key={u.id} className="hover:bg-slate-50">
                <td className="max-w-[18rem] py-2.5 pr-4 pl-4">
                  <Link href={`/projects/${projectId}/users/${encodeURIComponent(u.id)}`} className="block min-w-0 focus-visible:outline-2 focus-visible:outline-indigo-600">
                    <span className="block truncate font-medium text-indigo-700 hover:underline">{name ?? u.id}</span>
                    {name ? <span className="block truncate font-mono text-xs text-slate-500">{u.id}</span> : null}
                  </Link>
                </td>
                <td className="hidden py-2.5 pr-4 text-slate-500 tabular-nums md:table-cell">{u.distinctIds.length}</td>
                <td className="py-2.5 pr-4 text-right whitespace-nowrap text-slate-600 tabular-nums"><Time value={u.firstSeen} zone={timezone} /></td>
                <td className="py-2.5 pr-4 text-right whitespace-nowrap text-slate-600 tabular-nums"><Time value={u.lastSeen} zone={timezone} /></td>
                <td className="py-2.5 pr-4 text-right font-medium tabular-nums">{formatCount(u.eventCount)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
