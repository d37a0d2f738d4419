// Cohorts (API.md 5): named groups of persons, dynamic (a definition evaluated
// at an instant) or static (a list). Membership is stored as of `computedAt`;
// every computation appends to the size history. Callers (API routes, pages)
// have already checked who may do what (lib/auth).
import { z } from "zod";
import { connections } from "../db";
import { ApiError } from "../http/errors";
import { invalidInput, parseInput } from "../http/parse";
import { searchCohortMemberPage } from "../query/cohortMembers";
import { reportContext } from "../query/context";
import { personsOfSource, personsSourceSchema } from "../query/reportPersons";
import { compileCohort, type CohortRef } from "../query/cohorts";
import { queryDialect } from "../query/sqlDialect";
import {
  addCohortMembers,
  cohortIdsOfPerson,
  cohortMemberPage,
  countCohortMembers,
  deleteCohortMembers,
  personIdsOfDistinctIds,
  removeCohortMembers,
  replaceCohortMembers,
  selectCohortPersons,
} from "../store/cohorts";
import { syncAfterComputation } from "./sync";
import { depthOf, groupEntries, isGroup, matchSchema, MAX_DEPTH, referencedCohorts, type Condition, type Group } from "./definition";

export { matchSchema, type Group as CohortMatch } from "./definition";

/** Most persons one static list may name in one request. */
export const MAX_LISTED_IDS = 100_000;
/** Most leaf conditions one computation may expand to (nested cohorts included). */
export const MAX_EXPANDED_CONDITIONS = 500;
/** Size-history points an answer carries (the latest ones). */
export const HISTORY_POINTS = 500;

export type CohortKind = "dynamic" | "static";

export interface CohortSummary {
  id: string;
  name: string;
  kind: CohortKind;
  match: Group | null;
  count: number;
  computedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CohortDetail extends CohortSummary {
  history: { computedAt: string; count: number }[];
}

const nameSchema = z
  .string({ message: "must be a name" })
  .trim()
  .min(1, { message: "must not be empty" })
  .max(100, { message: "must be at most 100 characters" });

const distinctIdsSchema = z
  .array(z.union([z.string(), z.number().finite()], { message: "must be a list of distinct ids" }), { message: "must be a list of distinct ids" })
  .max(MAX_LISTED_IDS, { message: `must list at most ${MAX_LISTED_IDS} ids` });

export const createCohortSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("dynamic"), name: nameSchema, match: matchSchema }),
    z.object({
      kind: z.literal("static"),
      name: nameSchema,
      distinctIds: distinctIdsSchema.default([]),
      csv: z.string().max(20_000_000).optional(),
      /** The persons behind one number of a report ("Save as cohort"), added to the list. */
      from: personsSourceSchema.optional(),
    }),
  ],
  { message: 'must be "dynamic" or "static"' },
);
export type CreateCohortInput = z.output<typeof createCohortSchema>;

export const updateCohortSchema = z.object({ name: nameSchema.optional(), match: matchSchema.optional() }).strict();
export type UpdateCohortInput = z.output<typeof updateCohortSchema>;

export const computeSchema = z
  .object({
    /** The instant membership is evaluated at (default now); never in the future. */
    asOf: z
      .string({ message: "must be an ISO 8601 date" })
      .refine((v) => !Number.isNaN(Date.parse(v)), { message: "must be an ISO 8601 date" })
      .transform((v) => Date.parse(v))
      .optional(),
  })
  .strict();

/** The first problem of a zod parse, as the API's 400. */
export function invalid(error: z.ZodError, code = "invalid_cohort"): ApiError {
  return invalidInput(error, code);
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, code = "invalid_cohort"): z.output<S> {
  return parseInput(schema, input, code);
}

/** Distinct ids as strings (a number id is kept as its text, as at ingestion), trimmed, empties dropped, once each. */
export function cleanDistinctIds(ids: (string | number)[]): string[] {
  const out = new Set<string>();
  for (const id of ids) {
    const text = String(id).trim();
    if (!text) continue;
    if (text.length > 200) throw new ApiError(400, "invalid_distinct_id", "A distinct id is at most 200 characters.");
    out.add(text);
  }
  return [...out];
}

