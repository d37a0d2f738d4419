"use client";

import { sendConfirmationAction, type ConfirmEmailState } from "@/app/(auth)/invite/[token]/actions";
import { Button } from "@/components/ui/Button";
import { Notice } from "@/components/ui/Notice";
import { useSubmit } from "@/components/ui/useSubmit";

/** For an account made after an email-bound invitation: mails it the link that proves the address is theirs. */
export function ConfirmEmailForInvitation({ token, email }: { token: string; email: string }) {
  const { state, onSubmit, pending } = useSubmit(sendConfirmationAction.bind(null, token), {} as ConfirmEmailState);
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <Notice tone="info">
        This invitation is for {email}. Before you join, confirm that the address is yours: we mail you a link, you open it, then come back here.
      </Notice>
      {state.error ? <Notice tone="error">{state.error}</Notice> : null}
      {state.sent ? <Notice tone="success">We sent the link to {email}. It works for 24 hours.</Notice> : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Sending…" : state.sent ? "Send the link again" : "Email me the confirmation link"}
      </Button>
    </form>
  );
}
