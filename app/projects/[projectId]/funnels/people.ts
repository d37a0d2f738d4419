// Who dropped out of a funnel. funnelJourneys() (lib/query/funnel.ts) gives
// internal person ids; this maps them to what a person is known by.
//
// STOPGAP, flagged in the report: lib/query/users.ts has the public-id rule
// (userId first, else the first anonymous id) but does not export a lookup by
// person id. Proposed there: `usersByPersonIds(ctx, ids): Promise<UserSummary[]>`
// (its private `summaries()` over persons rows). Until then, the same rule here.
import { parseReport } from "@/lib/query/report";
import type { ReportContext } from "@/lib/query/context";
import { funnelJourneys } from "@/lib/query/funnel";
import { jsonColumn } from "@/lib/query/json";
import type { FunnelQuery } from "@/lib/query/model";

export interface DroppedPerson {
  publicId: string;
  distinctIds: number;
  name: string | null;
  lastSeen: string | null;
}

async function personsByIds(ctx: ReportContext, ids: number[]): Promise<DroppedPerson[]> {
  if (!ids.length) return [];
  const persons = await ctx.db
    .selectFrom("persons")
    .select(["id", "properties", "last_seen"])
    .where("project_id", "=", ctx.projectId)
    .where("id", "in", ids)
    .execute();
  const distinct = await ctx.db
    .selectFrom("person_distinct_ids")
    .select(["person_id", "distinct_id", "is_user_id", "created_at"])
    .where("project_id", "=", ctx.projectId)
    .where("person_id", "in", ids)
    .execute();
  const byPerson = new Map<number, typeof distinct>();
  for (const row of distinct) {
    const list = byPerson.get(Number(row.person_id)) ?? [];
    list.push(row);
    byPerson.set(Number(row.person_id), list);
  }
  const rows = new Map(persons.map((p) => [Number(p.id), p]));
  return ids.flatMap((id) => {
    const own = (byPerson.get(id) ?? []).sort((a, b) => Number(a.created_at) - Number(b.created_at) || (a.distinct_id < b.distinct_id ? -1 : 1));
    if (!own.length) return [];
    const user = own.find((i) => i.is_user_id === true || Number(i.is_user_id) === 1);
    const props = jsonColumn(rows.get(id)?.properties ?? "{}") ?? {};
    const name = [props.name, props.email].find((v) => typeof v === "string" && v) as string | undefined;
    const lastSeen = rows.get(id)?.last_seen;
    return [{ publicId: (user ?? own[0]).distinct_id, distinctIds: own.length, name: name ?? null, lastSeen: lastSeen ? new Date(Number(lastSeen)).toISOString() : null }];
  });
}

/** Persons who reached step `step` (1-based) but not the next, optionally within one breakdown value. */
export async function droppedPersons(
  ctx: ReportContext,
  query: unknown,
  step: number,
  breakdownValue: { value: unknown } | null,
  limit = 100,
): Promise<{ total: number; persons: DroppedPerson[] }> {
  const q = parseReport(query) as FunnelQuery;
  const journeys = await funnelJourneys(ctx, q);
  const wanted = breakdownValue ? JSON.stringify(breakdownValue.value) : null;
  const matching = journeys.filter((j) => {
    if (j.reached !== step) return false;
    if (wanted === null) return true;
    try {
      return JSON.stringify(JSON.parse(j.breakdownKey)) === wanted;
    } catch {
      return false;
    }
  });
  return { total: matching.length, persons: await personsByIds(ctx, matching.slice(0, limit).map((j) => j.personId)) };
}
