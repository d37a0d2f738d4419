// Organizations, invitations, roles and the audit log, through lib/teams and
// lib/projects on a real database of the kind under test (SQLite or PostgreSQL):
// the rules must hold where the data is, not only in the UI.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { uniqueEmail } from "../support/api";
import { databaseKind, freshDatabase } from "../support/server";

type Lib = {
  accounts: typeof import("../../lib/auth/accounts");
  verification: typeof import("../../lib/auth/emailVerification");
  projects: typeof import("../../lib/projects");
  teams: typeof import("../../lib/teams");
  audit: typeof import("../../lib/audit");
  db: typeof import("../../lib/db");
};

describe(`teams: organizations, invitations, roles, audit log (${databaseKind()})`, () => {
  let lib: Lib;

  before(async () => {
    const database = await freshDatabase("teams");
    // lib/config reads the environment on first use: point it at the new database first.
    process.env.DATABASE_URL = database.databaseUrl;
    process.env.DATA_DIR = database.dataDir;
    lib = {
      accounts: await import("../../lib/auth/accounts"),
      verification: await import("../../lib/auth/emailVerification"),
      projects: await import("../../lib/projects"),
      teams: await import("../../lib/teams"),
      audit: await import("../../lib/audit"),
      db: await import("../../lib/db"),
    };
    const { config } = await import("../../lib/config");
    await lib.db.migrate(config());
  });
  after(async () => {
    await lib?.db.closeConnections();
  });

  const person = (name?: string) => lib.accounts.createUser({ email: uniqueEmail(name ?? "p"), password: "correct horse battery", name });

  /** An owner with their personal organization and one project in it. */
  async function team() {
    const owner = await person("Olga");
    const [org] = await lib.teams.listOrganizations(owner.id);
    const project = await lib.projects.createProject(owner.id, { name: "Shop" });
    return { owner, org, project };
  }

  async function join(inviterId: string, orgId: string, role: string, name?: string) {
    const user = await person(name);
    const { token } = await lib.teams.createInvitation(inviterId, orgId, { role, email: user.email });
    await lib.teams.acceptInvitation(user.id, token);
    return user;
  }

  async function expectTeamError(promise: Promise<unknown>, code: string, message?: RegExp) {
    await assert.rejects(promise, (error: unknown) => {
      assert.ok(error instanceof lib.teams.TeamError, `expected a TeamError, got ${String(error)}`);
      assert.equal(error.code, code, error.message);
      if (message) assert.match(error.message, message);
      return true;
    });
  }

  test("sign-up makes a personal organization; new projects go into it", async () => {
    const { owner, org, project } = await team();
    assert.equal(org.role, "owner");
    assert.equal(org.name, "Olga's organization");
    assert.equal(project.organizationId, org.id);
    assert.equal(project.role, "owner");
    const orgs = await lib.teams.listOrganizations(owner.id);
    assert.deepEqual(orgs[0].projects.map((p) => p.name), ["Shop"]);
  });

  test("an invitation link: preview, the wrong account, accept once, then it is used", async () => {
    const { owner, org, project } = await team();
    const invitee = await person("Vic");
    const stranger = await person("Sam");
    const created = await lib.teams.createInvitation(owner.id, org.id, { role: "viewer", email: `  ${invitee.email.toUpperCase()} ` });
    assert.match(created.path, /^\/invite\/ct_inv_[A-Za-z0-9_-]+$/);
    assert.equal(created.invitation.email, invitee.email);
    assert.equal(created.emailed, false, "no SMTP configured: nothing is sent");
    const expiresIn = created.invitation.expiresAt.getTime() - Date.now();
    assert.ok(Math.abs(expiresIn - 7 * 86_400_000) < 60_000, `expires in 7 days, not ${expiresIn} ms`);

    // Only the hash is stored.
    const stored = await lib.db.connections().prisma.invitation.findUniqueOrThrow({ where: { id: created.invitation.id } });
    assert.notEqual(stored.tokenHash, created.token);
    assert.ok(!JSON.stringify(stored).includes(created.token));

    const preview = await lib.teams.previewInvitation(created.token);
    assert.equal(preview.status, "pending");
    assert.equal(preview.organizationName, org.name);
    assert.equal(preview.role, "viewer");

    assert.equal(await lib.projects.memberProject(invitee.id, project.id), null, "not a member before accepting");
    await expectTeamError(lib.teams.acceptInvitation(stranger.id, created.token), "wrong_account", new RegExp(invitee.email));
    const accepted = await lib.teams.acceptInvitation(invitee.id, created.token);
    assert.deepEqual(accepted, { organizationId: org.id, alreadyMember: false });
    const seen = await lib.projects.memberProject(invitee.id, project.id);
    assert.equal(seen?.role, "viewer", "the organization's role is the role in its projects");

    assert.equal((await lib.teams.previewInvitation(created.token)).status, "accepted");
    await expectTeamError(lib.teams.acceptInvitation(invitee.id, created.token), "invitation_used", /already been used/);

    // A link without an email works for anyone, once.
    const open = await lib.teams.createInvitation(owner.id, org.id, { role: "member", email: "" });
    await lib.teams.acceptInvitation(stranger.id, open.token);
    const third = await person();
    await expectTeamError(lib.teams.acceptInvitation(third.id, open.token), "invitation_used");

    // Garbage and unknown tokens.
    assert.equal((await lib.teams.previewInvitation("nope")).status, "unknown");
    assert.equal((await lib.teams.previewInvitation("ct_inv_" + "a".repeat(32))).status, "unknown");
    await expectTeamError(lib.teams.acceptInvitation(third.id, "ct_inv_" + "a".repeat(32)), "not_found");
    await expectTeamError(lib.teams.acceptInvitation(third.id, { token: 1 }), "not_found");
  });

  test("an email-bound invitation is not taken by whoever signs up with that address afterwards", async () => {
    const { owner, org } = await team();
    const email = uniqueEmail("target");
    const created = await lib.teams.createInvitation(owner.id, org.id, { role: "admin", email });
    // Anyone can sign up with any address: that alone proves nothing.
    const squatter = await lib.accounts.createUser({ email, password: "correct horse battery" });
    await expectTeamError(lib.teams.acceptInvitation(squatter.id, created.token), "unverified_email", /needs the account that address already had/);
    assert.equal(await lib.teams.memberOrganization(squatter.id, org.id), null);
    assert.equal((await lib.teams.previewInvitation(created.token)).status, "pending", "the invitation is still there for its owner");

    // The mailed link (with SMTP set) is the proof: once opened, the account may join.
    const link = lib.verification.emailVerificationToken(squatter);
    await assert.rejects(lib.verification.confirmEmail(link.slice(0, -2) + (link.endsWith("AA") ? "BB" : "AA")), /not valid/);
    await assert.rejects(lib.verification.confirmEmail(lib.verification.emailVerificationToken(squatter, Date.now() - 2 * 86_400_000)), /expired/);
    await expectTeamError(lib.teams.acceptInvitation(squatter.id, created.token), "unverified_email");
    assert.deepEqual(await lib.verification.confirmEmail(link), { email });
    assert.deepEqual(await lib.teams.acceptInvitation(squatter.id, created.token), { organizationId: org.id, alreadyMember: false });
  });

  test("an email confirmation link stops working when the account's address changes", async () => {
    const user = await person("Eve");
    const link = lib.verification.emailVerificationToken(user);
    await lib.db.connections().prisma.user.update({ where: { id: user.id }, data: { email: uniqueEmail("moved") } });
    await assert.rejects(lib.verification.confirmEmail(link), /not valid/);
    await assert.rejects(lib.verification.confirmEmail("garbage"), /not valid/);
    await assert.rejects(lib.verification.confirmEmail({ token: link }), /not valid/);
  });

  test("an expired invitation cannot be accepted", async () => {
    const { owner, org } = await team();
    const created = await lib.teams.createInvitation(owner.id, org.id, { role: "member" });
    await lib.db.connections().prisma.invitation.update({ where: { id: created.invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    assert.equal((await lib.teams.previewInvitation(created.token)).status, "expired");
    const late = await person();
    await expectTeamError(lib.teams.acceptInvitation(late.id, created.token), "invitation_expired", /expired/);
    assert.equal(await lib.teams.memberOrganization(late.id, org.id), null);
    const listed = await lib.teams.listInvitations(owner.id, org.id);
    assert.equal(listed.find((i) => i.id === created.invitation.id)?.status, "expired");
  });

  test("a revoked invitation cannot be accepted, and only managers revoke", async () => {
    const { owner, org } = await team();
    const member = await join(owner.id, org.id, "member");
    const created = await lib.teams.createInvitation(owner.id, org.id, { role: "admin" });
    await expectTeamError(lib.teams.revokeInvitation(member.id, org.id, created.invitation.id), "forbidden");
    await lib.teams.revokeInvitation(owner.id, org.id, created.invitation.id);
    assert.equal((await lib.teams.previewInvitation(created.token)).status, "revoked");
    const late = await person();
    await expectTeamError(lib.teams.acceptInvitation(late.id, created.token), "invitation_revoked", /revoked/);
    await expectTeamError(lib.teams.revokeInvitation(owner.id, org.id, created.invitation.id), "not_found");
  });

  test("who may invite whom", async () => {
    const { owner, org } = await team();
    const admin = await join(owner.id, org.id, "admin");
    const member = await join(owner.id, org.id, "member");
    const viewer = await join(owner.id, org.id, "viewer");
    await expectTeamError(lib.teams.createInvitation(admin.id, org.id, { role: "owner" }), "forbidden", /Only an owner/);
    await lib.teams.createInvitation(admin.id, org.id, { role: "admin" });
    await expectTeamError(lib.teams.createInvitation(member.id, org.id, { role: "viewer" }), "forbidden");
    await expectTeamError(lib.teams.createInvitation(viewer.id, org.id, { role: "viewer" }), "forbidden");
    await expectTeamError(lib.teams.createInvitation(owner.id, org.id, { role: "emperor" }), "invalid_input", /Pick a role/);
    await expectTeamError(lib.teams.createInvitation(owner.id, org.id, { role: "member", email: "not an email" }), "invalid_input", /valid email/);
    const outsider = await person();
    await expectTeamError(lib.teams.createInvitation(outsider.id, org.id, { role: "member" }), "not_found");
    await expectTeamError(lib.teams.listInvitations(member.id, org.id), "forbidden");
  });

  test("role changes follow the rules: last owner, admins and owners, no raising yourself", async () => {
    const { owner, org, project } = await team();
    const admin = await join(owner.id, org.id, "admin", "Ada");
    const viewer = await join(owner.id, org.id, "viewer", "Vera");

    await expectTeamError(lib.teams.changeRole(owner.id, org.id, owner.id, "admin"), "last_owner");
    await expectTeamError(lib.teams.leaveOrganization(owner.id, org.id), "last_owner", /last owner/);
    await expectTeamError(lib.teams.removeMember(owner.id, org.id, owner.id), "last_owner");
    await expectTeamError(lib.teams.changeRole(admin.id, org.id, owner.id, "member"), "forbidden", /owner's role/);
    await expectTeamError(lib.teams.removeMember(admin.id, org.id, owner.id), "forbidden");
    await expectTeamError(lib.teams.changeRole(admin.id, org.id, viewer.id, "owner"), "forbidden", /make someone an owner/);
    await expectTeamError(lib.teams.changeRole(admin.id, org.id, admin.id, "owner"), "forbidden", /raise your own role/);
    await expectTeamError(lib.teams.changeRole(viewer.id, org.id, viewer.id, "admin"), "forbidden");
    await expectTeamError(lib.teams.changeRole(viewer.id, org.id, admin.id, "viewer"), "forbidden");
    await expectTeamError(lib.teams.changeRole(owner.id, org.id, viewer.id, "superuser"), "invalid_input");

    // A viewer may not change settings, even by calling lib directly.
    await assert.rejects(lib.projects.updateProject(viewer.id, project.id, { name: "Mine now" }), /does not allow/);

    await lib.teams.changeRole(admin.id, org.id, viewer.id, "member");
    assert.equal((await lib.projects.memberProject(viewer.id, project.id))?.role, "member");
    await lib.teams.changeRole(admin.id, org.id, admin.id, "member"); // lowering yourself is fine
    await expectTeamError(lib.teams.changeRole(admin.id, org.id, admin.id, "admin"), "forbidden");

    // Transfer: the target becomes owner and the old owner an admin, who may then leave.
    await expectTeamError(lib.teams.transferOwnership(admin.id, org.id, viewer.id), "forbidden");
    await expectTeamError(lib.teams.transferOwnership(owner.id, org.id, owner.id), "invalid_input");
    await lib.teams.transferOwnership(owner.id, org.id, viewer.id);
    const roles = Object.fromEntries((await lib.teams.listMembers(owner.id, org.id)).map((m) => [m.userId, m.role]));
    assert.deepEqual(roles, { [owner.id]: "admin", [admin.id]: "member", [viewer.id]: "owner" });
    await lib.teams.leaveOrganization(owner.id, org.id);
    assert.equal(await lib.projects.memberProject(owner.id, project.id), null, "who left no longer sees the project");

    // Two owners: one may demote the other, but not the last one left.
    await lib.teams.changeRole(viewer.id, org.id, admin.id, "owner");
    await lib.teams.changeRole(admin.id, org.id, viewer.id, "viewer");
    await expectTeamError(lib.teams.changeRole(admin.id, org.id, admin.id, "viewer"), "last_owner");

    // Removing a member takes their access away.
    await lib.teams.removeMember(admin.id, org.id, viewer.id);
    assert.equal(await lib.projects.memberProject(viewer.id, project.id), null);
    await expectTeamError(lib.teams.removeMember(admin.id, org.id, viewer.id), "not_found");
  });

  test("projects go only into organizations where you may create them", async () => {
    const { owner, org } = await team();
    const viewer = await join(owner.id, org.id, "viewer");
    await assert.rejects(lib.projects.createProject(viewer.id, { name: "Sneaky", organizationId: org.id }), /does not allow creating projects/);
    await assert.rejects(lib.projects.createProject(viewer.id, { name: "Sneaky", organizationId: "nope" }), /No such organization/);
    // Without a name, the viewer's own organization is used.
    const own = await lib.projects.createProject(viewer.id, { name: "Mine" });
    assert.notEqual(own.organizationId, org.id);
    const named = await lib.projects.createProject(owner.id, { name: "Second", organizationId: org.id });
    assert.equal(named.organizationId, org.id);
    assert.equal((await lib.projects.memberProject(viewer.id, named.id))?.role, "viewer", "every project of the organization is shared");
  });

  test("the audit log records membership, key and settings changes, newest first, for admins only", async () => {
    const { owner, org, project } = await team();
    const member = await join(owner.id, org.id, "member", "Mo");
    await lib.teams.changeRole(owner.id, org.id, member.id, "admin");
    const { summary: key } = await lib.projects.createSecretKey(owner.id, project.id, "warehouse");
    await lib.projects.revokeSecretKey(owner.id, project.id, key.id);
    await lib.projects.updateProject(owner.id, project.id, { name: "Shop 2", timezone: "Europe/Berlin" });
    await lib.projects.updateProject(owner.id, project.id, { name: "Shop 2" }); // no change, no entry
    const pending = await lib.teams.createInvitation(owner.id, org.id, { role: "viewer" });
    await lib.teams.revokeInvitation(owner.id, org.id, pending.invitation.id);
    await lib.teams.renameOrganization(owner.id, org.id, "Acme");

    const all = await lib.audit.listAuditEntries(owner.id, org.id, { limit: 100 });
    assert.deepEqual(
      all.entries.map((e) => e.action),
      [
        "organization.renamed",
        "invitation.revoked",
        "invitation.created",
        "project.settings_changed",
        "key.revoked",
        "key.created",
        "member.role_changed",
        "member.joined",
        "invitation.created",
        "project.created",
        "organization.created",
      ],
    );
    const roleChange = all.entries.find((e) => e.action === "member.role_changed")!;
    assert.equal(roleChange.target, member.email);
    assert.deepEqual(roleChange.details, { from: "member", to: "admin" });
    assert.equal(roleChange.actor?.email, owner.email);
    const settings = all.entries.find((e) => e.action === "project.settings_changed")!;
    assert.deepEqual(settings.details, { name: { from: "Shop", to: "Shop 2" }, timezone: { from: "UTC", to: "Europe/Berlin" } });
    assert.equal(settings.projectId, project.id);
    assert.equal(all.nextBefore, null);

    // Pages of 4, newest first, with no entry twice.
    const seen: string[] = [];
    let before: string | null | undefined;
    do {
      const page = await lib.audit.listAuditEntries(owner.id, org.id, { limit: 4, before: before ?? undefined });
      seen.push(...page.entries.map((e) => e.id));
      before = page.nextBefore;
    } while (before);
    assert.deepEqual(seen, all.entries.map((e) => e.id));

    // Members and viewers do not see it; strangers do not even find it.
    await lib.teams.changeRole(owner.id, org.id, member.id, "member");
    await assert.rejects(lib.audit.listAuditEntries(member.id, org.id), /Only owners and admins/);
    const stranger = await person();
    await assert.rejects(lib.audit.listAuditEntries(stranger.id, org.id), /No such organization/);

    // Deleting the project keeps its entries, and adds one.
    await lib.projects.deleteProject(owner.id, project.id, "Shop 2");
    const afterDelete = await lib.audit.listAuditEntries(owner.id, org.id, { limit: 100 });
    assert.equal(afterDelete.entries[0].action, "project.deleted");
    assert.ok(afterDelete.entries.some((e) => e.action === "key.created" && e.projectId === project.id));
  });

  test("removal from the organization ends the removed person's sessions; leaving does not end anyone else's", async () => {
    const { owner, org } = await team();
    const removed = await join(owner.id, org.id, "member");
    const leaver = await join(owner.id, org.id, "viewer");
    const version = async (userId: string) =>
      (await lib.db.connections().prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionVersion: true } })).sessionVersion;
    const [removedBefore, ownerBefore] = [await version(removed.id), await version(owner.id)];
    await lib.teams.removeMember(owner.id, org.id, removed.id);
    assert.equal(await version(removed.id), removedBefore + 1, "a token issued before the removal is no longer accepted");
    assert.equal(await version(owner.id), ownerBefore, "the one who removed stays signed in");
    await lib.teams.leaveOrganization(leaver.id, org.id);
    assert.equal(await version(owner.id), ownerBefore);
  });

  test("a refused change writes nothing to the audit log", async () => {
    const { owner, org } = await team();
    const admin = await join(owner.id, org.id, "admin");
    const count = async () => (await lib.audit.listAuditEntries(owner.id, org.id, { limit: 100 })).entries.length;
    const before = await count();
    await expectTeamError(lib.teams.changeRole(admin.id, org.id, owner.id, "viewer"), "forbidden");
    await expectTeamError(lib.teams.leaveOrganization(owner.id, org.id), "last_owner");
    assert.equal(await count(), before);
  });
});
