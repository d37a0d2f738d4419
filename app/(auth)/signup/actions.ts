"use server";

import { AccountError, createUser } from "@/lib/auth";

export interface SignUpState {
  ok: boolean;
  error?: string;
  field?: "email" | "password" | "name";
}

export async function signUpAction(_previous: SignUpState, form: FormData): Promise<SignUpState> {
  try {
    await createUser({
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    });
    return { ok: true };
  } catch (error) {
    if (error instanceof AccountError) return { ok: false, error: error.message, field: error.field };
    console.error("[crumbtrail] sign-up failed", error);
    return { ok: false, error: "We could not create your account; try again." };
  }
}
