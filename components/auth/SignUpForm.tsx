"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { signUpAction, type SignUpState } from "@/app/(auth)/signup/actions";
import { Button } from "@/components/ui/Button";
import { TextField } from "@/components/ui/Field";
import { Notice } from "@/components/ui/Notice";
import { fieldErrorsOf, useFieldErrors } from "@/components/ui/useFieldErrors";
import { useSubmit } from "@/components/ui/useSubmit";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const credentials = useRef<{ email: string; password: string } | null>(null);
  const { state, onSubmit, pending } = useSubmit(async (previous: SignUpState, form: FormData) => {
    credentials.current = { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
    return signUpAction(previous, form);
  }, { ok: false } as SignUpState);

  useEffect(() => {
    if (!state.ok || !credentials.current) return;
    // Sign straight in and carry on where they were going. Sign-up answers the
    // same when the email already had an account; then this sign-in works only
    // with that account's password, and the sign-in page says so.
    void signIn("credentials", { ...credentials.current, redirect: false }).then((result) => {
      router.replace(result?.ok ? callbackUrl : `/signin?error=SignUpThenSignIn&callbackUrl=${encodeURIComponent(callbackUrl)}`);
      router.refresh();
    });
  }, [state, callbackUrl, router]);

  const { errorFor, onChange } = useFieldErrors(state, fieldErrorsOf(state));
  return (
    <form onSubmit={onSubmit} onChange={onChange} className="space-y-4" noValidate>
      {state.error && !state.field ? <Notice tone="error">{state.error}</Notice> : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <TextField id="name" label="Name" autoComplete="name" error={errorFor("name")} />
      <TextField id="email" label="Email" type="email" autoComplete="email" required error={errorFor("email")} />
      <TextField
        id="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        error={errorFor("password")}
        hint="At least 8 characters, and not one of the common ones."
      />
      <Button type="submit" className="w-full" disabled={pending || state.ok}>
        {pending || state.ok ? "Creating your account…" : "Create account"}
      </Button>
    </form>
  );
}
