// Projects and keys: the metadata side, through Prisma Client. A project
// belongs to an organization; a person's role in it is their role there.
// Key and settings changes are written to the audit log in the same transaction.
import { defaultBoard } from "../boards/defaults";
import { z } from "zod";
import { can, type Action, type Role } from "../auth/permissions";
import { recordAudit } from "../audit";
import { connections } from "../db";
import { defaultOrganizationIn } from "../teams";
import { hashSecretKey, looksLikeSecretKey, newSecretKey, newWriteKey, WRITE_KEY_PREFIX } from "../keys";
import { retentionDaysSchema } from "../retention/schema";
import { recomputeMinutesSchema } from "../cohorts/recomputeInterval";
import { MAX_CATALOG_LIMIT, type CatalogLimits } from "../store/catalogLimits";
import { deleteProjectEvents } from "../store/projectData";
import { timeZoneSchema } from "./timezone";
import { forgetWriteKey } from "./writeKeyLookup";

export { isTimeZone, timeZoneNames, timeZoneSchema } from "./timezone";
export { projectForWriteKey, type IngestProject } from "./writeKeyLookup";

export const projectNameSchema = z
  .string({ message: "Give the project a name." })
  .trim()
  .min(1, { message: "Give the project a name." })
  .max(100, { message: "Keep the name under 100 characters." });

export const newProjectSchema = z.object({
  name: projectNameSchema,
  timezone: timeZoneSchema.default("UTC"),
  /** Default: the creator's oldest organization where they may create projects. */
  organizationId: z.string().trim().min(1).max(64).optional().or(z.literal("").transform(() => undefined)),
});

export const secretKeyNameSchema = z
  .string()
  .trim()
  .min(1, { message: "Name the key after what will use it, e.g. “warehouse export”." })
  .max(100, { message: "Keep the key name under 100 characters." });

