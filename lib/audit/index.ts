// The audit log: who changed memberships, invitations, keys and settings, and
// when. An entry is written inside the transaction of the change it records, so
// there is never a change without its entry (or an entry without its change).
import { z } from "zod";
import { can } from "../auth/permissions";
import { connections, type Transaction } from "../db";

export const AUDIT_ACTIONS = [
  "organization.created",
  "organization.renamed",
  "member.joined",
  "member.role_changed",
  "member.removed",
  "member.left",
  "ownership.transferred",
  "invitation.created",
  "invitation.revoked",
  "key.created",
  "key.revoked",
  "write_key.rotated",
  "project.created",
  "project.settings_changed",
  "project.deleted",
  "person.erased",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditInput {
  organizationId: string;
  projectId?: string | null;
  actorUserId: string | null;
  action: AuditAction;
  target?: string | null;
  details?: Record<string, unknown>;
}

export async function recordAudit(tx: Transaction, entry: AuditInput): Promise<void> {
  await tx.auditEntry.create({
    data: {
      organizationId: entry.organizationId,
      projectId: entry.projectId ?? null,
      actorUserId: entry.actorUserId,
      action: entry.action,
      target: entry.target ?? null,
      details: (entry.details ?? undefined) as object | undefined,
    },
  });
}

/**
 * For changes to the hot tables (erasing a person), which commit on their own
 * connection: the entry follows the change instead of sharing its transaction.
 */
export async function recordProjectAudit(projectId: string, entry: Omit<AuditInput, "organizationId" | "projectId">): Promise<void> {
  const { prisma } = connections();
  const project = await prisma.project.findUnique({ where: { id: projectId }, select: { organizationId: true } });
  if (!project) return;
  await recordAudit(prisma, { ...entry, organizationId: project.organizationId, projectId });
}

export interface AuditEntryView {
  id: string;
  action: string;
  target: string | null;
  details: Record<string, unknown> | null;
  projectId: string | null;
  createdAt: Date;
  actor: { email: string; name: string | null } | null;
}

export interface AuditPage {
  entries: AuditEntryView[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: string | null;
}

export class AuditAccessError extends Error {
  constructor(readonly code: "not_found" | "forbidden", message: string) {
    super(message);
  }
}

const pageSchema = z.object({
  before: z.string().max(64).regex(/^[A-Za-z0-9_-]+$/).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(100).catch(25),
});

/** Newest first, `limit` a page; only for those who may view the audit log. */
export async function listAuditEntries(userId: string, organizationId: string, options: { before?: unknown; limit?: unknown } = {}): Promise<AuditPage> {
  const { prisma } = connections();
  const membership =
    typeof organizationId === "string" && organizationId.length <= 64
      ? await prisma.membership.findUnique({ where: { userId_organizationId: { userId, organizationId } }, select: { role: true } })
      : null;
  if (!membership) throw new AuditAccessError("not_found", "No such organization.");
  if (!can(membership.role, "view_audit_log")) throw new AuditAccessError("forbidden", "Only owners and admins can see the audit log.");
  const { before, limit } = pageSchema.parse({ before: options.before, limit: options.limit ?? 25 });
  const cursor = before ? await prisma.auditEntry.findFirst({ where: { id: before, organizationId }, select: { id: true } }) : null;
  const rows = await prisma.auditEntry.findMany({
    where: { organizationId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor.id }, skip: 1 } : {}),
    include: { actor: { select: { email: true, name: true } } },
  });
  const page = rows.slice(0, limit);
  return {
    entries: page.map((r) => ({
      id: r.id,
      action: r.action,
      target: r.target,
      details: (r.details as Record<string, unknown> | null) ?? null,
      projectId: r.projectId,
      createdAt: r.createdAt,
      actor: r.actor,
    })),
    nextBefore: rows.length > limit ? page[page.length - 1].id : null,
  };
}
