// People: the users list (search, sort, pages) and one person's profile.
import { sql } from "kysely";
import { z } from "zod";
import { ApiError } from "../http/errors";
import type { ReportContext } from "./context";
import { cohortsOfQuery, type CohortUsed } from "./cohortsUsed";
import { compileWhere, PERSON_ROW_SOURCES } from "./filters";
import { storedInstant, storedInstantOrNull } from "./instant";
import { jsonColumn } from "./json";
import { isCohortFilter, whereFilterSchema, type WhereFilter } from "./model";
import type { Condition as SqlCondition, QueryDialect } from "./sqlDialect";

export const USER_SORTS = ["lastSeen", "firstSeen", "eventCount"] as const;

export const usersQuerySchema = z.object({
  search: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(100).optional(),
  sort: z.enum(USER_SORTS).default("lastSeen"),
  order: z.enum(["asc", "desc"]).default("desc"),
  /**
   * User-property and cohort filters, as JSON in the query string:
   * [{"property","op","value"}, {"cohort","negate"?}].
   */
  where: z
    .string()
    .max(20_000)
    .optional()
    .transform((text, ctx) => {
      if (!text) return [];
      try {
        return z
          .array(whereFilterSchema)
          .max(20)
          .parse(JSON.parse(text))
          .map((f): WhereFilter => (isCohortFilter(f) ? f : { ...f, scope: "user" }));
      } catch {
        ctx.addIssue({ code: "custom", message: "must be a JSON list of filters" });
        return z.NEVER;
      }
    }),
});

export type UsersQuery = z.output<typeof usersQuerySchema>;

export interface UserSummary {
  id: string;
  distinctIds: string[];
  properties: Record<string, unknown>;
  firstSeen: string | null;
  lastSeen: string | null;
  eventCount: number;
}

export function parseUsersQuery(params: URLSearchParams): UsersQuery {
  const parsed = usersQuerySchema.safeParse(Object.fromEntries(params));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiError(400, "invalid_query", `${issue.path.join(".")} ${issue.message}`);
  }
  return parsed.data;
}

const SORT_COLUMNS = { lastSeen: "last_seen", firstSeen: "first_seen", eventCount: "event_count" } as const;

/** A person's public id: their userId when they have one, else their first anonymous id. */
function publicId(ids: { distinct_id: string; is_user_id: unknown; created_at: number }[]): string {
  const ordered = [...ids].sort((a, b) => Number(a.created_at) - Number(b.created_at) || (a.distinct_id < b.distinct_id ? -1 : 1));
  const user = ordered.find((i) => i.is_user_id === true || Number(i.is_user_id) === 1);
  return (user ?? ordered[0]).distinct_id;
}

async function summaries(ctx: ReportContext, rows: { id: number; properties: unknown; first_seen: number | null; last_seen: number | null; event_count: number }[]): Promise<UserSummary[]> {
  if (!rows.length) return [];
  const ids = await ctx.db
    .selectFrom("person_distinct_ids")
    .select(["person_id", "distinct_id", "is_user_id", "created_at"])
    .where("project_id", "=", ctx.projectId)
    .where("person_id", "in", rows.map((r) => Number(r.id)))
    .execute();
  return rows.map((row) => {
    const own = ids.filter((i) => Number(i.person_id) === Number(row.id));
    const ordered = [...own].sort((a, b) => Number(a.created_at) - Number(b.created_at));
    return {
      id: own.length ? publicId(own) : String(row.id),
      distinctIds: ordered.map((i) => i.distinct_id),
      properties: jsonColumn(row.properties),
      firstSeen: storedInstantOrNull(row.first_seen),
      lastSeen: storedInstantOrNull(row.last_seen),
      eventCount: Number(row.event_count),
    };
  });
}

/** The people behind internal person ids, in the order given (unknown ids are left out). */
export async function usersByPersonIds(ctx: ReportContext, personIds: number[]): Promise<UserSummary[]> {
  if (!personIds.length) return [];
  const rows = await ctx.db
    .selectFrom("persons")
    .select(["id", "properties", "first_seen", "last_seen", "event_count"])
    .where("project_id", "=", ctx.projectId)
    .where("id", "in", personIds)
    .execute();
  const byId = new Map(rows.map((r) => [Number(r.id), { ...r, id: Number(r.id), event_count: Number(r.event_count) }]));
  return summaries(ctx, personIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])));
}

/**
 * A person row `p` one of whose property values or distinct ids contains
 * `text` (case-insensitive): the users list's search, and a cohort's members'.
 */
export function personMatches(dialect: QueryDialect, text: string): SqlCondition {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`(${dialect.anyValueContains(sql.ref("p.properties"), text)}
    OR EXISTS (SELECT 1 FROM person_distinct_ids d WHERE d.project_id = p.project_id AND d.person_id = p.id AND lower(d.distinct_id) LIKE ${pattern} ESCAPE '\\'))`;
}

