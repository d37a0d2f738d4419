// The membership rules of lib/teams/rules.ts, case by case.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ROLES } from "../../lib/auth/permissions";
import { emailBindingRefusal, invitationRefusal, leaveRefusal, removalRefusal, roleChangeRefusal, transferRefusal } from "../../lib/teams/rules";

const code = (refusal: { code: string } | null) => refusal?.code ?? "ok";

describe("membership rules", () => {
  test("the last owner cannot leave, be removed or be demoted", () => {
    assert.equal(code(leaveRefusal({ role: "owner", ownerCount: 1 })), "last_owner");
    assert.equal(code(leaveRefusal({ role: "owner", ownerCount: 2 })), "ok");
    for (const role of ["admin", "member", "viewer"]) assert.equal(code(leaveRefusal({ role, ownerCount: 1 })), "ok", role);
    assert.equal(code(removalRefusal({ actorRole: "owner", targetRole: "owner", self: true, ownerCount: 1 })), "last_owner");
    for (const newRole of ["admin", "member", "viewer"]) {
      assert.equal(code(roleChangeRefusal({ actorRole: "owner", targetRole: "owner", newRole, self: true, ownerCount: 1 })), "last_owner", newRole);
      assert.equal(code(roleChangeRefusal({ actorRole: "owner", targetRole: "owner", newRole, self: false, ownerCount: 2 })), "ok", newRole);
      assert.equal(code(roleChangeRefusal({ actorRole: "owner", targetRole: "owner", newRole, self: true, ownerCount: 2 })), "ok", newRole);
    }
    assert.equal(code(removalRefusal({ actorRole: "owner", targetRole: "owner", self: false, ownerCount: 1 })), "last_owner");
    assert.equal(code(removalRefusal({ actorRole: "owner", targetRole: "owner", self: false, ownerCount: 2 })), "ok");
  });

  test("admins cannot touch owners or grant owner", () => {
    for (const newRole of ROLES) {
      assert.equal(code(roleChangeRefusal({ actorRole: "admin", targetRole: "owner", newRole, self: false, ownerCount: 2 })), "forbidden", newRole);
    }
    assert.equal(code(removalRefusal({ actorRole: "admin", targetRole: "owner", self: false, ownerCount: 2 })), "forbidden");
    for (const targetRole of ["admin", "member", "viewer"]) {
      assert.equal(code(roleChangeRefusal({ actorRole: "admin", targetRole, newRole: "owner", self: false, ownerCount: 1 })), "forbidden", targetRole);
      assert.equal(code(removalRefusal({ actorRole: "admin", targetRole, self: false, ownerCount: 1 })), "ok", targetRole);
      for (const newRole of ["admin", "member", "viewer"]) {
        assert.equal(code(roleChangeRefusal({ actorRole: "admin", targetRole, newRole, self: false, ownerCount: 1 })), "ok", `${targetRole}->${newRole}`);
      }
    }
    assert.equal(code(invitationRefusal({ actorRole: "admin", role: "owner" })), "forbidden");
    assert.equal(code(invitationRefusal({ actorRole: "owner", role: "owner" })), "ok");
    for (const role of ["admin", "member", "viewer"]) assert.equal(code(invitationRefusal({ actorRole: "admin", role })), "ok", role);
  });

  test("members and viewers manage nobody", () => {
    for (const actorRole of ["member", "viewer", "stranger"]) {
      for (const targetRole of ROLES) {
        for (const newRole of ROLES) {
          if (newRole === targetRole) continue;
          assert.equal(code(roleChangeRefusal({ actorRole, targetRole, newRole, self: false, ownerCount: 2 })), "forbidden", `${actorRole}: ${targetRole}->${newRole}`);
        }
        assert.equal(code(removalRefusal({ actorRole, targetRole, self: false, ownerCount: 2 })), "forbidden");
      }
      assert.equal(code(invitationRefusal({ actorRole, role: "viewer" })), "forbidden");
      assert.equal(code(transferRefusal({ actorRole, targetRole: "viewer", self: false })), "forbidden");
    }
  });

  test("nobody raises their own role", () => {
    for (const [i, from] of ROLES.entries()) {
      for (const to of ROLES.slice(0, i)) {
        assert.equal(code(roleChangeRefusal({ actorRole: from, targetRole: from, newRole: to, self: true, ownerCount: 1 })), "forbidden", `${from}->${to}`);
      }
    }
    // Lowering yourself is fine while another owner remains.
    assert.equal(code(roleChangeRefusal({ actorRole: "admin", targetRole: "admin", newRole: "viewer", self: true, ownerCount: 1 })), "ok");
  });

  test("only an owner transfers ownership, to another member", () => {
    assert.equal(code(transferRefusal({ actorRole: "owner", targetRole: "viewer", self: false })), "ok");
    assert.equal(code(transferRefusal({ actorRole: "admin", targetRole: "viewer", self: false })), "forbidden");
    assert.equal(code(transferRefusal({ actorRole: "owner", targetRole: "owner", self: true })), "invalid_input");
    assert.equal(code(transferRefusal({ actorRole: "owner", targetRole: null, self: false })), "invalid_input");
  });

  test("an unknown role is refused as bad input", () => {
    assert.equal(code(roleChangeRefusal({ actorRole: "owner", targetRole: "viewer", newRole: "god", self: false, ownerCount: 1 })), "invalid_input");
    assert.equal(code(invitationRefusal({ actorRole: "owner", role: "" })), "invalid_input");
  });

  test("an email-bound invitation: the right address, proved or older than the invitation", () => {
    const invitation = { email: "ann@example.com", createdAt: new Date(1_000) };
    const account = (email: string, createdAt: number, verifiedAt: number | null = null) => ({
      email,
      createdAt: new Date(createdAt),
      emailVerifiedAt: verifiedAt === null ? null : new Date(verifiedAt),
    });
    assert.equal(emailBindingRefusal(invitation, account("ann@example.com", 500)), null, "the account existed when invited");
    assert.equal(emailBindingRefusal(invitation, account("ann@example.com", 2_000)), "unverified_email", "signed up afterwards, unproved");
    assert.equal(emailBindingRefusal(invitation, account("ann@example.com", 2_000, 3_000)), null, "signed up afterwards, address confirmed");
    assert.equal(emailBindingRefusal(invitation, account("bob@example.com", 500, 600)), "wrong_account");
    assert.equal(emailBindingRefusal({ email: null, createdAt: new Date(1_000) }, account("bob@example.com", 2_000)), null, "a link for anyone");
  });
});
