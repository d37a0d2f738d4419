// The one line `crumbtrail` prints on error (lib/cli/output.ts, errorLine): never
// an empty "unexpected failure:", whatever shape the error's message has.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { errorLine } from "../../lib/cli/output";

describe("the command line's error line", () => {
  test("a known error: its first line", () => {
    assert.equal(errorLine(new Error("no project with id p1\nmore detail"), true), "no project with id p1");
  });

  test("an unexpected error that opens with an empty line keeps its header and its cause", () => {
    const prisma = new Error("\nInvalid `prisma.project.create()` invocation:\n\n\nOperation has timed out");
    assert.equal(errorLine(prisma, false), "unexpected failure: Invalid `prisma.project.create()` invocation: … Operation has timed out");
  });

  test("one line, or none at all", () => {
    assert.equal(errorLine(new Error("disk full"), false), "unexpected failure: disk full");
    assert.equal(errorLine(new TypeError(""), false), "unexpected failure: TypeError");
    assert.equal(errorLine("thrown text", false), "unexpected failure: thrown text");
  });
});
