// A session token is good only while it carries the user's current session
// version (issue 16: sessions must not outlive sign-out).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { sessionStillValid } from "../../lib/auth/sessionVersion";

describe("sessionStillValid", () => {
  test("the current version is good; any other is not", () => {
    assert.equal(sessionStillValid(3, 3), true);
    assert.equal(sessionStillValid(2, 3), false);
    assert.equal(sessionStillValid(4, 3), false);
  });

  test("a token from before versions existed counts as version 0", () => {
    assert.equal(sessionStillValid(undefined, 0), true);
    assert.equal(sessionStillValid(undefined, 1), false);
    assert.equal(sessionStillValid("0", 1), false);
  });
});
