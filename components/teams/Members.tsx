"use client";

// The members of an organization. Each row offers only what the signed-in
// person's role allows under the membership rules; the server actions check
// the same rules again.
import { useState, useTransition } from "react";
import {
  changeRoleAction,
  leaveOrganizationAction,
  removeMemberAction,
  transferOwnershipAction,
  type TeamFormState,
} from "@/app/organizations/[orgId]/settings/actions";
import { Time } from "@/components/format/Time";
import { Button } from "@/components/ui/Button";
import { inputClass } from "@/components/ui/Field";
import { Notice } from "@/components/ui/Notice";
import { can, ROLE_LABELS, ROLES, type Role } from "@/lib/auth/permissions";
import { leaveRefusal, removalRefusal, roleChangeRefusal } from "@/lib/teams/rules";
import { RoleBadge } from "./RoleBadge";

export interface MemberRow {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  joinedAt: string;
}

export function Members({ organizationId, members, me, myRole, zone }: { organizationId: string; members: MemberRow[]; me: string; myRole: Role; zone: string }) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<TeamFormState>({});
  const ownerCount = members.filter((m) => m.role === "owner").length;

  function run(question: string | null, action: () => Promise<TeamFormState>) {
    if (question && !window.confirm(question)) return;
    start(async () => setResult(await action()));
  }

  const who = (m: MemberRow) => m.name || m.email;

  return (
    <div className="space-y-4">
      {result.error ? <Notice tone="error">{result.error}</Notice> : result.done ? <Notice tone="success">{result.done}</Notice> : null}
      <div className="relative overflow-x-auto">
        <table className="min-w-full text-left text-sm">
          <caption className="sr-only">Members</caption>
          <thead className="text-xs tracking-wide text-slate-500 uppercase">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">Person</th>
              <th scope="col" className="py-2 pr-4 font-medium">Role</th>
              <th scope="col" className="hidden py-2 pr-4 font-medium sm:table-cell">Joined</th>
              <th scope="col" className="py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {members.map((m) => {
              const self = m.userId === me;
              const roleOptions = ROLES.filter(
                (r) => r === m.role || !roleChangeRefusal({ actorRole: myRole, targetRole: m.role, newRole: r, self, ownerCount }),
              );
              const canRemove = !self && !removalRefusal({ actorRole: myRole, targetRole: m.role, self, ownerCount });
              const canTransfer = !self && can(myRole, "transfer_ownership") && m.role !== "owner";
              const canLeave = self && !leaveRefusal({ role: m.role, ownerCount });
              return (
                <tr key={m.userId}>
                  <td className="py-3 pr-4">
                    <span className="block font-medium text-slate-900">
                      {who(m)}
                      {self ? <span className="ml-1 text-xs font-normal text-slate-500">(you)</span> : null}
                    </span>
                    {m.name ? <span className="block text-xs text-slate-500">{m.email}</span> : null}
                  </td>
                  <td className="py-3 pr-4">
                    {roleOptions.length > 1 ? (
                      <>
                        <label htmlFor={`role-${m.userId}`} className="sr-only">
                          Role of {m.email}
                        </label>
                        <select
                          id={`role-${m.userId}`}
                          value={m.role}
                          disabled={pending}
                          className={`${inputClass} w-auto py-1.5`}
                          onChange={(e) => {
                            const next = e.target.value as Role;
                            run(`Make ${who(m)} ${ROLE_LABELS[next].label.toLowerCase()}?`, () => changeRoleAction(organizationId, m.userId, next));
                          }}
                        >
                          {roleOptions.map((r) => (
                            <option key={r} value={r}>
                              {ROLE_LABELS[r].label}
                            </option>
                          ))}
                        </select>
                      </>
                    ) : (
                      <RoleBadge role={m.role} />
                    )}
                  </td>
                  <td className="hidden py-3 pr-4 text-slate-600 tabular-nums sm:table-cell">
                    <Time value={m.joinedAt} zone={zone} style="date" />
                  </td>
                  <td className="py-3 text-right whitespace-nowrap">
                    {canTransfer ? (
                      <Button
                        variant="ghost"
                        className="px-2 py-1 text-xs"
                        disabled={pending}
                        onClick={() =>
                          run(`Transfer ownership to ${who(m)}? They become owner and you become an admin.`, () => transferOwnershipAction(organizationId, m.userId))
                        }
                      >
                        Transfer ownership<span className="sr-only"> to {m.email}</span>
                      </Button>
                    ) : null}
                    {canRemove ? (
                      <Button
                        variant="ghost"
                        className="px-2 py-1 text-xs text-red-600! hover:text-red-700!"
                        disabled={pending}
                        onClick={() => run(`Remove ${who(m)}? They lose access to every project of this organization at once.`, () => removeMemberAction(organizationId, m.userId))}
                      >
                        Remove<span className="sr-only"> {m.email}</span>
                      </Button>
                    ) : null}
                    {canLeave ? (
                      <Button
                        variant="ghost"
                        className="px-2 py-1 text-xs text-red-600! hover:text-red-700!"
                        disabled={pending}
                        onClick={() => run("Leave this organization? You lose access to its projects until someone invites you again.", () => leaveOrganizationAction(organizationId))}
                      >
                        Leave organization
                      </Button>
                    ) : self && m.role === "owner" ? (
                      <span className="text-xs text-slate-500">Last owner: transfer ownership to leave</span>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