/**
 * A page of the users list; with cohort filters, `cohortsUsed` names the
 * computation of each (the membership the filter read).
 */
export async function listUsers(ctx: ReportContext, q: UsersQuery): Promise<{ users: UserSummary[]; nextCursor: string | null; cohortsUsed?: CohortUsed[] }> {
  // 400 unknown_cohort before anything is read.
  const cohortsUsed = await cohortsOfQuery(ctx.projectId, { filterLists: [q.where] });
  const offset = q.cursor ? Number.parseInt(Buffer.from(q.cursor, "base64url").toString("utf8"), 10) : 0;
  if (!Number.isSafeInteger(offset) || offset < 0) throw new ApiError(400, "invalid_cursor", "The cursor is not one this API handed out.");
  const column = sql.ref(`p.${SORT_COLUMNS[q.sort]}`);
  const direction = sql.raw(q.order === "asc" ? "ASC" : "DESC");
  const rows = await sql<{ id: number; properties: unknown; first_seen: number | null; last_seen: number | null; event_count: number }>`
    SELECT p.id, p.properties, p.first_seen, p.last_seen, p.event_count
    FROM persons p
    WHERE ${listed(ctx, q)}
    ORDER BY ${column} ${direction} ${sql.raw(ctx.dialect.kind === "postgres" ? (q.order === "asc" ? "NULLS FIRST" : "NULLS LAST") : "")}, p.id ${direction}
    LIMIT ${q.limit + 1} OFFSET ${offset}`.execute(ctx.db);
  const page = rows.rows.slice(0, q.limit);
  return {
    users: await summaries(ctx, page),
    nextCursor: rows.rows.length > q.limit ? Buffer.from(String(offset + q.limit)).toString("base64url") : null,
    ...(cohortsUsed.length ? { cohortsUsed } : {}),
  };
}

/** The persons p the users list shows for these filters and this search. */
function listed(ctx: ReportContext, q: Pick<UsersQuery, "where" | "search">): SqlCondition {
  return sql`p.project_id = ${ctx.projectId}
      AND ${compileWhere(ctx.dialect, q.where, PERSON_ROW_SOURCES)}
      ${q.search ? sql`AND ${personMatches(ctx.dialect, q.search)}` : sql``}`;
}

/**
 * Every person the users list shows for these filters and search (all pages),
 * in id order, at most `limit` + 1 of them (the caller tells "too many").
 */
export async function listedPersonIds(ctx: ReportContext, q: Pick<UsersQuery, "where" | "search">, limit: number): Promise<number[]> {
  await cohortsOfQuery(ctx.projectId, { filterLists: [q.where] }); // 400 unknown_cohort, as the list
  const rows = await sql<{ id: number }>`SELECT p.id FROM persons p WHERE ${listed(ctx, q)} ORDER BY p.id LIMIT ${limit + 1}`.execute(ctx.db);
  return rows.rows.map((r) => Number(r.id));
}

/** The person behind a distinct id (any of their ids), or null. */
export async function personIdOf(ctx: Pick<ReportContext, "db" | "projectId">, distinctId: string): Promise<number | null> {
  const row = await ctx.db
    .selectFrom("person_distinct_ids")
    .select("person_id")
    .where("project_id", "=", ctx.projectId)
    .where("distinct_id", "=", distinctId)
    .executeTakeFirst();
  return row ? Number(row.person_id) : null;
}

export interface UserProfile extends UserSummary {
  events: { id: string; event: string; distinctId: string; timestamp: string; properties: Record<string, unknown> }[];
}

/** One person with their latest events (all their distinct ids), or null. */
export async function userProfile(ctx: ReportContext, distinctId: string, eventLimit = 100): Promise<UserProfile | null> {
  const personId = await personIdOf(ctx, distinctId);
  if (personId === null) return null;
  const row = await ctx.db.selectFrom("persons").select(["id", "properties", "first_seen", "last_seen", "event_count"]).where("id", "=", personId).executeTakeFirst();
  if (!row) return null;
  const [summary] = await summaries(ctx, [{ ...row, id: Number(row.id), event_count: Number(row.event_count) }]);
  const events = await ctx.db
    .selectFrom("events")
    .select(["id", "event", "distinct_id", "ts", "properties"])
    .where("project_id", "=", ctx.projectId)
    .where("person_id", "=", personId)
    .orderBy("ts", "desc")
    .orderBy("id", "desc")
    .limit(eventLimit)
    .execute();
  return {
    ...summary,
    events: events.map((e) => ({
      id: String(e.id),
      event: e.event,
      distinctId: e.distinct_id,
      timestamp: storedInstant(e.ts),
      properties: jsonColumn(e.properties),
    })),
  };
}
