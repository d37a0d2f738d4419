import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { writeKeyBeforeBody, writeKeyFromBody, writeKeyFromHeaders } from "../../lib/ingest/writeKey";

const basic = (userinfo: string) => `Basic ${Buffer.from(userinfo).toString("base64")}`;

describe("writeKeyFromHeaders", () => {
  test("Basic auth username, with or without the colon", () => {
    assert.equal(writeKeyFromHeaders(new Headers({ Authorization: basic("ct_wk_abc:") })), "ct_wk_abc");
    assert.equal(writeKeyFromHeaders(new Headers({ Authorization: basic("ct_wk_abc") })), "ct_wk_abc");
    assert.equal(writeKeyFromHeaders(new Headers({ Authorization: basic("ct_wk_abc:ignored-password") })), "ct_wk_abc");
    assert.equal(writeKeyFromHeaders(new Headers({ Authorization: `basic ${Buffer.from("k:").toString("base64")}` })), "k");
  });

  test("X-Write-Key header", () => {
    assert.equal(writeKeyFromHeaders(new Headers({ "X-Write-Key": "  ct_wk_xyz  " })), "ct_wk_xyz");
  });

  test("Basic auth comes before X-Write-Key", () => {
    assert.equal(writeKeyFromHeaders(new Headers({ Authorization: basic("from-basic:"), "X-Write-Key": "from-header" })), "from-basic");
  });

  test("an empty Basic username falls through to X-Write-Key", () => {
    assert.equal(writeKeyFromHeaders(new Headers({ Authorization: basic(":secret"), "X-Write-Key": "from-header" })), "from-header");
  });

  test("no key, or a Bearer token, is no write key", () => {
    assert.equal(writeKeyFromHeaders(new Headers()), null);
    assert.equal(writeKeyFromHeaders(new Headers({ Authorization: "Bearer ct_sk_abc" })), null);
    assert.equal(writeKeyFromHeaders(new Headers({ "X-Write-Key": "   " })), null);
  });
});

describe("writeKeyFromBody", () => {
  test("the writeKey field of an object body, trimmed", () => {
    assert.equal(writeKeyFromBody({ writeKey: " ct_wk_1 ", batch: [] }), "ct_wk_1");
    assert.equal(writeKeyFromBody({ event: "e", writeKey: "k" }), "k");
  });

  test("anything else is no key", () => {
    for (const body of [null, undefined, "k", 5, [{ writeKey: "k" }], { writeKey: 5 }, { writeKey: "" }, { writeKey: "  " }, {}]) {
      assert.equal(writeKeyFromBody(body), null, JSON.stringify(body));
    }
  });
});

describe("the key before the body", () => {
  const request = (url: string, headers: Record<string, string> = {}) => new Request(url, { method: "POST", headers, body: "{}" });

  test("Basic auth, then X-Write-Key, then ?writeKey=; never the body", () => {
    assert.equal(writeKeyBeforeBody(request("http://h/api/track?writeKey=wk_query", { authorization: basic("wk_basic:"), "x-write-key": "wk_header" })), "wk_basic");
    assert.equal(writeKeyBeforeBody(request("http://h/api/track?writeKey=wk_query", { "x-write-key": "wk_header" })), "wk_header");
    assert.equal(writeKeyBeforeBody(request("http://h/api/track?writeKey=%20wk_query%20")), "wk_query");
    assert.equal(writeKeyBeforeBody(request("http://h/api/track?writeKey=")), null);
    assert.equal(writeKeyBeforeBody(new Request("http://h/api/track", { method: "POST", body: '{"writeKey":"wk_body"}' })), null);
  });
});
