// The pure parts of the privacy work: the retention setting, the purge summary,
// the same-origin rule for cookie-authenticated changes, and password rules.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { passwordSchema } from "../../lib/auth/accounts";
import { isCommonPassword } from "../../lib/auth/commonPasswords";
import { isSameOriginRequest } from "../../lib/http/sameOrigin";
import { purgeSummaryLines, retentionCutoff } from "../../lib/retention";
import { retentionDaysSchema } from "../../lib/retention/schema";

describe("retention setting", () => {
  test("empty keeps forever; 1..3650 whole days are taken", () => {
    assert.equal(retentionDaysSchema.parse(""), null);
    assert.equal(retentionDaysSchema.parse("   "), null);
    assert.equal(retentionDaysSchema.parse(null), null);
    assert.equal(retentionDaysSchema.parse("30"), 30);
    assert.equal(retentionDaysSchema.parse(" 1 "), 1);
    assert.equal(retentionDaysSchema.parse(3650), 3650);
  });

  test("anything else is refused with a sentence that says what to enter", () => {
    for (const bad of ["0", "-3", "3651", "1.5", "abc", "1e9"]) {
      const result = retentionDaysSchema.safeParse(bad);
      assert.equal(result.success, false, bad);
      assert.match(result.error!.issues[0].message, /whole number of days from 1 to 3650/);
    }
  });

  test("the cutoff is N days of milliseconds before now", () => {
    assert.equal(retentionCutoff(30, Date.parse("2026-03-31T12:00:00Z")), Date.parse("2026-03-01T12:00:00Z"));
  });

  test("the summary names each project and the total", () => {
    const lines = purgeSummaryLines({
      dryRun: true,
      events: 5,
      finishedDeletions: 0,
      quarantined: 0,
      projects: [
        { projectId: "p1", name: "Shop", retentionDays: 30, cutoff: "2026-03-01T00:00:00.000Z", events: 5 },
        { projectId: "p2", name: "Blog", retentionDays: null, cutoff: null, events: 0 },
      ],
    });
    assert.deepEqual(lines, [
      "Shop (p1): keeps 30 day(s); would delete 5 event(s) before 2026-03-01T00:00:00.000Z",
      "Blog (p2): keeps events forever, nothing to purge",
      "Purge dry run: would delete 5 event(s) in 2 project(s).",
    ]);
  });
});

describe("same-origin rule for cookie-authenticated changes", () => {
  const request = (method: string, headers: Record<string, string>) => new Request("http://127.0.0.1:3000/api/x", { method, headers });

  test("safe methods and requests without Origin pass", () => {
    assert.equal(isSameOriginRequest(request("GET", { origin: "https://evil.example", host: "a.example" })), true);
    assert.equal(isSameOriginRequest(request("DELETE", { host: "a.example" })), true);
  });

  test("an unsafe method needs Origin to name the host reached", () => {
    assert.equal(isSameOriginRequest(request("DELETE", { origin: "http://a.example", host: "a.example" })), true);
    assert.equal(isSameOriginRequest(request("POST", { origin: "https://evil.example", host: "a.example" })), false);
    assert.equal(isSameOriginRequest(request("POST", { origin: "null", host: "a.example" })), false);
    assert.equal(isSameOriginRequest(request("POST", { origin: "not a url", host: "a.example" })), false);
    assert.equal(isSameOriginRequest(request("POST", { origin: "http://a.example.evil.example", host: "a.example" })), false);
  });

  test("behind a proxy, X-Forwarded-Host is the host reached", () => {
    assert.equal(isSameOriginRequest(request("DELETE", { origin: "https://stats.example", host: "127.0.0.1:3000", "x-forwarded-host": "stats.example" })), true);
    assert.equal(isSameOriginRequest(request("DELETE", { origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000", "x-forwarded-host": "stats.example" })), false);
  });
});

describe("password rules", () => {
  test("8 to 200 characters, not a common one, each with a clear sentence", () => {
    assert.equal(passwordSchema.safeParse("correct horse battery").success, true);
    assert.match(passwordSchema.safeParse("short").error!.issues[0].message, /at least 8 characters/);
    assert.match(passwordSchema.safeParse("x".repeat(201)).error!.issues[0].message, /at most 200 characters/);
    assert.match(passwordSchema.safeParse("Password123").error!.issues[0].message, /attackers try/);
  });

  test("common shapes are caught: the list, one repeated character, runs", () => {
    for (const weak of ["password", "PASSWORD1", "12345678", "aaaaaaaaaa", "abcdefghij", "qwertyuiop"]) assert.equal(isCommonPassword(weak), true, weak);
    for (const fine of ["long enough pw", "another password", "tr0ub4dor&3x"]) assert.equal(isCommonPassword(fine), false, fine);
  });
});
