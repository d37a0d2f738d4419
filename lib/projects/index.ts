// Projects, memberships and keys: the metadata side, through Prisma Client.
import { z } from "zod";
import { can, type Action, type Role } from "../auth/permissions";
import { connections } from "../db";
import { hashSecretKey, looksLikeSecretKey, newSecretKey, newWriteKey } from "../keys";
import { retentionDaysSchema } from "../retention/schema";
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

export const newProjectSchema = z.object({ name: projectNameSchema, timezone: timeZoneSchema.default("UTC") });

export const secretKeyNameSchema = z
  .string()
  .trim()
  .min(1, { message: "Name the key after what will use it, e.g. “warehouse export”." })
  .max(100, { message: "Keep the key name under 100 characters." });

export class ProjectError extends Error {
  constructor(
    readonly code: "not_found" | "forbidden" | "invalid_input" | "confirmation_mismatch",
    message: string,
  ) {
    super(message);
  }
}

export interface ProjectSummary {
  id: string;
  name: string;
  timezone: string;
  writeKey: string;
  role: Role;
  createdAt: Date;
  rateLimitPerSecond: number | null;
  /** Days of events kept; null keeps them forever. */
  retentionDays: number | null;
  botEventCount: number;
}

interface ProjectRow {
  id: string;
  name: string;
  timezone: string;
  writeKey: string;
  createdAt: Date;
  rateLimitPerSecond: number | null;
  retentionDays: number | null;
  botEventCount: bigint | number;
}

function summary(project: ProjectRow, role: string): ProjectSummary {
  return {
    id: project.id,
    name: project.name,
    timezone: project.timezone,
    writeKey: project.writeKey,
    createdAt: project.createdAt,
    rateLimitPerSecond: project.rateLimitPerSecond,
    retentionDays: project.retentionDays,
    botEventCount: Number(project.botEventCount),
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

export async function listProjects(userId: string): Promise<ProjectSummary[]> {
  const memberships = await connections().prisma.membership.findMany({
    where: { userId },
    include: { project: true },
    orderBy: { project: { name: "asc" } },
  });
  return memberships.map((m) => summary(m.project, m.role));
}

/** The project as this user may see it; null when it does not exist or they are not a member. */
export async function memberProject(userId: string, projectId: string): Promise<ProjectSummary | null> {
  if (typeof projectId !== "string" || projectId.length > 64) return null;
  const membership = await connections().prisma.membership.findUnique({
    where: { userId_projectId: { userId, projectId } },
    include: { project: true },
  });
  return membership ? summary(membership.project, membership.role) : null;
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
  if (!parsed.success) throw new ProjectError("invalid_input", parsed.error.issues[0].message);
  const project = await connections().prisma.project.create({
    data: {
      name: parsed.data.name,
      timezone: parsed.data.timezone,
      writeKey: newWriteKey(),
      memberships: { create: { userId: ownerId, role: "owner" } },
    },
  });
  return summary(project, "owner");
}

export async function updateProject(
  userId: string,
  projectId: string,
  input: { name?: string; timezone?: string; rateLimitPerSecond?: string | number | null; retentionDays?: string | number | null },
): Promise<ProjectSummary> {
  const project = await projectFor(userId, projectId, "change_settings");
  const parsed = z
    .object({
      name: projectNameSchema.optional(),
      timezone: timeZoneSchema.optional(),
      rateLimitPerSecond: rateLimitSchema.optional(),
      retentionDays: retentionDaysSchema.optional(),
    })
    .safeParse(input);
  if (!parsed.success) throw new ProjectError("invalid_input", parsed.error.issues[0].message);
  const updated = await connections().prisma.project.update({ where: { id: project.id }, data: parsed.data });
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
  await connections().prisma.project.delete({ where: { id: project.id } });
  forgetWriteKey(project.writeKey);
  await deleteProjectEvents(project.id);
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
  if (!parsedName.success) throw new ProjectError("invalid_input", parsedName.error.issues[0].message);
  return createSecretKeyFor(project.id, parsedName.data, userId);
}

/** For the command line and project creation, where the caller is already trusted. */
export async function createSecretKeyFor(projectId: string, name: string, createdById: string | null): Promise<{ key: string; summary: SecretKeySummary }> {
  const generated = newSecretKey();
  const record = await connections().prisma.secretKey.create({
    data: { projectId, name, prefix: generated.prefix, hash: generated.hash, createdById },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
  return { key: generated.key, summary: record };
}

export async function listSecretKeys(userId: string, projectId: string): Promise<SecretKeySummary[]> {
  const project = await projectFor(userId, projectId, "manage_keys");
  return connections().prisma.secretKey.findMany({
    where: { projectId: project.id },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    orderBy: [{ revokedAt: "asc" }, { createdAt: "desc" }],
  });
}

export async function revokeSecretKey(userId: string, projectId: string, keyId: string): Promise<void> {
  const project = await projectFor(userId, projectId, "manage_keys");
  const { count } = await connections().prisma.secretKey.updateMany({
    where: { id: keyId, projectId: project.id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new ProjectError("not_found", "No such active key in this project.");
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
