import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { can, isRole, ROLES, type Action } from "../../lib/auth/permissions";

const ACTIONS: Action[] = ["view_reports", "manage_keys", "manage_members", "change_settings", "delete_data", "delete_project"];

describe("permissions", () => {
  test("the roles", () => {
    assert.deepEqual([...ROLES], ["owner", "admin", "member", "viewer"]);
    for (const role of ROLES) assert.equal(isRole(role), true);
    for (const other of ["Owner", "superuser", "", "toString", "__proto__"]) assert.equal(isRole(other), false, other);
  });

  test("who may do what", () => {
    const expected: Record<string, Action[]> = {
      owner: ACTIONS,
      admin: ["view_reports", "manage_keys", "manage_members", "change_settings", "delete_data"],
      member: ["view_reports"],
      viewer: ["view_reports"],
    };
    for (const role of ROLES) {
      for (const action of ACTIONS) {
        assert.equal(can(role, action), expected[role].includes(action), `${role} ${action}`);
      }
    }
  });

  test("an unknown role may do nothing", () => {
    for (const action of ACTIONS) {
      assert.equal(can("superuser", action), false);
      assert.equal(can("", action), false);
      assert.equal(can("constructor", action), false);
    }
  });
});
