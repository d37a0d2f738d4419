"use client";

import Link from "next/link";
import { confirmEmailAction, type ConfirmState } from "@/app/(auth)/verify-email/actions";
import { Button, buttonClass } from "@/components/ui/Button";
import { Notice } from "@/components/ui/Notice";
import { useSubmit } from "@/components/ui/useSubmit";

export function ConfirmEmailForm({ token, next }: { token: string; next: string }) {
  const { state, onSubmit, pending } = useSubmit(confirmEmailAction, {} as ConfirmState);
  if (state.confirmed) {
    return (
      <div className="space-y-4">
        <Notice tone="success">{state.confirmed} is confirmed.</Notice>
        <Link href={next} className={buttonClass("primary", "w-full")}>
          Continue
        </Link>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      {state.error ? <Notice tone="error">{state.error}</Notice> : null}
      <input type="hidden" name="token" value={token} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Confirming…" : "Confirm my email address"}
      </Button>
    </form>
  );
}