export class ProjectError extends Error {
  constructor(
    readonly code: "not_found" | "forbidden" | "invalid_input" | "confirmation_mismatch" | "conflict",
    message: string,
    /** The input the message is about (a key of the function's input), so a form can show it by that field. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The first problem of a refused input, naming the field it is about. */
function invalidInput(error: z.ZodError): ProjectError {
  const issue = error.issues[0];
  const field = issue.path[0];
  return new ProjectError("invalid_input", issue.message, typeof field === "string" ? field : undefined);
}

export interface ProjectSummary {
  id: string;
  name: string;
  organizationId: string;
  organizationName: string;
  timezone: string;
  writeKey: string;
  role: Role;
  createdAt: Date;
  rateLimitPerSecond: number | null;
  /** Days of events kept; null keeps them forever. */
  retentionDays: number | null;
  /** Minutes between background recomputations of its cohorts; null: the server's default. */
  cohortRecomputeMinutes: number | null;
  botEventCount: number;
  /** Caps on the catalog's names (lib/store/catalogCaps.ts). */
  limits: CatalogLimits;
  /** What the caps refused so far, and since when (null: nothing yet). */
  refused: { eventNames: number; propertyNames: number; since: Date | null };
}

interface ProjectRow {
  id: string;
  name: string;
  organizationId: string;
  organization: { name: string };
  timezone: string;
  writeKey: string;
  createdAt: Date;
  rateLimitPerSecond: number | null;
  retentionDays: number | null;
  cohortRecomputeMinutes: number | null;
  botEventCount: bigint | number;
  maxEventNames: number;
  maxEventPropertyNames: number;
  maxPersonPropertyNames: number;
  refusedEventNames: bigint | number;
  refusedPropertyNames: bigint | number;
  refusedNamesSince: bigint | number | null;
}

function summary(project: ProjectRow, role: string): ProjectSummary {
  return {
    id: project.id,
    name: project.name,
    organizationId: project.organizationId,
    organizationName: project.organization.name,
    timezone: project.timezone,
    writeKey: project.writeKey,
    createdAt: project.createdAt,
    rateLimitPerSecond: project.rateLimitPerSecond,
    retentionDays: project.retentionDays,
    cohortRecomputeMinutes: project.cohortRecomputeMinutes,
    botEventCount: Number(project.botEventCount),
    limits: { eventNames: project.maxEventNames, eventPropertyNames: project.maxEventPropertyNames, personPropertyNames: project.maxPersonPropertyNames },
    refused: {
      eventNames: Number(project.refusedEventNames),
      propertyNames: Number(project.refusedPropertyNames),
      since: project.refusedNamesSince === null ? null : new Date(Number(project.refusedNamesSince)),
    },
    role: role as Role,
  };
}

const RATE_LIMIT_MESSAGE = "Enter a whole number of messages a second (1 or more), or leave it empty for no limit.";

/** Messages a second per project; empty means no limit. */
export const rateLimitSchema = z.preprocess(
  (value) => (value === "" || value === null ? null : typeof value === "string" ? Number(value.trim()) : value),
  z
    .number({ message: RATE_LIMIT_MESSAGE })
    .int({ message: RATE_LIMIT_MESSAGE })
    .min(1, { message: RATE_LIMIT_MESSAGE })
    .max(1_000_000, { message: RATE_LIMIT_MESSAGE })
    .nullable(),
);

const CATALOG_LIMIT_MESSAGE = `Enter a whole number of names from 1 to ${MAX_CATALOG_LIMIT.toLocaleString("en-US")}.`;

/** A cap on distinct names in the catalog (docs/security.md). */
export const catalogLimitSchema = z.preprocess(
  (value) => (typeof value === "string" ? (value.trim() === "" ? undefined : Number(value.trim())) : value),
  z.number({ message: CATALOG_LIMIT_MESSAGE }).int({ message: CATALOG_LIMIT_MESSAGE }).min(1, { message: CATALOG_LIMIT_MESSAGE }).max(MAX_CATALOG_LIMIT, { message: CATALOG_LIMIT_MESSAGE }),
);

/** Every project of every organization the user belongs to, by organization and name. */
export async function listProjects(userId: string): Promise<ProjectSummary[]> {
  const memberships = await connections().prisma.membership.findMany({
    where: { userId },
    include: { organization: { include: { projects: { orderBy: { name: "asc" }, include: { organization: { select: { name: true } } } } } } },
    orderBy: [{ organization: { name: "asc" } }, { createdAt: "asc" }],
  });
  return memberships.flatMap((m) => m.organization.projects.map((p) => summary(p, m.role)));
}

/** The project as this user may see it; null when it does not exist or they are not in its organization. */
export async function memberProject(userId: string, projectId: string): Promise<ProjectSummary | null> {
  if (typeof projectId !== "string" || !projectId || projectId.length > 64) return null;
  const project = await connections().prisma.project.findUnique({
    where: { id: projectId },
    include: { organization: { select: { name: true, memberships: { where: { userId }, select: { role: true } } } } },
  });
  const membership = project?.organization.memberships[0];
  return project && membership ? summary(project, membership.role) : null;
}

/** Like memberProject, but the member must also be allowed `action`. */
export async function projectFor(userId: string, projectId: string, action: Action): Promise<ProjectSummary> {
  const project = await memberProject(userId, projectId);
  if (!project) throw new ProjectError("not_found", "No such project.");
  if (!can(project.role, action)) throw new ProjectError("forbidden", "Your role in this project does not allow that.");
  return project;
}

export async function createProject(ownerId: string, input: z.input<typeof newProjectSchema>): Promise<ProjectSummary> {
  const parsed = newProjectSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const { name, timezone, organizationId } = parsed.data;
  return connections().prisma.$transaction(async (tx) => {
    let organization: { id: string; role: string };
    if (organizationId) {
      const membership = await tx.membership.findUnique({ where: { userId_organizationId: { userId: ownerId, organizationId } } });
      if (!membership) throw new ProjectError("not_found", "No such organization.");
      if (!can(membership.role, "create_project")) throw new ProjectError("forbidden", "Your role in this organization does not allow creating projects.");
      organization = { id: organizationId, role: membership.role };
    } else {
      organization = await defaultOrganizationIn(tx, ownerId);
    }
    const project = await tx.project.create({
      // Born with ClickHouse: every event it gets is copied there, so its reports may read it (docs/clickhouse.md).
      data: { name, timezone, writeKey: newWriteKey(), organizationId: organization.id, clickhouseHoldsAll: Boolean(process.env.CLICKHOUSE_URL?.trim()) },
      include: { organization: { select: { name: true } } },
    });
    await recordAudit(tx, { organizationId: organization.id, projectId: project.id, actorUserId: ownerId, action: "project.created", target: name, details: { timezone } });
    // Every project starts with a board of the Overview's numbers (API.md 8).
    await tx.board.create({ data: defaultBoard(project.id, ownerId) });
    return summary(project, organization.role);
  });
}

export async function updateProject(
  userId: string,
  projectId: string,
  input: {
    name?: string;
    timezone?: string;
    rateLimitPerSecond?: string | number | null;
    retentionDays?: string | number | null;
    cohortRecomputeMinutes?: string | number | null;
    maxEventNames?: string | number;
    maxEventPropertyNames?: string | number;
    maxPersonPropertyNames?: string | number;
  },
): Promise<ProjectSummary> {
  const project = await projectFor(userId, projectId, "change_settings");
  const parsed = z
    .object({
      name: projectNameSchema.optional(),
      timezone: timeZoneSchema.optional(),
      rateLimitPerSecond: rateLimitSchema.optional(),
      retentionDays: retentionDaysSchema.optional(),
      cohortRecomputeMinutes: recomputeMinutesSchema.optional(),
      maxEventNames: catalogLimitSchema.optional(),
      maxEventPropertyNames: catalogLimitSchema.optional(),
      maxPersonPropertyNames: catalogLimitSchema.optional(),
    })
    .safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const before: Record<string, unknown> = {
    name: project.name,
    timezone: project.timezone,
    rateLimitPerSecond: project.rateLimitPerSecond,
    retentionDays: project.retentionDays,
    cohortRecomputeMinutes: project.cohortRecomputeMinutes,
    maxEventNames: project.limits.eventNames,
    maxEventPropertyNames: project.limits.eventPropertyNames,
    maxPersonPropertyNames: project.limits.personPropertyNames,
  };
  const changes = Object.fromEntries(
    Object.entries(parsed.data).filter(([field, value]) => value !== undefined && before[field] !== value).map(([field, value]) => [field, { from: before[field], to: value }]),
  );
  const updated = await connections().prisma.$transaction(async (tx) => {
    const row = await tx.project.update({ where: { id: project.id }, data: parsed.data, include: { organization: { select: { name: true } } } });
    if (Object.keys(changes).length) {
      await recordAudit(tx, { organizationId: project.organizationId, projectId: project.id, actorUserId: userId, action: "project.settings_changed", target: row.name, details: changes });
    }
    return row;
  });
  forgetWriteKey(updated.writeKey);
  return summary(updated, project.role);
}

/** Deletes a project and all its data; the typed name must match. */
export async function deleteProject(userId: string, projectId: string, typedName: string): Promise<void> {
  const project = await projectFor(userId, projectId, "delete_project");
  if (typedName.trim() !== project.name) {
    throw new ProjectError("confirmation_mismatch", `Type the project's name, “${project.name}”, to confirm.`);
  }
  // The project row goes first, so ingestion and reads stop; then its events, in
  // batches. A crash in between is finished by the retention job (lib/store/projectData.ts).
  await connections().prisma.$transaction(async (tx) => {
    await tx.project.delete({ where: { id: project.id } });
    await recordAudit(tx, { organizationId: project.organizationId, projectId: project.id, actorUserId: userId, action: "project.deleted", target: project.name });
  });
  forgetWriteKey(project.writeKey);
  await deleteProjectEvents(project.id);
}

// ---------------------------------------------------------------- write key

/**
 * Replaces the project's write key. The old key stops working at once: the
 * swap is a compare-and-set on the key read here, so of two rotations racing
 * (or one made from a page showing an outdated key, `expected`) only one wins;
 * the other is refused as a conflict instead of silently replacing the winner's key.
 */
export async function rotateWriteKey(userId: string, projectId: string, expected?: string): Promise<{ writeKey: string }> {
  const project = await projectFor(userId, projectId, "manage_keys");
  if (expected !== undefined && expected !== project.writeKey) {
    throw new ProjectError("conflict", "The write key was changed meanwhile; reload to see the current one.");
  }
  const writeKey = newWriteKey();
  await connections().prisma.$transaction(async (tx) => {
    const { count } = await tx.project.updateMany({ where: { id: project.id, writeKey: project.writeKey }, data: { writeKey } });
    if (count === 0) throw new ProjectError("conflict", "The write key was changed meanwhile; reload to see the current one.");
    // The audit log keeps only the keys' beginnings: enough to tell them apart.
    await recordAudit(tx, {
      organizationId: project.organizationId,
      projectId: project.id,
      actorUserId: userId,
      action: "write_key.rotated",
      target: project.name,
      details: { from: writeKeyPrefix(project.writeKey), to: writeKeyPrefix(writeKey) },
    });
  });
  forgetWriteKey(project.writeKey);
  return { writeKey };
}

function writeKeyPrefix(key: string): string {
  return key.slice(0, WRITE_KEY_PREFIX.length + 4);
}

// ---------------------------------------------------------------- secret keys

export interface SecretKeySummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function createSecretKey(userId: string, projectId: string, name: string): Promise<{ key: string; summary: SecretKeySummary }> {
  const project = await projectFor(userId, projectId, "manage_keys");
  const parsedName = secretKeyNameSchema.safeParse(name);
  if (!parsedName.success) throw new ProjectError("invalid_input", parsedName.error.issues[0].message, "name");
  return createSecretKeyFor(project.id, parsedName.data, userId);
}

const KEY_FIELDS = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

/** For the command line and project creation, where the caller is already trusted. */
export async function createSecretKeyFor(projectId: string, name: string, createdById: string | null): Promise<{ key: string; summary: SecretKeySummary }> {
  const generated = newSecretKey();
  const record = await connections().prisma.$transaction(async (tx) => {
    const created = await tx.secretKey.create({
      data: { projectId, name, prefix: generated.prefix, hash: generated.hash, createdById },
      select: { ...KEY_FIELDS, project: { select: { organizationId: true } } },
    });
    await recordAudit(tx, {
      organizationId: created.project.organizationId,
      projectId,
      actorUserId: createdById,
      action: "key.created",
      target: name,
      details: { keyId: created.id, prefix: generated.prefix },
    });
    return created;
  });
  const { project: _project, ...summary } = record;
  return { key: generated.key, summary };
}

export async function listSecretKeys(userId: string, projectId: string): Promise<SecretKeySummary[]> {
  const project = await projectFor(userId, projectId, "manage_keys");
  return connections().prisma.secretKey.findMany({
    where: { projectId: project.id },
    select: KEY_FIELDS,
    orderBy: [{ revokedAt: "asc" }, { createdAt: "desc" }],
  });
}

export async function revokeSecretKey(userId: string, projectId: string, keyId: string): Promise<void> {
  const project = await projectFor(userId, projectId, "manage_keys");
  if (typeof keyId !== "string" || keyId.length > 64) throw new ProjectError("not_found", "No such active key in this project.");
  await connections().prisma.$transaction(async (tx) => {
    const key = await tx.secretKey.findFirst({ where: { id: keyId, projectId: project.id, revokedAt: null }, select: { id: true, name: true, prefix: true } });
    const { count } = key
      ? await tx.secretKey.updateMany({ where: { id: key.id, revokedAt: null }, data: { revokedAt: new Date() } })
      : { count: 0 };
    if (!key || count === 0) throw new ProjectError("not_found", "No such active key in this project.");
    await recordAudit(tx, {
      organizationId: project.organizationId,
      projectId: project.id,
      actorUserId: userId,
      action: "key.revoked",
      target: key.name,
      details: { keyId: key.id, prefix: key.prefix },
    });
  });
}

const LAST_USED_RESOLUTION_MS = 60_000;

/** The project a (not revoked) secret key belongs to, or null. */
export async function projectIdForSecretKey(key: string): Promise<string | null> {
  if (!looksLikeSecretKey(key)) return null;
  const { prisma } = connections();
  const record = await prisma.secretKey.findUnique({ where: { hash: hashSecretKey(key) } });
  if (!record || record.revokedAt) return null;
  if (!record.lastUsedAt || Date.now() - record.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await prisma.secretKey.update({ where: { id: record.id }, data: { lastUsedAt: new Date() } });
  }
  return record.projectId;
}
