import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Time } from "@/components/format/Time";
import { formatCount } from "@/components/reports/format";
import { DownloadPersonData, ErasePerson } from "@/components/reports/users/PersonPrivacy";
import { Timeline } from "@/components/reports/users/Timeline";
import { personName } from "@/components/reports/users/UsersTable";
import { Card, Stat } from "@/components/ui/Card";
import { CopyButton } from "@/components/ui/CopyButton";
import { can } from "@/lib/auth/permissions";
import { projectPageContext } from "@/lib/projects/page";
import { reportContext } from "@/lib/query/context";
import { listEvents } from "@/lib/query/events";
import { cohortsOfPerson } from "@/lib/cohorts";
import { personIdOf, userProfile } from "@/lib/query/users";

export const dynamic = "force-dynamic";

type Params = Promise<{ projectId: string; distinctId: string }>;

/** Next hands dynamic segments over still percent-encoded in some versions: decode once, safely. */
function segment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `User ${segment((await params).distinctId)}` };
}

export default async function UserPage({ params }: { params: Params }) {
  const { projectId, distinctId: raw } = await params;
  const distinctId = segment(raw);
  const { project } = await projectPageContext(projectId, `/projects/${projectId}/users/${raw}`);
  const ctx = reportContext(project);
  const profile = await userProfile(ctx, distinctId, 1);
  if (!profile) notFound();
  const page = await listEvents(project.id, { distinctId, limit: 100 });
  const personId = await personIdOf(ctx, distinctId);
  const cohorts = personId === null ? [] : await cohortsOfPerson(project.id, personId);
  const name = personName(profile.properties);
  const properties = Object.entries(profile.properties).sort(([a], [b]) => a.localeCompare(b));

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={`/projects/${project.id}/users`} className="font-medium text-indigo-600 hover:text-indigo-500">
          ← Users
        </Link>
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        <div aria-hidden className="flex h-12 w-12 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-lg font-semibold text-indigo-700 uppercase">
          {(name ?? profile.id).replace(/^\$/, "").slice(0, 1)}
        </div>
        <div className="min-w-0">
          <h1 className="truncate text-2xl font-semibold tracking-tight">{name ?? profile.id}</h1>
          <p className="flex items-center gap-2 text-sm text-slate-500">
            <span className="truncate font-mono" aria-label="Public id">
              {profile.id}
            </span>
            <CopyButton value={profile.id} label="Copy id" />
          </p>
        </div>
        <div className="ml-auto flex flex-wrap gap-2">
          <DownloadPersonData projectId={project.id} distinctId={distinctId} />
          {can(project.role, "delete_data") ? <ErasePerson projectId={project.id} distinctId={distinctId} publicId={profile.id} /> : null}
        </div>
      </div>

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Events" value={formatCount(profile.eventCount)} />
        <Stat label="First seen" value={<span className="text-xl"><Time value={profile.firstSeen} zone={project.timezone} /></span>} />
        <Stat label="Last seen" value={<span className="text-xl"><Time value={profile.lastSeen} zone={project.timezone} /></span>} />
        <Stat label="Distinct ids" value={profile.distinctIds.length} hint="Devices and ids joined by identify or alias" />
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-1">
          <Card title="Properties" description="The person's current properties, from identify and $set.">
            {properties.length ? (
              <table className="w-full text-left text-sm">
                <caption className="sr-only">User properties</caption>
                <tbody className="divide-y divide-slate-100">
                  {properties.map(([key, value]) => (
                    <tr key={key}>
                      <th scope="row" className="py-1.5 pr-3 align-top font-mono text-xs font-normal break-all text-slate-500">
                        {key}
                      </th>
                      <td className="py-1.5 break-all text-slate-900">{typeof value === "string" ? value : JSON.stringify(value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="text-sm text-slate-500">No properties yet. Call identify with traits (email, name, plan) to add some.</p>
            )}
          </Card>
          <Card title="Cohorts" description="The cohorts this person is in, as of each one’s last computation.">
            {cohorts.length ? (
              <ul aria-label="Cohorts of this person" className="space-y-1 text-sm">
                {cohorts.map((c) => (
                  <li key={c.id} className="flex items-baseline justify-between gap-2">
                    <Link href={`/projects/${project.id}/cohorts/${encodeURIComponent(c.id)}`} className="truncate font-medium text-indigo-600 hover:text-indigo-500">
                      {c.name}
                    </Link>
                    <span className="shrink-0 text-xs text-slate-500">{c.kind === "dynamic" ? "Dynamic" : "Static"}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-slate-500">
                Not in any cohort.{" "}
                <Link href={`/projects/${project.id}/cohorts`} className="font-medium text-indigo-600 hover:text-indigo-500">
                  See the cohorts
                </Link>
              </p>
            )}
          </Card>
          <Card title="Distinct ids">
            <ul className="space-y-1">
              {profile.distinctIds.map((id) => (
                <li key={id} className="truncate font-mono text-xs text-slate-700" title={id}>
                  {id}
                  {id === profile.id ? <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 font-sans text-[10px] text-slate-500">public id</span> : null}
                </li>
              ))}
            </ul>
          </Card>
        </div>
        <Card title="Activity" description={`Newest first, in ${project.timezone}. Open an event to see what it carried.`} className="min-w-0 lg:col-span-2">
          {page.events.length ? (
            <Timeline projectId={project.id} distinctId={distinctId} timezone={project.timezone} initial={page.events} nextCursor={page.nextCursor} />
          ) : (
            <p className="text-sm text-slate-500">No events stored for this person.</p>
          )}
        </Card>
      </div>
    </div>
  );
}
