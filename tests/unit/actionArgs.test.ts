// Every server action refuses arguments the dashboard never sends, before it
// signs anyone in or reaches the database. Server actions are public
// endpoints: `deleteFunnel(projectId, {"not": ""})` once deleted every saved
// report of the project. Called here outside any request: an action that got
// past its argument check would fail trying to read the session instead of
// answering BAD_ARGUMENTS.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { BAD_ARGUMENTS } from "../../lib/actions/args";
import * as acceptInvitation from "../../app/(auth)/invite/[token]/actions";
import * as signUp from "../../app/(auth)/signup/actions";
import * as verifyEmail from "../../app/(auth)/verify-email/actions";
import * as organizationSettings from "../../app/organizations/[orgId]/settings/actions";
import * as saveAsCohort from "../../app/projects/[projectId]/cohorts/saveAsCohort";
import * as cohortDestinations from "../../app/projects/[projectId]/cohorts/[cohortId]/destinations/actions";
import * as funnels from "../../app/projects/[projectId]/funnels/actions";
import * as projectSettings from "../../app/projects/[projectId]/settings/actions";
import * as projects from "../../app/projects/actions";

const ROOT = path.resolve(__dirname, "..", "..");
const objectId = { not: "" };
const form = () => new FormData();

/** Each action with arguments an attacker could send instead of the dashboard's. */
const badCalls: Record<string, () => Promise<{ error?: string }>> = {
  "deleteFunnelAction (object id)": () => funnels.deleteFunnelAction("p1", objectId as never),
  "deleteFunnelAction (object project id)": () => funnels.deleteFunnelAction(objectId as never, "r1"),
  "saveFunnelAction (object id)": () => funnels.saveFunnelAction("p1", { name: "x", query: {}, id: objectId as never }),
  "saveFunnelAction (query not an object)": () => funnels.saveFunnelAction("p1", { name: "x", query: "all" as never }),
  "saveAsCohortAction (step not a number)": () => saveAsCohort.saveAsCohortAction("p1", { type: "funnel", query: {}, step: "1" as never, persons: "dropped" }, "x"),
  "saveAsCohortAction (object project id)": () => saveAsCohort.saveAsCohortAction(objectId as never, { type: "funnel", query: {}, step: 1, persons: "dropped" }, "x"),
  "saveAsCohortAction (unknown source)": () => saveAsCohort.saveAsCohortAction("p1", { type: "paths" } as never, "x"),
  "saveAsCohortAction (users where not a list)": () => saveAsCohort.saveAsCohortAction("p1", { type: "users", where: "all" as never }, "x"),
  "addDestinationAction (no form)": () => cohortDestinations.addDestinationAction("p1", "c1", {}, { url: "https://x" } as never),
  "removeDestinationAction (object id)": () => cohortDestinations.removeDestinationAction("p1", "c1", objectId as never),
  "createProjectAction (no form)": () => projects.createProjectAction({}, { name: "x" } as never),
  "updateProjectAction (object project id)": () => projectSettings.updateProjectAction(objectId as never, {}, form()),
  "createSecretKeyAction (no form)": () => projectSettings.createSecretKeyAction("p1", {}, null as never),
  "revokeSecretKeyAction (object key id)": () => projectSettings.revokeSecretKeyAction("p1", objectId as never),
  "deleteProjectAction (object project id)": () => projectSettings.deleteProjectAction(objectId as never, {}, form()),
  "signUpAction (no form)": () => signUp.signUpAction({ ok: false }, { email: "a@b.c" } as never),
  "acceptInvitationAction (object token)": () => acceptInvitation.acceptInvitationAction(objectId as never, {}, form()),
  "sendConfirmationAction (object token)": () => acceptInvitation.sendConfirmationAction(objectId as never, {}, form()),
  "confirmEmailAction (no form)": () => verifyEmail.confirmEmailAction({}, { token: "x" } as never),
  "renameOrganizationAction (object id)": () => organizationSettings.renameOrganizationAction(objectId as never, {}, form()),
  "createInvitationAction (no form)": () => organizationSettings.createInvitationAction("o1", {}, "x" as never),
  "revokeInvitationAction (object id)": () => organizationSettings.revokeInvitationAction("o1", objectId as never),
  "changeRoleAction (role not a string)": () => organizationSettings.changeRoleAction("o1", "u1", ["owner"] as never),
  "removeMemberAction (object id)": () => organizationSettings.removeMemberAction("o1", objectId as never),
  "transferOwnershipAction (empty id)": () => organizationSettings.transferOwnershipAction("o1", ""),
  "leaveOrganizationAction (object id)": () => organizationSettings.leaveOrganizationAction(objectId as never),
};

describe("server action arguments", () => {
  for (const [name, call] of Object.entries(badCalls)) {
    test(`${name} is refused before anything else`, async () => {
      const answer = await call();
      assert.equal(answer.error, BAD_ARGUMENTS);
    });
  }

  test("every exported action of every \"use server\" file is covered above", () => {
    const modules = { acceptInvitation, signUp, verifyEmail, organizationSettings, cohortDestinations, funnels, saveAsCohort, projectSettings, projects };
    const covered = new Set(Object.keys(badCalls).map((name) => name.split(" ")[0]));
    const exported = Object.values(modules).flatMap((m) => Object.entries(m).filter(([, v]) => typeof v === "function").map(([k]) => k));
    assert.deepEqual(exported.filter((name) => !covered.has(name)), []);
    // And no "use server" file was left out of this test.
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.tsx?$/.test(entry.name) && /^\s*["']use server["']/m.test(fs.readFileSync(full, "utf8"))) files.push(path.relative(ROOT, full));
      }
    };
    walk(path.join(ROOT, "app"));
    walk(path.join(ROOT, "lib"));
    assert.deepEqual(files.sort(), [
      "app/(auth)/invite/[token]/actions.ts",
      "app/(auth)/signup/actions.ts",
      "app/(auth)/verify-email/actions.ts",
      "app/organizations/[orgId]/settings/actions.ts",
      "app/projects/[projectId]/cohorts/[cohortId]/destinations/actions.ts",
      "app/projects/[projectId]/cohorts/saveAsCohort.ts",
      "app/projects/[projectId]/funnels/actions.ts",
      "app/projects/[projectId]/settings/actions.ts",
      "app/projects/actions.ts",
    ]);
  });
});
