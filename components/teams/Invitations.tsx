"use client";

// Invitation links: create one (shown once, with its expiry), see the pending
// ones, revoke. Emailed too when the server has SMTP configured.
import { useState, useTransition } from "react";
import { createInvitationAction, revokeInvitationAction, type TeamFormState } from "@/app/organizations/[orgId]/settings/actions";
import { Time } from "@/components/format/Time";
import { Button } from "@/components/ui/Button";
import { CopyField } from "@/components/ui/CopyButton";
import { SelectField, TextField } from "@/components/ui/Field";
import { Notice } from "@/components/ui/Notice";
import { fieldErrorsOf, useFieldErrors } from "@/components/ui/useFieldErrors";
import { useSubmit } from "@/components/ui/useSubmit";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/auth/permissions";
import { invitationRefusal } from "@/lib/teams/rules";
import { RoleBadge } from "./RoleBadge";

export interface InvitationRow {
  id: string;
  email: string | null;
  role: Role;
  status: "pending" | "accepted" | "revoked" | "expired";
  createdAt: string;
  expiresAt: string;
  createdBy: string | null;
}

export function Invitations({
  organizationId,
  invitations,
  myRole,
  mailEnabled,
  zone,
}: {
  organizationId: string;
  invitations: InvitationRow[];
  myRole: Role;
  mailEnabled: boolean;
  zone: string;
}) {
  const when = (iso: string) => <Time value={iso} zone={zone} />;
  const { state, onSubmit, pending } = useSubmit(createInvitationAction.bind(null, organizationId), {} as TeamFormState, (next) => Boolean(next.link));
  const { errorFor, onChange } = useFieldErrors(state, fieldErrorsOf(state));
  const [revoking, startRevoke] = useTransition();
  const [revokeResult, setRevokeResult] = useState<TeamFormState>({});
  const roles = ROLES.filter((role) => !invitationRefusal({ actorRole: myRole, role }));
  const pendingOnes = invitations.filter((i) => i.status === "pending");
  const past = invitations.filter((i) => i.status !== "pending");

  function revoke(invitation: InvitationRow) {
    if (!window.confirm(`Revoke the invitation${invitation.email ? ` for ${invitation.email}` : ""}? Its link stops working at once.`)) return;
    startRevoke(async () => setRevokeResult(await revokeInvitationAction(organizationId, invitation.id)));
  }

  return (
    <div className="space-y-5">
      {state.link ? (
        <Notice tone="success">
          <p className="mb-2 font-medium">Invitation link created. Copy it now: it is shown only once.</p>
          <CopyField label="Invitation link" value={state.link} />
          <p className="mt-2 text-xs">
            Works once, until {when(state.expiresAt!)}.{" "}
            {state.emailed ? "We also emailed it." : mailEnabled ? "" : "Send it yourself: this server sends no mail (set SMTP_URL and MAIL_FROM to change that)."}
          </p>
        </Notice>
      ) : null}
      <form onSubmit={onSubmit} onChange={onChange} className="grid items-start gap-3 sm:grid-cols-[1fr_auto_auto]" noValidate>
        <TextField
          id="inviteEmail"
          label="Email (optional)"
          type="email"
          autoComplete="off"
          placeholder="teammate@example.com"
          aria-describedby="inviteEmail-about"
          error={errorFor("inviteEmail")}
        />
        <SelectField id="inviteRole" label="Role" error={errorFor("inviteRole")} defaultValue={roles.includes("member") ? "member" : roles[roles.length - 1]}>
          {roles.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role].label}
            </option>
          ))}
        </SelectField>
        {/* Level with the fields under their labels, however tall an error makes the email field. */}
        <Button type="submit" disabled={pending} className="sm:mt-[1.625rem]">
          {pending ? "Creating…" : "Create invitation link"}
        </Button>
      </form>
      {state.error && !state.field ? <Notice tone="error">{state.error}</Notice> : null}
      <p id="inviteEmail-about" className="-mt-2 text-xs text-slate-500">
        {mailEnabled ? "With an address, the link is emailed and only that account can use it." : "With an address, only that account can use the link."} Links work once and expire after 7 days.
      </p>

      {revokeResult.error ? <Notice tone="error">{revokeResult.error}</Notice> : null}

      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-800">Pending</h3>
        {pendingOnes.length ? (
          <ul className="divide-y divide-slate-100 rounded-lg ring-1 ring-slate-200">
            {pendingOnes.map((invitation) => (
              <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 text-sm">
                <span className="min-w-0">
                  <span className="block font-medium text-slate-900">{invitation.email ?? "Anyone with the link"}</span>
                  <span className="block text-xs text-slate-500">
                    Expires {when(invitation.expiresAt)}
                    {invitation.createdBy ? ` · by ${invitation.createdBy}` : ""}
                  </span>
                </span>
                <span className="flex items-center gap-2">
                  <RoleBadge role={invitation.role} />
                  {roles.includes(invitation.role) ? (
                    <Button variant="ghost" className="px-2 py-1 text-xs text-red-600! hover:text-red-700!" disabled={revoking} onClick={() => revoke(invitation)}>
                      Revoke<span className="sr-only"> the invitation for {invitation.email ?? "anyone with the link"}</span>
                    </Button>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-500">No pending invitations. Create a link above and send it to a teammate.</p>
        )}
      </div>

      {past.length ? (
        <details className="text-sm">
          <summary className="cursor-pointer rounded font-medium text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-600">
            Used, revoked and expired ({past.length})
          </summary>
          <ul className="mt-2 space-y-1 text-slate-500">
            {past.map((invitation) => (
              <li key={invitation.id}>
                {invitation.email ?? "Link"} · {ROLE_LABELS[invitation.role].label} · {invitation.status} · created {when(invitation.createdAt)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
