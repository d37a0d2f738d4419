import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ACTIONS, can, isRole, roleRank, ROLES, type Action, type Role } from "../../lib/auth/permissions";

// The whole table, written out: changing a permission means changing this too.
//                                  owner  admin  member viewer
const EXPECTED: Record<Action, [boolean, boolean, boolean, boolean]> = {
  view_reports:                    [true,  true,  true,  true],
  save_reports:                    [true,  true,  true,  false],
  manage_cohorts:                  [true,  true,  true,  false],
  manage_tracking_plan:            [true,  true,  false, false],
  manage_experiments:              [true,  true,  true,  false],
  manage_boards:                   [true,  true,  true,  false],
  view_members:                    [true,  true,  true,  true],
  manage_keys:                     [true,  true,  false, false],
  manage_members:                  [true,  true,  false, false],
  change_settings:                 [true,  true,  false, false],
  create_project:                  [true,  true,  false, false],
  delete_data:                     [true,  true,  false, false],
  delete_project:                  [true,  false, false, false],
  view_audit_log:                  [true,  true,  false, false],
  transfer_ownership:              [true,  false, false, false],
};

describe("permissions", () => {
  test("the roles, highest first", () => {
    assert.deepEqual([...ROLES], ["owner", "admin", "member", "viewer"]);
    assert.deepEqual(ROLES.map(roleRank), [3, 2, 1, 0]);
    assert.equal(roleRank("superuser"), -1);
    for (const role of ROLES) assert.equal(isRole(role), true);
    for (const other of ["Owner", "superuser", "", "toString", "__proto__", 1, null]) assert.equal(isRole(other), false, String(other));
  });

  test("the table covers every action", () => {
    assert.deepEqual([...ACTIONS].sort(), Object.keys(EXPECTED).sort());
  });

  for (const action of ACTIONS) {
    for (const [index, role] of (ROLES as readonly Role[]).entries()) {
      const allowed = EXPECTED[action][index];
      test(`${role} ${allowed ? "may" : "may not"} ${action}`, () => {
        assert.equal(can(role, action), allowed);
      });
    }
  }

  test("an unknown role or action may do nothing", () => {
    for (const action of ACTIONS) {
      for (const role of ["superuser", "", "constructor", "__proto__", "OWNER"]) assert.equal(can(role, action), false, `${role} ${action}`);
    }
    assert.equal(can("owner", "toString" as Action), false);
    assert.equal(can("owner", "__proto__" as Action), false);
  });
});
