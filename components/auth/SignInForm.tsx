"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/Button";
import { TextField } from "@/components/ui/Field";
import { Notice } from "@/components/ui/Notice";
import { useFieldErrors, type FieldErrors } from "@/components/ui/useFieldErrors";

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError ?? null);
  const [pending, setPending] = useState(false);
  const [missing, setMissing] = useState<{ errors: FieldErrors }>({ errors: {} });
  const { errorFor, onChange } = useFieldErrors(missing, missing.errors);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    // An empty field is said under it, without asking the server.
    const errors: Record<string, string> = {};
    if (!String(form.get("email") ?? "").trim()) errors.email = "Enter your email address.";
    if (!String(form.get("password") ?? "")) errors.password = "Enter your password.";
    setMissing({ errors });
    if (Object.keys(errors).length) {
      setError(null);
      return;
    }
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (!result || result.error) {
      setPending(false);
      // A throttled account or address comes back with its own sentence.
      const message = result?.error?.startsWith("Too many") ? result.error : null;
      setError(message ?? (result?.error === "CredentialsSignin" || !result ? "Wrong email or password." : "Sign-in failed; try again."));
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  return (
    <form onSubmit={submit} onChange={onChange} className="space-y-4" noValidate>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <TextField id="email" label="Email" type="email" autoComplete="email" required autoFocus error={errorFor("email")} />
      <TextField id="password" label="Password" type="password" autoComplete="current-password" required error={errorFor("password")} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
