"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { actionArgs, BAD_ARGUMENTS, formArg, previousStateArg } from "@/lib/actions/args";
import { AccountError, signUp, SignUpThrottled } from "@/lib/auth";
import { clientAddress } from "@/lib/http/clientAddress";
import { requestOrigin } from "@/lib/http/origin";
import { safeReturnPath } from "@/lib/http/safeRedirect";

export interface SignUpState {
  ok: boolean;
  error?: string;
  field?: "email" | "password" | "name";
}

/** Where the form goes after sign-up: an invitation link means they are joining someone's organization. */
function joiningAnOrganization(callbackUrl: FormDataEntryValue | null): boolean {
  return safeReturnPath(callbackUrl, "").startsWith("/invite/");
}

const signUpArgs = z.tuple([previousStateArg, formArg]);

/** The same answer whether or not the email already had an account (lib/auth/accounts.ts signUp). */
export async function signUpAction(_previous: SignUpState, form: FormData): Promise<SignUpState> {
  if (!actionArgs(signUpArgs, [_previous, form])) return { ok: false, error: BAD_ARGUMENTS };
  try {
    await signUp(
      {
        name: String(form.get("name") ?? ""),
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
      },
      {
        personalOrganization: !joiningAnOrganization(form.get("callbackUrl")),
        address: clientAddress(await headers()),
        origin: await requestOrigin(),
      },
    );
    return { ok: true };
  } catch (error) {
    if (error instanceof AccountError) return { ok: false, error: error.message, field: error.field };
    if (error instanceof SignUpThrottled) return { ok: false, error: error.message };
    console.error("[crumbtrail] sign-up failed", error);
    return { ok: false, error: "We could not create your account; try again." };
  }
}
