"use server";

import { AccountError, createUser } from "@/lib/auth";
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

export async function signUpAction(_previous: SignUpState, form: FormData): Promise<SignUpState> {
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
