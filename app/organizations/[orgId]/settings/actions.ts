"use server";

// Organization settings: every action signs the user in again, and lib/teams
// checks the role and the membership rules; the page only hides what a role
// cannot do.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { actionArgs, BAD_ARGUMENTS, formArg, idArg, previousStateArg } from "@/lib/actions/args";
import { currentUser } from "@/lib/auth";
import { requestOrigin } from "@/lib/http/origin";
import { ProjectError } from "@/lib/projects";
import {
  changeRole,
  createInvitation,
  leaveOrganization,
  removeMember,
  renameOrganization,
  revokeInvitation,
  TeamError,
  transferOwnership,
} from "@/lib/teams";

export interface TeamFormState {
  error?: string;
  /** The form field `error` is about; none for an error about the whole form. */
  field?: string;
  done?: string;
  /** A new invitation link: shown once. */
  link?: string;
  expiresAt?: string;
  emailed?: boolean;
}

/**
 * Runs `work` as the signed-in user; a refusal comes back as the form's error,
 * under the form field named in `fields` for the input it is about.
 */
async function asUser(organizationId: string, work: (userId: string) => Promise<TeamFormState>, fields: Record<string, string> = {}): Promise<TeamFormState> {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/organizations/${organizationId}/settings`)}`);
  try {
    return await work(user.id);
  } catch (error) {
    if (error instanceof TeamError || error instanceof ProjectError) {
      // A bad input names its field; a whole-value input (a name) has none: "".
      const key = error.code === "invalid_input" ? (error.field ?? "") : null;
      const field = key !== null && Object.hasOwn(fields, key) ? fields[key] : undefined;
      return field ? { error: error.message, field } : { error: error.message };
    }
    console.error("[crumbtrail] organization action failed", error);
    return { error: "That did not work; try again." };
  }
}

function refresh(organizationId: string) {
  revalidatePath(`/organizations/${organizationId}/settings`);
}

/** Links in emails use NEXTAUTH_URL when set, not a Host header anyone can send. */
async function publicOrigin(): Promise<string> {
  return process.env.NEXTAUTH_URL?.replace(/\/+$/, "") || (await requestOrigin());
}

const formArgs = z.tuple([idArg, previousStateArg, formArg]);
const memberArgs = z.tuple([idArg, idArg]);
const roleArgs = z.tuple([idArg, idArg, z.string().min(1).max(50)]);
const organizationArgs = z.tuple([idArg]);

export async function renameOrganizationAction(organizationId: string, _previous: TeamFormState, form: FormData): Promise<TeamFormState> {
  if (!actionArgs(formArgs, [organizationId, _previous, form])) return { error: BAD_ARGUMENTS };
  return asUser(organizationId, async (userId) => {
    await renameOrganization(userId, organizationId, form.get("organizationName"));
    revalidatePath("/", "layout");
    return { done: "Saved." };
  }, { "": "organizationName" });
}

export async function createInvitationAction(organizationId: string, _previous: TeamFormState, form: FormData): Promise<TeamFormState> {
  if (!actionArgs(formArgs, [organizationId, _previous, form])) return { error: BAD_ARGUMENTS };
  return asUser(organizationId, async (userId) => {
    const origin = await publicOrigin();
    const created = await createInvitation(userId, organizationId, { email: form.get("inviteEmail") ?? "", role: form.get("inviteRole") }, { baseUrl: origin });
    refresh(organizationId);
    return { link: origin + created.path, expiresAt: created.invitation.expiresAt.toISOString(), emailed: created.emailed };
  }, { email: "inviteEmail", role: "inviteRole" });
}

export async function revokeInvitationAction(organizationId: string, invitationId: string): Promise<TeamFormState> {
  if (!actionArgs(memberArgs, [organizationId, invitationId])) return { error: BAD_ARGUMENTS };
  return asUser(organizationId, async (userId) => {
    await revokeInvitation(userId, organizationId, invitationId);
    refresh(organizationId);
    return { done: "Invitation revoked." };
  });
}

export async function changeRoleAction(organizationId: string, targetUserId: string, role: string): Promise<TeamFormState> {
  if (!actionArgs(roleArgs, [organizationId, targetUserId, role])) return { error: BAD_ARGUMENTS };
  return asUser(organizationId, async (userId) => {
    await changeRole(userId, organizationId, targetUserId, role);
    refresh(organizationId);
    return { done: "Role changed." };
  });
}

export async function removeMemberAction(organizationId: string, targetUserId: string): Promise<TeamFormState> {
  if (!actionArgs(memberArgs, [organizationId, targetUserId])) return { error: BAD_ARGUMENTS };
  return asUser(organizationId, async (userId) => {
    await removeMember(userId, organizationId, targetUserId);
    refresh(organizationId);
    return { done: "Removed." };
  });
}

export async function transferOwnershipAction(organizationId: string, targetUserId: string): Promise<TeamFormState> {
  if (!actionArgs(memberArgs, [organizationId, targetUserId])) return { error: BAD_ARGUMENTS };
  return asUser(organizationId, async (userId) => {
    await transferOwnership(userId, organizationId, targetUserId);
    refresh(organizationId);
    return { done: "Ownership transferred. You are now an admin." };
  });
}

export async function leaveOrganizationAction(organizationId: string): Promise<TeamFormState> {
  if (!actionArgs(organizationArgs, [organizationId])) return { error: BAD_ARGUMENTS };
  const result = await asUser(organizationId, async (userId) => {
    await leaveOrganization(userId, organizationId);
    return {};
  });
  if (result.error) return result;
  revalidatePath("/projects", "layout");
  redirect("/projects");
}
