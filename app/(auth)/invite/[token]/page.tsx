import type { Metadata } from "next";
import Link from "next/link";
import { SignOutButton } from "@/components/nav/SignOutButton";
import { AcceptInvitation } from "@/components/teams/AcceptInvitation";
import { ConfirmEmailForInvitation } from "@/components/teams/ConfirmEmailForInvitation";
import { RoleBadge } from "@/components/teams/RoleBadge";
import { buttonClass } from "@/components/ui/Button";
import { Notice } from "@/components/ui/Notice";
import { currentUser, ROLE_LABELS } from "@/lib/auth";
import { emailStanding } from "@/lib/auth/emailVerification";
import { mailEnabled } from "@/lib/mail";
import { emailBindingRefusal, memberOrganization, previewInvitation, unverifiedEmailMessage } from "@/lib/teams";

// The token is in the address: never send it on as a referrer.
export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

const ENDED = {
  accepted: "This invitation has already been used. Links work once: ask whoever invited you for a new one.",
  revoked: "This invitation was revoked. Ask whoever invited you for a new one.",
  expired: "This invitation has expired. Invitations last 7 days: ask whoever invited you for a new one.",
  unknown: "This invitation link is not valid. Check that you copied all of it, or ask for a new one.",
} as const;

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invitation, user] = await Promise.all([previewInvitation(token), currentUser()]);
  const here = `/invite/${encodeURIComponent(token)}`;

  if (invitation.status !== "pending" || !invitation.organizationId || !invitation.role) {
    return (
      <>
        <h1 className="mb-4 text-xl font-semibold">Invitation</h1>
        <Notice tone="warning">{ENDED[invitation.status === "pending" ? "unknown" : invitation.status]}</Notice>
        <p className="mt-6 text-center text-sm">
          <Link href={user ? "/projects" : "/signin"} className="font-semibold text-indigo-600 hover:text-indigo-500">
            {user ? "Go to your projects" : "Sign in"}
          </Link>
        </p>
      </>
    );
  }

  const already = user ? await memberOrganization(user.id, invitation.organizationId) : null;
  const wrongAccount = Boolean(user && invitation.email && invitation.email !== user.email);
  // An email-bound invitation needs the address proved, or an account older than the invitation.
  const standing = user && invitation.email && !wrongAccount ? await emailStanding(user.id) : null;
  const unverified = Boolean(standing && invitation.email && invitation.createdAt && emailBindingRefusal({ email: invitation.email, createdAt: invitation.createdAt }, standing));
  const mail = mailEnabled();

  return (
    <>
      <p className="text-sm text-slate-500">You are invited to join</p>
      <h1 className="mb-3 text-xl font-semibold break-words">{invitation.organizationName}</h1>
      <p className="mb-1 flex items-center gap-2 text-sm text-slate-700">
        as <RoleBadge role={invitation.role} />
      </p>
      <p className="mb-6 text-sm text-slate-500">{ROLE_LABELS[invitation.role].summary}</p>
      {invitation.email ? <p className="mb-4 text-sm text-slate-600">This invitation is for {invitation.email}.</p> : null}

      {!user && invitation.email && !mail ? (
        <div className="space-y-3">
          <Notice tone="info">
            Sign in with the account {invitation.email} already has. A new account made with this address cannot accept the invitation; if you have
            none, ask whoever invited you for a link without an email address.
          </Notice>
          <Link href={`/signin?callbackUrl=${encodeURIComponent(here)}`} className={buttonClass("primary", "w-full")}>
            Sign in to join
          </Link>
        </div>
      ) : !user ? (
        <div className="space-y-3">
          {invitation.email ? <p className="text-sm text-slate-600">A new account confirms its address by email before joining.</p> : null}
          <Link href={`/signup?callbackUrl=${encodeURIComponent(here)}`} className={buttonClass("primary", "w-full")}>
            Create an account to join
          </Link>
          <Link href={`/signin?callbackUrl=${encodeURIComponent(here)}`} className={buttonClass("secondary", "w-full")}>
            I have an account: sign in
          </Link>
        </div>
      ) : already ? (
        <div className="space-y-4">
          <Notice tone="info">You are already a member of {invitation.organizationName} (as {ROLE_LABELS[already.role].label.toLowerCase()}).</Notice>
          <Link href={`/organizations/${invitation.organizationId}/settings`} className={buttonClass("secondary", "w-full")}>
            Open the organization
          </Link>
        </div>
      ) : wrongAccount ? (
        <div className="space-y-4">
          <Notice tone="warning">
            You are signed in as {user.email}, but this invitation is for {invitation.email}. Sign out, then sign in with that address.
          </Notice>
          <SignOutButton />
        </div>
      ) : unverified && mail ? (
        <ConfirmEmailForInvitation token={token} email={invitation.email!} />
      ) : unverified ? (
        <div className="space-y-4">
          <Notice tone="warning">{unverifiedEmailMessage(invitation.email!)}</Notice>
          <SignOutButton />
        </div>
      ) : (
        <div className="space-y-3">
          <p className="text-sm text-slate-600">Signed in as {user.email}.</p>
          <AcceptInvitation token={token} organizationName={invitation.organizationName ?? "the organization"} />
        </div>
      )}
    </>
  );
}
