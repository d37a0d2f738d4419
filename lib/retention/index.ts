// Retention (docs/privacy.md): each project with retentionDays set keeps only
// the events of its last N days. Run hourly by the server (./schedule.ts) and
// by `crumbtrail purge`; the SQL is in lib/store/purge.ts.
import { connections } from "../db";
import type { ClickHouseDeleteOutcome } from "../store/clickhouse/mutations";
import { countEventsBefore, purgeEventsBefore } from "../store/purge";
import { deleteProjectEvents, orphanedProjectIds } from "../store/projectData";
import { purgeExpiredQuarantine } from "../store/trackingPlan";

const DAY_MS = 86_400_000;

export { RETENTION_MAX_DAYS, RETENTION_MIN_DAYS, retentionDaysSchema } from "./schema";

/** The moment before which a project keeping `days` days of events drops them. */
export function retentionCutoff(days: number, now: number): number {
  return now - days * DAY_MS;
}

export interface ProjectPurge {
  projectId: string;
  name: string;
  retentionDays: number | null;
  cutoff: string | null;
  /** Deleted, or with dryRun, what would be deleted. */
  events: number;
  /** With CLICKHOUSE_URL set (and not a dry run): whether ClickHouse's copies before the cutoff are gone too. */
  clickhouse?: ClickHouseDeleteOutcome;
}

export interface PurgeSummary {
  projects: ProjectPurge[];
  events: number;
  /** Projects whose deletion had been cut short and was finished now. */
  finishedDeletions: number;
  /** Blocked messages past their 7 days in the tracking plan's quarantine, deleted. */
  quarantined: number;
  dryRun: boolean;
}

export interface PurgeOptions {
  /** Only this project (it is purged by its own retention; none set purges nothing). */
  projectId?: string;
  dryRun?: boolean;
  now?: number;
}

export class RetentionError extends Error {}

export async function purgeExpiredEvents(options: PurgeOptions = {}): Promise<PurgeSummary> {
  const now = options.now ?? Date.now();
  const dryRun = options.dryRun ?? false;
  const projects = await connections().prisma.project.findMany({
    where: options.projectId ? { id: options.projectId } : { retentionDays: { not: null } },
    select: { id: true, name: true, retentionDays: true },
    orderBy: { createdAt: "asc" },
  });
  if (options.projectId && !projects.length) throw new RetentionError(`no project with id ${options.projectId}`);

  const summary: PurgeSummary = { projects: [], events: 0, finishedDeletions: 0, quarantined: 0, dryRun };
  for (const project of projects) {
    const days = project.retentionDays;
    const cutoff = days === null ? null : retentionCutoff(days, now);
    let events = 0;
    let clickhouse: ClickHouseDeleteOutcome | undefined;
    if (cutoff !== null && dryRun) events = await countEventsBefore(project.id, cutoff);
    else if (cutoff !== null) ({ events, clickhouse } = await purgeEventsBefore(project.id, cutoff));
    const purged: ProjectPurge = { projectId: project.id, name: project.name, retentionDays: days, cutoff: cutoff === null ? null : new Date(cutoff).toISOString(), events };
    summary.projects.push(clickhouse ? { ...purged, clickhouse } : purged);
    summary.events += events;
  }
  if (!options.projectId && !dryRun) {
    for (const orphan of await orphanedProjectIds()) {
      await deleteProjectEvents(orphan);
      summary.finishedDeletions += 1;
    }
    summary.quarantined = await purgeExpiredQuarantine(now);
  }
  return summary;
}

function clickHouseClause(outcome: ClickHouseDeleteOutcome | undefined): string {
  if (!outcome) return "";
  return outcome.status === "done" ? "; in ClickHouse too" : `; ClickHouse ${outcome.status}: ${outcome.message}`;
}

/** Whether a purge left something in ClickHouse to say (the server logs it then, even with nothing deleted). */
export function clickHouseUnfinished(summary: PurgeSummary): boolean {
  return summary.projects.some((p) => p.clickhouse !== undefined && p.clickhouse.status !== "done");
}

/** One line a project, then a total: what the CLI prints and the server logs. */
export function purgeSummaryLines(summary: PurgeSummary): string[] {
  const verb = summary.dryRun ? "would delete" : "deleted";
  const lines = summary.projects.map((p) =>
    p.retentionDays === null
      ? `${p.name} (${p.projectId}): keeps events forever, nothing to purge`
      : `${p.name} (${p.projectId}): keeps ${p.retentionDays} day(s); ${verb} ${p.events} event(s) before ${p.cutoff}${clickHouseClause(p.clickhouse)}`,
  );
  if (summary.quarantined) lines.push(`deleted ${summary.quarantined} blocked message(s) kept over 7 days in tracking-plan quarantines`);
  if (summary.finishedDeletions) lines.push(`finished deleting the data of ${summary.finishedDeletions} deleted project(s)`);
  lines.push(
    summary.projects.length
      ? `Purge ${summary.dryRun ? "dry run" : "done"}: ${verb} ${summary.events} event(s) in ${summary.projects.length} project(s).`
      : "Purge done: no project has a retention period set.",
  );
  return lines;
}
