// The membership rules, as pure functions so every case can be tested without a
// database. lib/teams asks them inside the transaction that makes the change.
// Each answers null when the change is allowed, else why not.
import { can, isRole, roleRank, type Role } from "../auth/permissions";

export interface RuleRefusal {
  code: "forbidden" | "last_owner" | "invalid_input";
  message: string;
}

const refuse = (code: RuleRefusal["code"], message: string): RuleRefusal => ({ code, message });

const LAST_OWNER = "An organization needs an owner: make someone else owner first.";

/** `actor` (role actorRole) sets `target`'s role from targetRole to newRole. */
export function roleChangeRefusal(input: { actorRole: string; targetRole: string; newRole: string; self: boolean; ownerCount: number }): RuleRefusal | null {
  const { actorRole, targetRole, newRole, self, ownerCount } = input;
  if (!isRole(newRole)) return refuse("invalid_input", "Pick a role: owner, admin, member or viewer.");
  if (!can(actorRole, "manage_members")) return refuse("forbidden", "Only owners and admins can change roles.");
  if (self && roleRank(newRole) > roleRank(targetRole)) return refuse("forbidden", "You cannot raise your own role.");
  if (targetRole === "owner" && !can(actorRole, "transfer_ownership")) return refuse("forbidden", "Only an owner can change an owner's role.");
  if (newRole === "owner" && !can(actorRole, "transfer_ownership")) return refuse("forbidden", "Only an owner can make someone an owner.");
  if (targetRole === "owner" && newRole !== "owner" && ownerCount <= 1) return refuse("last_owner", LAST_OWNER);
  return null;
}

/** `actor` removes `target` from the organization (self: leaving). */
export function removalRefusal(input: { actorRole: string; targetRole: string; self: boolean; ownerCount: number }): RuleRefusal | null {
  const { actorRole, targetRole, self, ownerCount } = input;
  if (self) return leaveRefusal({ role: targetRole, ownerCount });
  if (!can(actorRole, "manage_members")) return refuse("forbidden", "Only owners and admins can remove members.");
  if (targetRole === "owner" && !can(actorRole, "transfer_ownership")) return refuse("forbidden", "Only an owner can remove an owner.");
  if (targetRole === "owner" && ownerCount <= 1) return refuse("last_owner", LAST_OWNER);
  return null;
}

export function leaveRefusal(input: { role: string; ownerCount: number }): RuleRefusal | null {
  if (input.role === "owner" && input.ownerCount <= 1) {
    return refuse("last_owner", "You are the last owner: transfer ownership or make someone else owner before leaving.");
  }
  return null;
}

/** Who may invite with which role: admins cannot hand out owner. */
export function invitationRefusal(input: { actorRole: string; role: string }): RuleRefusal | null {
  if (!isRole(input.role)) return refuse("invalid_input", "Pick a role: owner, admin, member or viewer.");
  if (!can(input.actorRole, "manage_members")) return refuse("forbidden", "Only owners and admins can invite people.");
  if (input.role === "owner" && !can(input.actorRole, "transfer_ownership")) return refuse("forbidden", "Only an owner can invite another owner.");
  return null;
}

/** The owner hands ownership to another member and becomes an admin. */
export function transferRefusal(input: { actorRole: string; targetRole: string | null; self: boolean }): RuleRefusal | null {
  if (!can(input.actorRole, "transfer_ownership")) return refuse("forbidden", "Only an owner can transfer ownership.");
  if (input.self) return refuse("invalid_input", "Pick another member to transfer ownership to.");
  if (input.targetRole === null) return refuse("invalid_input", "Ownership can only go to a member of this organization.");
  return null;
}

export type { Role };

/**
 * Whether `user` may take an invitation bound to an email address. Having that
 * email on the account is not enough: anyone can sign up with any address. The
 * account must have proved it reads mail there (a mailed link, when SMTP is
 * set), or be older than the invitation: then the inviter was inviting that
 * existing account. Invitations without an email are for whoever has the link.
 */
export function emailBindingRefusal(
  invitation: { email: string | null; createdAt: Date },
  user: { email: string; emailVerifiedAt: Date | null; createdAt: Date },
): "wrong_account" | "unverified_email" | null {
  if (!invitation.email) return null;
  if (invitation.email !== user.email) return "wrong_account";
  if (user.emailVerifiedAt || user.createdAt.getTime() <= invitation.createdAt.getTime()) return null;
  return "unverified_email";
}
