// Organizations, their members and invitations. A project belongs to one
// organization, and a person's role in it is their role in the organization.
// Every change here asks lib/auth/permissions.ts and the rules of ./rules.ts
// inside the transaction that makes it, and writes its audit entry there too.
import { z } from "zod";
import { emailSchema } from "../auth/email";
import { endSessions } from "../auth/sessionVersion";
import { can, isRole, ROLES, type Action, type Role } from "../auth/permissions";
import { recordAudit } from "../audit";
import { connections, type Transaction } from "../db";
import { hashSecretKey, looksLikeInvitationToken, newInvitationToken } from "../keys";
import { invitationMail, mailEnabled, sendMail } from "../mail";
import { emailBindingRefusal, invitationRefusal, leaveRefusal, removalRefusal, roleChangeRefusal, transferRefusal, type RuleRefusal } from "./rules";

export { emailBindingRefusal, invitationRefusal, leaveRefusal, removalRefusal, roleChangeRefusal, transferRefusal } from "./rules";

export class TeamError extends Error {
  constructor(
    readonly code: "not_found" | "forbidden" | "invalid_input" | "last_owner" | "invitation_expired" | "invitation_revoked" | "invitation_used" | "wrong_account" | "unverified_email",
    message: string,
    /** The input the message is about (a key of the function's input), so a form can show it by that field. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const organizationNameSchema = z
  .string({ message: "Give the organization a name." })
  .trim()
  .min(1, { message: "Give the organization a name." })
  .max(100, { message: "Keep the name under 100 characters." });

const roleSchema = z.enum(ROLES, { message: "Pick a role: owner, admin, member or viewer." });
const idSchema = z.string().min(1).max(64);

export const invitationInputSchema = z.object({
  email: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), emailSchema.optional()),
  role: roleSchema,
});

export interface OrganizationSummary {
  id: string;
  name: string;
  role: Role;
}

export interface OrganizationWithProjects extends OrganizationSummary {
  projects: { id: string; name: string; timezone: string }[];
}

function refused(refusal: RuleRefusal | null): void {
  if (refusal) throw new TeamError(refusal.code, refusal.message);
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new TeamError("invalid_input", issue.message, typeof issue.path[0] === "string" ? issue.path[0] : undefined);
  }
  return parsed.data;
}

// ---------------------------------------------------------------- organizations

/** The organization as this user sees it; null when it does not exist or they are not in it. */
export async function memberOrganization(userId: string, organizationId: string): Promise<OrganizationSummary | null> {
  if (typeof organizationId !== "string" || !organizationId || organizationId.length > 64) return null;
  const membership = await connections().prisma.membership.findUnique({
    where: { userId_organizationId: { userId, organizationId } },
    include: { organization: { select: { id: true, name: true } } },
  });
  return membership ? { id: membership.organization.id, name: membership.organization.name, role: membership.role as Role } : null;
}

/** Like memberOrganization, but the member must also be allowed `action`. */
export async function organizationFor(userId: string, organizationId: string, action: Action): Promise<OrganizationSummary> {
  const organization = await memberOrganization(userId, organizationId);
  if (!organization) throw new TeamError("not_found", "No such organization.");
  if (!can(organization.role, action)) throw new TeamError("forbidden", "Your role in this organization does not allow that.");
  return organization;
}

/** Every organization the user belongs to, with its projects, by name. */
export async function listOrganizations(userId: string): Promise<OrganizationWithProjects[]> {
  const memberships = await connections().prisma.membership.findMany({
    where: { userId },
    include: {
      organization: {
        select: { id: true, name: true, projects: { select: { id: true, name: true, timezone: true }, orderBy: { name: "asc" } } },
      },
    },
    orderBy: [{ organization: { name: "asc" } }, { createdAt: "asc" }],
  });
  return memberships.map((m) => ({ id: m.organization.id, name: m.organization.name, role: m.role as Role, projects: m.organization.projects }));
}

/** What a new person's own organization is called. */
export function personalOrganizationName(user: { name?: string | null; email: string }): string {
  const who = user.name?.trim() || user.email.split("@")[0];
  return `${who}'s organization`.slice(0, 100);
}

/** A new organization with `userId` as its owner (inside the caller's transaction). */
export async function createOrganizationIn(tx: Transaction, userId: string, name: string): Promise<OrganizationSummary> {
  const organization = await tx.organization.create({ data: { name, memberships: { create: { userId, role: "owner" } } } });
  await recordAudit(tx, { organizationId: organization.id, actorUserId: userId, action: "organization.created", target: name });
  return { id: organization.id, name: organization.name, role: "owner" };
}

export async function createOrganization(userId: string, name: unknown): Promise<OrganizationSummary> {
  const parsed = parse(organizationNameSchema, name);
  return connections().prisma.$transaction((tx) => createOrganizationIn(tx, userId, parsed));
}

/**
 * Where a new project goes when none is named: the user's oldest organization in
 * which they may create projects; a new personal one when there is none (people
 * who signed up before organizations, or who were only ever invited as viewers).
 */
export async function defaultOrganizationIn(tx: Transaction, userId: string): Promise<OrganizationSummary> {
  const memberships = await tx.membership.findMany({
    where: { userId },
    include: { organization: { select: { id: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  const usable = memberships.find((m) => can(m.role, "create_project"));
  if (usable) return { id: usable.organization.id, name: usable.organization.name, role: usable.role as Role };
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true } });
  return createOrganizationIn(tx, userId, personalOrganizationName(user));
}

export async function renameOrganization(userId: string, organizationId: string, name: unknown): Promise<OrganizationSummary> {
  const organization = await organizationFor(userId, organizationId, "change_settings");
  const parsed = parse(organizationNameSchema, name);
  if (parsed === organization.name) return organization;
  await connections().prisma.$transaction(async (tx) => {
    await tx.organization.update({ where: { id: organization.id }, data: { name: parsed } });
    await recordAudit(tx, {
      organizationId: organization.id,
      actorUserId: userId,
      action: "organization.renamed",
      target: parsed,
      details: { from: organization.name, to: parsed },
    });
  });
  return { ...organization, name: parsed };
}

// ---------------------------------------------------------------- members

export interface MemberView {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  joinedAt: Date;
}

export async function listMembers(userId: string, organizationId: string): Promise<MemberView[]> {
  const organization = await organizationFor(userId, organizationId, "view_members");
  const rows = await connections().prisma.membership.findMany({
    where: { organizationId: organization.id },
    include: { user: { select: { email: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  const rank = (role: string) => ROLES.indexOf(role as Role);
  return rows
    .map((m) => ({ userId: m.userId, email: m.user.email, name: m.user.name, role: m.role as Role, joinedAt: m.createdAt }))
    .sort((a, b) => rank(a.role) - rank(b.role) || a.email.localeCompare(b.email));
}

interface Locked {
  actorRole: string;
  ownerCount: number;
  member: (userId: string) => Promise<{ id: string; role: string; email: string } | null>;
}

/**
 * Runs a membership change with the organization locked: the organization row
 * is written first, so concurrent changes to one organization take turns (a row
 * lock on PostgreSQL, the write lock on SQLite) and the owner count stays true.
 */
async function withOrganizationLocked<T>(actorId: string, organizationId: string, work: (tx: Transaction, locked: Locked) => Promise<T>): Promise<T> {
  const id = parse(idSchema, organizationId);
  return connections().prisma.$transaction(async (tx) => {
    const touched = await tx.organization.updateMany({ where: { id }, data: { updatedAt: new Date() } });
    const actor = touched.count ? await tx.membership.findUnique({ where: { userId_organizationId: { userId: actorId, organizationId: id } } }) : null;
    if (!actor) throw new TeamError("not_found", "No such organization.");
    const ownerCount = await tx.membership.count({ where: { organizationId: id, role: "owner" } });
    const member = async (userId: string) => {
      if (typeof userId !== "string" || userId.length > 64) return null;
      const row = await tx.membership.findUnique({
        where: { userId_organizationId: { userId, organizationId: id } },
        include: { user: { select: { email: true } } },
      });
      return row ? { id: row.id, role: row.role, email: row.user.email } : null;
    };
    return work(tx, { actorRole: actor.role, ownerCount, member });
  });
}

export async function changeRole(actorId: string, organizationId: string, targetUserId: string, newRole: unknown): Promise<void> {
  await withOrganizationLocked(actorId, organizationId, async (tx, { actorRole, ownerCount, member }) => {
    const target = await member(targetUserId);
    if (!target) throw new TeamError("not_found", "That person is not a member of this organization.");
    refused(roleChangeRefusal({ actorRole, targetRole: target.role, newRole: String(newRole), self: targetUserId === actorId, ownerCount }));
    if (target.role === newRole) return;
    await tx.membership.update({ where: { id: target.id }, data: { role: newRole as Role } });
    await recordAudit(tx, {
      organizationId,
      actorUserId: actorId,
      action: "member.role_changed",
      target: target.email,
      details: { from: target.role, to: newRole },
    });
  });
}

export async function removeMember(actorId: string, organizationId: string, targetUserId: string): Promise<void> {
  await withOrganizationLocked(actorId, organizationId, async (tx, { actorRole, ownerCount, member }) => {
    const target = await member(targetUserId);
    if (!target) throw new TeamError("not_found", "That person is not a member of this organization.");
    const self = targetUserId === actorId;
    refused(removalRefusal({ actorRole, targetRole: target.role, self, ownerCount }));
    await tx.membership.delete({ where: { id: target.id } });
    // Someone removed is signed out everywhere: a session they (or whoever
    // holds a copy of its token) still have must not outlive the decision.
    if (!self) await endSessions(targetUserId, tx);
    await recordAudit(tx, {
      organizationId,
      actorUserId: actorId,
      action: self ? "member.left" : "member.removed",
      target: target.email,
      details: { role: target.role },
    });
  });
}

export async function leaveOrganization(userId: string, organizationId: string): Promise<void> {
  await withOrganizationLocked(userId, organizationId, async (tx, { actorRole, ownerCount, member }) => {
    refused(leaveRefusal({ role: actorRole, ownerCount }));
    const self = (await member(userId))!;
    await tx.membership.delete({ where: { id: self.id } });
    await recordAudit(tx, { organizationId, actorUserId: userId, action: "member.left", target: self.email, details: { role: actorRole } });
  });
}

/** The owner makes another member owner and becomes an admin. */
export async function transferOwnership(actorId: string, organizationId: string, targetUserId: string): Promise<void> {
  await withOrganizationLocked(actorId, organizationId, async (tx, { actorRole, member }) => {
    const target = await member(targetUserId);
    refused(transferRefusal({ actorRole, targetRole: target?.role ?? null, self: targetUserId === actorId }));
    const actor = (await member(actorId))!;
    await tx.membership.update({ where: { id: target!.id }, data: { role: "owner" } });
    await tx.membership.update({ where: { id: actor.id }, data: { role: "admin" } });
    await recordAudit(tx, {
      organizationId,
      actorUserId: actorId,
      action: "ownership.transferred",
      target: target!.email,
      details: { from: actor.email, to: target!.email, previousRole: target!.role },
    });
  });
}

// ---------------------------------------------------------------- invitations

export type InvitationStatus = "pending" | "accepted" | "revoked" | "expired";

export interface InvitationView {
  id: string;
  email: string | null;
  role: Role;
  status: InvitationStatus;
  createdAt: Date;
  expiresAt: Date;
  createdBy: string | null;
}

function statusOf(row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now = new Date()): InvitationStatus {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  if (row.expiresAt.getTime() <= now.getTime()) return "expired";
  return "pending";
}

export interface CreatedInvitation {
  /** Shown once, in the link; only its hash is stored. */
  token: string;
  path: string;
  invitation: InvitationView;
  /** Whether an email went out (only with SMTP configured and an address given). */
  emailed: boolean;
}

/**
 * A link that lets one person join with `role`. `baseUrl` (e.g. https://analytics.example.com)
 * makes the emailed link absolute; mail goes out only when SMTP is configured.
 */
export async function createInvitation(
  actorId: string,
  organizationId: string,
  input: { email?: unknown; role?: unknown },
  options: { baseUrl?: string; now?: Date } = {},
): Promise<CreatedInvitation> {
  const organization = await organizationFor(actorId, organizationId, "view_members");
  refused(invitationRefusal({ actorRole: organization.role, role: String(input.role ?? "") }));
  const parsed = parse(invitationInputSchema, input);
  const { prisma } = connections();
  const generated = newInvitationToken();
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const row = await prisma.$transaction(async (tx) => {
    const created = await tx.invitation.create({
      data: { organizationId: organization.id, email: parsed.email ?? null, role: parsed.role, tokenHash: generated.hash, expiresAt, createdById: actorId },
    });
    await recordAudit(tx, {
      organizationId: organization.id,
      actorUserId: actorId,
      action: "invitation.created",
      target: parsed.email ?? "link",
      details: { role: parsed.role, expiresAt: expiresAt.toISOString(), invitationId: created.id },
    });
    return created;
  });
  const path = `/invite/${generated.token}`;
  let emailed = false;
  if (parsed.email && options.baseUrl) {
    const actor = await prisma.user.findUnique({ where: { id: actorId }, select: { email: true, name: true } });
    emailed = await sendMail(
      invitationMail({
        to: parsed.email,
        organizationName: organization.name,
        role: parsed.role,
        url: options.baseUrl.replace(/\/+$/, "") + path,
        expiresAt,
        invitedBy: actor?.name || actor?.email || "Someone",
      }),
    );
  }
  return {
    token: generated.token,
    path,
    emailed,
    invitation: { id: row.id, email: row.email, role: parsed.role, status: "pending", createdAt: row.createdAt, expiresAt, createdBy: null },
  };
}

/** Pending ones first (newest first), then the last 20 used, revoked or expired. */
export async function listInvitations(actorId: string, organizationId: string): Promise<InvitationView[]> {
  const organization = await organizationFor(actorId, organizationId, "manage_members");
  const rows = await connections().prisma.invitation.findMany({
    where: { organizationId: organization.id },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  const creators = new Map(
    (await connections().prisma.user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.createdById).filter((id): id is string => !!id))] } }, select: { id: true, email: true } })).map(
      (u) => [u.id, u.email],
    ),
  );
  const now = new Date();
  const views = rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: r.role as Role,
    status: statusOf(r, now),
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    createdBy: r.createdById ? (creators.get(r.createdById) ?? null) : null,
  }));
  return [...views.filter((v) => v.status === "pending"), ...views.filter((v) => v.status !== "pending").slice(0, 20)];
}

export async function revokeInvitation(actorId: string, organizationId: string, invitationId: string): Promise<void> {
  const organization = await organizationFor(actorId, organizationId, "manage_members");
  const id = parse(idSchema, invitationId);
  await connections().prisma.$transaction(async (tx) => {
    const row = await tx.invitation.findFirst({ where: { id, organizationId: organization.id } });
    if (!row || statusOf(row) !== "pending") throw new TeamError("not_found", "No such pending invitation in this organization.");
    // An admin may not revoke an owner invitation made by an owner either.
    refused(invitationRefusal({ actorRole: organization.role, role: row.role }));
    await tx.invitation.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, {
      organizationId: organization.id,
      actorUserId: actorId,
      action: "invitation.revoked",
      target: row.email ?? "link",
      details: { role: row.role, invitationId: row.id },
    });
  });
}

