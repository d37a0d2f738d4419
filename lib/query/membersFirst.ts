// A series filtered to a cohort, read from the cohort's members instead of from
// every event of the range. The usual statement reads the range's events by
// (project, event, ts) and tests each one's person against the members: at 1M
// events a cohort of 19k persons cost 528k probes for 57k matching events, and
// the filtered report took 1.7-1.9x the unfiltered one (bench/RESULTS.md).
// Members first, each member's events in the range come from the (project,
// person, ts) index: one seek a member, then only their own events. Which read
// is cheaper depends on the cohort's size against the range, so it is chosen
// per statement from estimates that cost a few index lookups.
import { sql } from "kysely";
import { config } from "../config";
import type { ReportContext } from "./context";
import { isCohortFilter, type CohortFilter, type WhereFilter } from "./model";

/**
 * Relative costs, in index entries read: a seek into the person index per
 * member, against a probe of the members set per event of the range.
 * Measured on the shapes of bench/shapes.mjs (RESULTS.md, issue 20).
 */
const SEEK_COST = 8;
const PROBE_COST = 2;
/** Members sampled for their average event count (the first by id: older persons, so rather more events, so rather events-first). */
const SAMPLE = 256;

/**
 * Whether to read `event` over [from, to) members first, and from which
 * cohort: one that `filters` requires (not a negated one), when its members'
 * events cost less to read than a probe per event of the range. Null: read
 * the range. REPORT_COHORT_READ pins the answer (for tests and benchmarks).
 */
export async function chooseMembersFirst(ctx: ReportContext, filters: WhereFilter[], event: string, from: number, to: number): Promise<string | null> {
  const required = filters.filter((f): f is CohortFilter => isCohortFilter(f) && !f.negate);
  const pinned = config().reportCohortRead;
  if (!required.length || pinned === "range") return null;
  if (pinned === "members") return required[0].cohort;
  const eventsInRange = await estimatedEvents(ctx, event, from, to);
  let best: { cohort: string; cost: number } | null = null;
  for (const filter of required) {
    const cost = await membersCost(ctx, filter.cohort, PROBE_COST * eventsInRange);
    if (cost !== null && (best === null || cost < best.cost)) best = { cohort: filter.cohort, cost };
  }
  return best?.cohort ?? null;
}

/** `filters` without the cohort filter that the members-first read already applies. */
export function filtersBeyondMembers(filters: WhereFilter[], cohort: string): WhereFilter[] {
  const applied = filters.findIndex((f) => isCohortFilter(f) && !f.negate && f.cohort === cohort);
  return filters.filter((_, k) => k !== applied);
}

/**
 * The member id that cuts the cohort's members in two about equal halves, for
 * reading them on two threads: each half then seeks only its own members (the
 * seeks are most of the work, so halves of the time range would not help).
 * Null when it has fewer than `atLeast` members, too few to pay for a split.
 */
export async function medianMember(ctx: ReportContext, cohort: string, atLeast: number): Promise<number | null> {
  const members = await countMembers(ctx, cohort, Number.MAX_SAFE_INTEGER);
  if (members < atLeast) return null;
  const middle = await sql<{ person_id: number | string }>`
    SELECT person_id FROM cohort_members WHERE cohort_id = ${cohort} ORDER BY person_id LIMIT 1 OFFSET ${Math.floor(members / 2)}`.execute(ctx.db);
  return middle.rows.length ? Number(middle.rows[0].person_id) : null;
}

/**
 * Events named `event` in [from, to), assuming the catalog's count is spread
 * evenly between its first and last time seen. Zero when it was never seen.
 */
async function estimatedEvents(ctx: ReportContext, event: string, from: number, to: number): Promise<number> {
  const row = await ctx.db
    .selectFrom("event_definitions")
    .select(["count", "first_seen", "last_seen"])
    .where("project_id", "=", ctx.projectId)
    .where("name", "=", event)
    .executeTakeFirst();
  if (!row) return 0;
  const first = Number(row.first_seen);
  const last = Number(row.last_seen) + 1;
  const overlap = Math.max(0, Math.min(to, last) - Math.max(from, first));
  return (Number(row.count) * overlap) / (last - first);
}

/**
 * What reading the cohort's members' events costs (seeks plus their events,
 * all of them: an upper bound for a range), or null when it is at least
 * `limit`. Members are counted only as far as the limit allows, so a huge
 * cohort costs no more to rule out than a small one.
 */
async function membersCost(ctx: ReportContext, cohort: string, limit: number): Promise<number | null> {
  const sampled = await sql<{ events: number | string | null }>`
    SELECT avg(p.event_count) AS events
    FROM (SELECT person_id FROM cohort_members WHERE cohort_id = ${cohort} LIMIT ${SAMPLE}) s
    JOIN persons p ON p.id = s.person_id`.execute(ctx.db);
  const perMember = SEEK_COST + Number(sampled.rows[0]?.events ?? 0);
  const atMost = Math.floor(limit / perMember);
  if (atMost < 1) return null;
  const members = await countMembers(ctx, cohort, atMost);
  return members >= atMost ? null : members * perMember;
}

/** The cohort's members, counted up to `atMost`. */
async function countMembers(ctx: ReportContext, cohort: string, atMost: number): Promise<number> {
  const counted = await sql<{ n: number | string }>`
    SELECT count(*) AS n FROM (SELECT 1 FROM cohort_members WHERE cohort_id = ${cohort} LIMIT ${atMost}) c`.execute(ctx.db);
  return Number(counted.rows[0]?.n ?? 0);
}
