"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { actionArgs, BAD_ARGUMENTS, formArg, idArg, previousStateArg } from "@/lib/actions/args";
import { currentUser } from "@/lib/auth";
import { sendEmailVerification } from "@/lib/auth/emailVerification";
import { requestOrigin } from "@/lib/http/origin";
import { acceptInvitation, listOrganizations, previewInvitation, TeamError } from "@/lib/teams";

export interface AcceptState {
  error?: string;
}

/** Joins the organization, then opens its first project (or its settings when it has none). */
const acceptArgs = z.tuple([idArg, previousStateArg, formArg]);

export async function acceptInvitationAction(token: string, _previous: AcceptState, _form: FormData): Promise<AcceptState> {
  if (!actionArgs(acceptArgs, [token, _previous, _form])) return { error: BAD_ARGUMENTS };
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`);
  let organizationId: string;
  try {
    ({ organizationId } = await acceptInvitation(user.id, token));
  } catch (error) {
    if (error instanceof TeamError) return { error: error.message };
    console.error("[crumbtrail] accepting an invitation failed", error);
    return { error: "That did not work; try again." };
  }
  revalidatePath("/projects", "layout");
  const organization = (await listOrganizations(user.id)).find((o) => o.id === organizationId);
  const first = organization?.projects[0];
  redirect(first ? `/projects/${first.id}/overview` : `/organizations/${organizationId}/settings`);
}

export interface ConfirmEmailState {
  sent?: boolean;
  error?: string;
}

/**
 * Mails the signed-in user a link confirming their address, for an
 * email-bound invitation addressed to it (only then: this is no open mailer).
 */
export async function sendConfirmationAction(token: string, _previous: ConfirmEmailState, _form: FormData): Promise<ConfirmEmailState> {
  if (!actionArgs(acceptArgs, [token, _previous, _form])) return { error: BAD_ARGUMENTS };
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`);
  const invitation = await previewInvitation(token);
  if (invitation.status !== "pending" || invitation.email !== user.email) return { error: "This invitation is not for your address." };
  const sent = await sendEmailVerification(user.id, await requestOrigin(), `/invite/${token}`);
  return sent ? { sent: true } : { error: "The message could not be sent; try again in a moment." };
}
