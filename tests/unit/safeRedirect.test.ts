// The return address after sign-in or sign-up (issue 16): whatever a link puts in
// callbackUrl, the browser must stay on this site, and nothing may reach a
// Location header that makes it answer 500.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { safeReturnPath } from "../../lib/http/safeRedirect";

/** What a browser does with a relative address before resolving it: tabs and newlines vanish, `\` is `/`. */
function asBrowserResolves(path: string, origin = "https://app.example"): URL {
  return new URL(path.replace(/[\t\n\r]/g, "").replace(/\\/g, "/"), origin);
}

describe("safeReturnPath", () => {
  test("same-site paths come back unchanged", () => {
    assert.equal(safeReturnPath("/projects/p1/overview?range=7d#x"), "/projects/p1/overview?range=7d#x");
    assert.equal(safeReturnPath("/invite/ct_inv_abc"), "/invite/ct_inv_abc");
  });

  test("anything that could leave the site falls back", () => {
    const attempts = [
      "/\t/evil.example/x",
      "/%09/evil.example/x".replace("%09", "\t"),
      "/\n/evil.example/x",
      "/\r/evil.example/x",
      "\t//evil.example",
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/.//evil.example/x",
      "/..//evil.example/x",
      "https://evil.example/",
      "javascript:alert(1)",
      "evil.example",
      "/ok\u0000",
      "/ok\u007f",
    ];
    for (const attempt of attempts) {
      const path = safeReturnPath(attempt);
      assert.equal(path, "/projects", `${JSON.stringify(attempt)} gave ${path}`);
      assert.equal(asBrowserResolves(path).origin, "https://app.example");
    }
  });

  test("with the app's origin, absolute URLs are accepted only on it", () => {
    assert.equal(safeReturnPath("https://app.example/projects/p1", "/projects", "https://app.example"), "/projects/p1");
    assert.equal(safeReturnPath("https://app.example.evil.example/x", "/projects", "https://app.example"), "/projects");
    assert.equal(safeReturnPath("http://app.example/x", "/projects", "https://app.example"), "/projects");
    assert.equal(safeReturnPath("/\t/evil.example/x", "/projects", "https://app.example"), "/projects");
  });

  test("non-strings and oversized values fall back", () => {
    assert.equal(safeReturnPath(undefined), "/projects");
    assert.equal(safeReturnPath(["/x"]), "/projects");
    assert.equal(safeReturnPath("/" + "a".repeat(5000)), "/projects");
  });
});
