// The audit log, newest first, a page at a time (server component: links page).
import Link from "next/link";
import { Time } from "@/components/format/Time";
import type { AuditEntryView } from "@/lib/audit";

function describe(entry: AuditEntryView, projects: Map<string, string>): string {
  const d = entry.details ?? {};
  const target = entry.target ?? "";
  const project = entry.projectId ? (projects.get(entry.projectId) ?? target) : "";
  switch (entry.action) {
    case "organization.created":
      return `created the organization “${target}”`;
    case "organization.renamed":
      return `renamed the organization from “${String(d.from)}” to “${String(d.to)}”`;
    case "member.joined":
      return `joined as ${String(d.role)}`;
    case "member.role_changed":
      return `changed ${target}'s role from ${String(d.from)} to ${String(d.to)}`;
    case "member.removed":
      return `removed ${target} (${String(d.role)})`;
    case "member.left":
      return "left the organization";
    case "ownership.transferred":
      return `transferred ownership to ${target}`;
    case "invitation.created":
      return `invited ${target === "link" ? "anyone with a link" : target} as ${String(d.role)}`;
    case "invitation.revoked":
      return `revoked the invitation for ${target === "link" ? "a link" : target}`;
    case "key.created":
      return `created the secret key “${target}” in ${project}`;
    case "key.revoked":
      return `revoked the secret key “${target}” in ${project}`;
    case "write_key.rotated":
      return `rotated the write key of ${project} (${String(d.from)}… → ${String(d.to)}…)`;
    case "project.created":
      return `created the project “${target}”`;
    case "project.settings_changed":
      return `changed settings of ${target}: ${Object.entries(d)
        .map(([field, change]) => {
          const c = change as { from?: unknown; to?: unknown };
          const show = (v: unknown) => (v === null || v === undefined ? "none" : String(v));
          return `${field} ${show(c.from)} → ${show(c.to)}`;
        })
        .join(", ")}`;
    case "project.deleted":
      return `deleted the project “${target}”`;
    case "person.erased":
      return `erased a person and their ${Number(d.deletedEvents ?? 0).toLocaleString("en-US")} event(s) in ${project}`;
    default:
      return `${entry.action} ${target}`.trim();
  }
}

export function AuditLog({
  entries,
  projects,
  zones,
  zone,
  olderHref,
  newestHref,
}: {
  entries: AuditEntryView[];
  projects: Map<string, string>;
  /** Each project's time zone: an entry about a project shows in its zone. */
  zones: Map<string, string>;
  /** The zone of entries about the organization itself. */
  zone: string;
  olderHref: string | null;
  newestHref: string | null;
}) {
  if (!entries.length) return <p className="text-sm text-slate-500">Nothing recorded yet. Changes to members, invitations, keys and settings appear here.</p>;
  return (
    <div className="space-y-3">
      <ol className="divide-y divide-slate-100" aria-label="Audit log entries, newest first">
        {entries.map((entry) => (
          <li key={entry.id} className="flex flex-col gap-0.5 py-2.5 text-sm sm:flex-row sm:items-baseline sm:gap-4">
            <Time
              value={entry.createdAt}
              zone={(entry.projectId && zones.get(entry.projectId)) || zone}
              className="shrink-0 text-xs text-slate-500 tabular-nums sm:w-40"
            />
            <span className="min-w-0 text-slate-700">
              <span className="font-medium text-slate-900">{entry.actor?.name || entry.actor?.email || (entry.details?.via === "secret_key" ? "A secret key" : entry.details?.via === "write_key" ? "The write key (Mixpanel’s $delete)" : "Someone (account deleted)")}</span> {describe(entry, projects)}
            </span>
          </li>
        ))}
      </ol>
      {olderHref || newestHref ? (
        <nav aria-label="Audit log pages" className="flex gap-4 text-sm">
          {newestHref ? (
            <Link href={newestHref} className="font-semibold text-indigo-600 hover:text-indigo-500">
              ← Newest
            </Link>
          ) : null}
          {olderHref ? (
            <Link href={olderHref} className="font-semibold text-indigo-600 hover:text-indigo-500">
              Older entries →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
