"use client";

import { acceptInvitationAction, type AcceptState } from "@/app/(auth)/invite/[token]/actions";
import { Button } from "@/components/ui/Button";
import { Notice } from "@/components/ui/Notice";
import { useSubmit } from "@/components/ui/useSubmit";

export function AcceptInvitation({ token, organizationName }: { token: string; organizationName: string }) {
  const { state, onSubmit, pending } = useSubmit(acceptInvitationAction.bind(null, token), {} as AcceptState);
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      {state.error ? <Notice tone="error">{state.error}</Notice> : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Joining…" : `Join ${organizationName}`}
      </Button>
    </form>
  );
}