export interface InvitationPreview {
  status: InvitationStatus | "unknown";
  organizationId: string | null;
  organizationName: string | null;
  role: Role | null;
  email: string | null;
  expiresAt: Date | null;
  createdAt: Date | null;
}

const UNKNOWN: InvitationPreview = { status: "unknown", organizationId: null, organizationName: null, role: null, email: null, expiresAt: null, createdAt: null };

/** What an invitation link says, for anyone holding it. */
export async function previewInvitation(token: unknown): Promise<InvitationPreview> {
  if (!looksLikeInvitationToken(token)) return UNKNOWN;
  const row = await connections().prisma.invitation.findUnique({
    where: { tokenHash: hashSecretKey(token) },
    include: { organization: { select: { id: true, name: true } } },
  });
  if (!row || !isRole(row.role)) return UNKNOWN;
  return {
    status: statusOf(row),
    organizationId: row.organization.id,
    organizationName: row.organization.name,
    role: row.role,
    email: row.email,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
  };
}

/** Why an account made after an email-bound invitation cannot take it yet, and what to do. */
export function unverifiedEmailMessage(email: string): string {
  return mailEnabled()
    ? `Confirm that ${email} is yours before joining: send yourself the confirmation link from the invitation page.`
    : `This invitation is for ${email} and needs the account that address already had when it was sent: a new account made with it cannot accept the invitation. Ask whoever invited you for a link without an email address.`;
}