type CohortRow = { id: string; projectId: string; name: string; kind: string; definition: unknown; count: number; computedAt: Date | null; createdAt: Date; updatedAt: Date };

function summary(row: CohortRow): CohortSummary {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as CohortKind,
    match: row.kind === "dynamic" ? storedMatch(row.definition) : null,
    count: row.count,
    computedAt: row.computedAt ? row.computedAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A stored definition, read back through the same schema it was saved with. */
function storedMatch(definition: unknown): Group {
  return matchSchema.parse(definition);
}

function notFound(): ApiError {
  return new ApiError(404, "cohort_not_found", "No such cohort in this project.");
}

/** A cohort id from a URL: never an object Prisma would read as a filter. */
function cohortIdOf(value: string): string {
  if (typeof value !== "string" || !value || value.length > 200) throw notFound();
  return value;
}

async function row(projectId: string, cohortId: string): Promise<CohortRow> {
  const found = await connections().prisma.cohort.findFirst({ where: { id: cohortIdOf(cohortId), projectId } });
  if (!found) throw notFound();
  return found;
}

/** Every cohort of the project, as the compiler sees them. */
async function projectRefs(projectId: string): Promise<Map<string, CohortRef>> {
  const rows = await connections().prisma.cohort.findMany({ where: { projectId }, select: { id: true, kind: true, definition: true } });
  return new Map(rows.map((r): [string, CohortRef] => [r.id, r.kind === "dynamic" ? { kind: "dynamic", match: storedMatch(r.definition) } : { kind: "static" }]));
}

/**
 * Checks that `match` (of cohort `selfId`, null when new) names only cohorts of
 * the project, reaches none of them through a cycle, and stays small once
 * nested cohorts are expanded. Returns the refs the compiler needs.
 */
export function checkReferences(selfId: string | null, match: Group, refs: Map<string, CohortRef>): Map<string, CohortRef> {
  if (depthOf(match) > MAX_DEPTH) throw new ApiError(400, "invalid_cohort", `Groups nest at most ${MAX_DEPTH} deep.`);
  const all = new Map(refs);
  if (selfId) all.set(selfId, { kind: "dynamic", match });
  let expanded = 0;
  const visit = (condition: Condition, path: string[]): void => {
    if (isGroup(condition)) {
      for (const entry of groupEntries(condition).entries) visit(entry, path);
      return;
    }
    expanded += 1;
    if (expanded > MAX_EXPANDED_CONDITIONS) {
      throw new ApiError(400, "cohort_too_complex", `With its nested cohorts this definition has over ${MAX_EXPANDED_CONDITIONS} conditions.`);
    }
    if (condition.type !== "cohort") return;
    const target = all.get(condition.cohortId);
    if (!target) throw new ApiError(400, "unknown_cohort", `No cohort ${JSON.stringify(condition.cohortId)} in this project.`);
    if (path.includes(condition.cohortId)) {
      throw new ApiError(400, "cohort_cycle", "A cohort cannot include itself, directly or through other cohorts.");
    }
    if (target.kind === "dynamic") visit(target.match, [...path, condition.cohortId]);
  };
  visit(match, selfId ? [selfId] : []);
  return all;
}

/** Evaluates a dynamic cohort at `asOf`, stores its members, count and a history point. */
async function computeDynamic(cohort: CohortRow, match: Group, refs: Map<string, CohortRef>, asOf: number): Promise<CohortSummary> {
  const { db, kind, prisma } = connections();
  const condition = compileCohort(queryDialect(kind), { projectId: cohort.projectId, asOf, cohorts: refs }, match, [cohort.id]);
  const personIds = await selectCohortPersons(db, cohort.projectId, condition);
  const count = await replaceCohortMembers(db, cohort.projectId, cohort.id, personIds);
  return recordCount(prisma, cohort.id, count, new Date(asOf));
}

async function recordCount(prisma: ReturnType<typeof connections>["prisma"], cohortId: string, count: number, computedAt: Date): Promise<CohortSummary> {
  const [updated] = await prisma.$transaction([
    prisma.cohort.update({ where: { id: cohortId }, data: { count, computedAt } }),
    prisma.cohortSize.create({ data: { cohortId, count, computedAt } }),
  ]);
  // Every computation (save, on demand, background, a static list changed) brings its webhook destinations up to date.
  await syncAfterComputation(updated.projectId, cohortId);
  return summary(updated);
}

export async function listCohorts(projectId: string): Promise<CohortSummary[]> {
  const rows = await connections().prisma.cohort.findMany({ where: { projectId }, orderBy: [{ name: "asc" }, { id: "asc" }] });
  return rows.map(summary);
}

export async function getCohort(projectId: string, cohortId: string): Promise<CohortDetail> {
  const cohort = await row(projectId, cohortId);
  const sizes = await connections().prisma.cohortSize.findMany({ where: { cohortId: cohort.id }, orderBy: { id: "desc" }, take: HISTORY_POINTS });
  return { ...summary(cohort), history: sizes.reverse().map((s) => ({ computedAt: s.computedAt.toISOString(), count: s.count })) };
}

/** The cohort with its history, or null when the project has no such cohort (for pages: a 404 page, not an error). */
export async function findCohort(projectId: string, cohortId: string): Promise<CohortDetail | null> {
  try {
    return await getCohort(projectId, cohortId);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** Creates a cohort and computes it (a static one: stores its list). */
export async function createCohort(projectId: string, userId: string | null, input: CreateCohortInput, listed: string[] = []): Promise<CohortSummary & { unknownDistinctIds?: string[] }> {
  const { prisma, db } = connections();
  if (input.kind === "dynamic") {
    const refs = checkReferences(null, input.match, await projectRefs(projectId));
    const created = await prisma.cohort.create({ data: { projectId, name: input.name, kind: "dynamic", definition: input.match as object, createdById: userId } });
    return computeDynamic(created, input.match, refs, Date.now());
  }
  const ids = cleanDistinctIds([...input.distinctIds, ...listed]);
  const persons = await personIdsOfDistinctIds(db, projectId, ids);
  // Before the cohort exists: a bad report is a 400 with nothing created.
  const fromReport = input.from ? await personsOfSource(reportContext(await prisma.project.findUniqueOrThrow({ where: { id: projectId }, select: { id: true, timezone: true } })), input.from, MAX_LISTED_IDS) : [];
  const created = await prisma.cohort.create({ data: { projectId, name: input.name, kind: "static", createdById: userId } });
  const count = await addCohortMembers(db, projectId, created.id, [...persons.values(), ...fromReport]);
  const saved = await recordCount(prisma, created.id, count, new Date());
  return { ...saved, unknownDistinctIds: ids.filter((id) => !persons.has(id)) };
}

export async function updateCohort(projectId: string, cohortId: string, input: UpdateCohortInput): Promise<CohortSummary> {
  const cohort = await row(projectId, cohortId);
  const { prisma } = connections();
  if (input.match && cohort.kind !== "dynamic") {
    throw new ApiError(400, "invalid_cohort", "A static cohort has no definition: change its members instead.");
  }
  const refs = input.match ? checkReferences(cohort.id, input.match, await projectRefs(projectId)) : null;
  const updated = await prisma.cohort.update({
    where: { id: cohort.id },
    data: { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.match ? { definition: input.match as object } : {}) },
  });
  return input.match && refs ? computeDynamic(updated, input.match, refs, Date.now()) : summary(updated);
}

export async function deleteCohort(projectId: string, cohortId: string): Promise<void> {
  const cohort = await row(projectId, cohortId);
  const { prisma } = connections();
  const others = await prisma.cohort.findMany({ where: { projectId, kind: "dynamic", NOT: { id: cohort.id } }, select: { name: true, definition: true } });
  const user = others.find((o) => referencedCohorts(storedMatch(o.definition)).includes(cohort.id));
  if (user) throw new ApiError(409, "cohort_in_use", `The cohort ${JSON.stringify(user.name)} includes this one; change it first.`);
  // Its members, history and destinations go with it. The foreign keys cascade too; said
  // here as well so it never hangs on a connection's foreign_keys setting.
  await deleteCohortMembers(connections().db, cohort.id);
  const destinations = { destination: { cohortId: cohort.id } };
  await prisma.$transaction([
    prisma.cohortSyncedMember.deleteMany({ where: destinations }),
    prisma.cohortDelivery.deleteMany({ where: destinations }),
    prisma.cohortDestination.deleteMany({ where: { cohortId: cohort.id } }),
    prisma.cohortSize.deleteMany({ where: { cohortId: cohort.id } }),
    prisma.cohort.delete({ where: { id: cohort.id } }),
  ]);
}

/**
 * Recomputes now (or at `asOf`); a static cohort is recounted. A static
 * cohort is a list, the same at every instant: an `asOf` for one is a 400,
 * not silently ignored.
 */
export async function computeCohort(projectId: string, cohortId: string, asOf?: number): Promise<CohortSummary> {
  const cohort = await row(projectId, cohortId);
  if (asOf !== undefined && asOf > Date.now() + 1000) throw new ApiError(400, "invalid_as_of", "asOf must not be in the future.");
  if (asOf !== undefined && cohort.kind === "static") {
    throw new ApiError(400, "as_of_not_applicable", "A static cohort is a list, the same at every instant: recompute it without asOf.");
  }
  if (cohort.kind === "static") return recordCount(connections().prisma, cohort.id, await countCohortMembers(connections().db, cohort.id), new Date());
  const match = storedMatch(cohort.definition);
  const refs = checkReferences(cohort.id, match, await projectRefs(projectId));
  return computeDynamic(cohort, match, refs, asOf ?? Date.now());
}

/** Adds (or removes) the persons of these distinct ids to a static cohort. */
export async function changeStaticMembers(
  projectId: string,
  cohortId: string,
  change: "add" | "remove",
  distinctIds: string[],
): Promise<{ count: number; computedAt: string | null; changed: number; unknownDistinctIds: string[] }> {
  const cohort = await row(projectId, cohortId);
  if (cohort.kind !== "static") throw new ApiError(400, "not_static", "Only a static cohort's members are changed by hand; a dynamic one follows its definition.");
  const { db, prisma } = connections();
  const ids = cleanDistinctIds(distinctIds);
  const persons = await personIdsOfDistinctIds(db, projectId, ids);
  const before = await countCohortMembers(db, cohort.id);
  const personIds = [...new Set(persons.values())];
  const count = change === "add" ? await addCohortMembers(db, projectId, cohort.id, personIds) : await removeCohortMembers(db, cohort.id, personIds);
  const saved = await recordCount(prisma, cohort.id, count, new Date());
  return { count, computedAt: saved.computedAt, changed: Math.abs(count - before), unknownDistinctIds: ids.filter((id) => !persons.has(id)) };
}

/**
 * A page of member person ids after a cursor (the last person id of the
 * previous page, as handed out); with `search`, only members one of whose
 * property values or distinct ids contains it.
 */
export async function memberIdsPage(
  projectId: string,
  cohortId: string,
  cursor: string | undefined,
  limit: number,
  search?: string,
): Promise<{ cohort: CohortSummary; personIds: number[]; nextCursor: string | null }> {
  const cohort = await row(projectId, cohortId);
  let after = 0;
  if (cursor) {
    after = Number.parseInt(Buffer.from(cursor, "base64url").toString("utf8"), 10);
    if (!Number.isSafeInteger(after) || after < 0) throw new ApiError(400, "invalid_cursor", "The cursor is not one this API handed out.");
  }
  const { db, kind } = connections();
  const ids = search
    ? await searchCohortMemberPage({ db, dialect: queryDialect(kind), projectId: cohort.projectId }, cohort.id, search, after, limit + 1)
    : await cohortMemberPage(db, cohort.id, after, limit + 1);
  const page = ids.slice(0, limit);
  return {
    cohort: summary(cohort),
    personIds: page,
    nextCursor: ids.length > limit ? Buffer.from(String(page[page.length - 1])).toString("base64url") : null,
  };
}

/** The cohorts a person is in, by name (as of each one's last computation). */
export async function cohortsOfPerson(projectId: string, personId: number): Promise<CohortSummary[]> {
  const ids = await cohortIdsOfPerson(connections().db, projectId, personId);
  if (!ids.length) return [];
  const rows = await connections().prisma.cohort.findMany({ where: { projectId, id: { in: ids } }, orderBy: [{ name: "asc" }, { id: "asc" }] });
  return rows.map(summary);
}
