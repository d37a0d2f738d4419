"use server";

import { z } from "zod";
import { actionArgs, BAD_ARGUMENTS, formArg, previousStateArg } from "@/lib/actions/args";
import { confirmEmail, EmailVerificationError } from "@/lib/auth/emailVerification";

export interface ConfirmState {
  confirmed?: string;
  error?: string;
}

const tokenSchema = z.string().min(1).max(300);
const confirmArgs = z.tuple([previousStateArg, formArg]);

/** Confirms the address behind a mailed link (a button press, so mail scanners that open links confirm nothing). */
export async function confirmEmailAction(_previous: ConfirmState, form: FormData): Promise<ConfirmState> {
  if (!actionArgs(confirmArgs, [_previous, form])) return { error: BAD_ARGUMENTS };
  const token = tokenSchema.safeParse(form.get("token"));
  if (!token.success) return { error: "This confirmation link is not valid. Ask for a new one from the page that sent it." };
  try {
    return { confirmed: (await confirmEmail(token.data)).email };
  } catch (error) {
    if (error instanceof EmailVerificationError) return { error: error.message };
    console.error("[crumbtrail] confirming an email address failed", error);
    return { error: "That did not work; try again." };
  }
}