function statusError(status: Exclude<InvitationStatus, "pending">): TeamError {
  if (status === "accepted") return new TeamError("invitation_used", "This invitation has already been used. Ask for a new one.");
  if (status === "revoked") return new TeamError("invitation_revoked", "This invitation was revoked. Ask for a new one.");
  return new TeamError("invitation_expired", "This invitation has expired. Ask for a new one.");
}

/**
 * The signed-in user joins with the invitation's role. A link works once; one
 * addressed to an email only for the account with that email, and only once
 * that account has confirmed the address or if it predates the invitation
 * (rules.ts emailBindingRefusal). Someone already
 * in the organization keeps their role, and the link stays unused.
 */
export async function acceptInvitation(userId: string, token: unknown): Promise<{ organizationId: string; alreadyMember: boolean }> {
  if (!looksLikeInvitationToken(token)) throw new TeamError("not_found", "This invitation link is not valid. Check that you copied all of it.");
  const hash = hashSecretKey(token);
  return connections().prisma.$transaction(async (tx) => {
    const row = await tx.invitation.findUnique({ where: { tokenHash: hash } });
    if (!row || !isRole(row.role)) throw new TeamError("not_found", "This invitation link is not valid. Check that you copied all of it.");
    const status = statusOf(row);
    if (status !== "pending") throw statusError(status);
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, emailVerifiedAt: true, createdAt: true } });
    const binding = emailBindingRefusal(row, user);
    if (binding === "wrong_account") {
      throw new TeamError("wrong_account", `This invitation is for ${row.email}. Sign in with that address to accept it.`);
    }
    if (binding === "unverified_email") throw new TeamError("unverified_email", unverifiedEmailMessage(row.email!));
    const existing = await tx.membership.findUnique({ where: { userId_organizationId: { userId, organizationId: row.organizationId } } });
    if (existing) return { organizationId: row.organizationId, alreadyMember: true };
    // Claimed with a condition, so two people racing for one link cannot both get in.
    const claimed = await tx.invitation.updateMany({
      where: { id: row.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      data: { acceptedAt: new Date(), acceptedById: userId },
    });
    if (claimed.count !== 1) throw statusError("accepted");
    await tx.membership.create({ data: { userId, organizationId: row.organizationId, role: row.role } });
    await recordAudit(tx, {
      organizationId: row.organizationId,
      actorUserId: userId,
      action: "member.joined",
      target: user.email,
      details: { role: row.role, invitationId: row.id },
    });
    return { organizationId: row.organizationId, alreadyMember: false };
  });
}
