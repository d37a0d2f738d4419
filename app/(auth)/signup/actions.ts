"use server";

import { z } from "zod";
import { actionArgs, BAD_ARGUMENTS, formArg, previousStateArg } from "@/lib/actions/args";
import { AccountError, createUser } from "@/lib/auth";

export interface SignUpState {
  ok: boolean;
  error?: string;
  field?: "email" | "password" | "name";
}

/** Where the form goes after sign-up: an invitation link means they are joining someone's organization. */
function joiningAnOrganization(callbackUrl: FormDataEntryValue | null): boolean {
  return typeof callbackUrl === "string" && callbackUrl.startsWith("/invite/");
}

const signUpArgs = z.tuple([previousStateArg, formArg]);

export async function signUpAction(_previous: SignUpState, form: FormData): Promise<SignUpState> {
  if (!actionArgs(signUpArgs, [_previous, form])) return { ok: false, error: BAD_ARGUMENTS };
  try {
    await createUser(
      {
        name: String(form.get("name") ?? ""),
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
      },
      { personalOrganization: !joiningAnOrganization(form.get("callbackUrl")) },
    );
    return { ok: true };
  } catch (error) {
    if (error instanceof AccountError) return { ok: false, error: error.message, field: error.field };
    console.error("[crumbtrail] sign-up failed", error);
    return { ok: false, error: "We could not create your account; try again." };
  }
}
