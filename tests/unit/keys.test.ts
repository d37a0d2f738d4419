import assert from "node:assert/strict";
import crypto from "node:crypto";
import { describe, test } from "node:test";
import { hashSecretKey, looksLikeSecretKey, newSecretKey, newWriteKey, SECRET_KEY_PREFIX, WRITE_KEY_PREFIX } from "../../lib/keys";

describe("keys", () => {
  test("write keys: prefixed, URL-safe, random", () => {
    const keys = new Set(Array.from({ length: 200 }, () => newWriteKey()));
    assert.equal(keys.size, 200);
    for (const key of keys) {
      assert.ok(key.startsWith(WRITE_KEY_PREFIX), key);
      assert.match(key.slice(WRITE_KEY_PREFIX.length), /^[A-Za-z0-9_-]{24}$/);
    }
  });

  test("secret keys: prefixed, 192 random bits, stored as a SHA-256 digest", () => {
    const generated = newSecretKey();
    assert.ok(generated.key.startsWith(SECRET_KEY_PREFIX));
    assert.match(generated.key.slice(SECRET_KEY_PREFIX.length), /^[A-Za-z0-9_-]{32}$/);
    assert.equal(generated.hash, crypto.createHash("sha256").update(generated.key).digest("hex"));
    assert.equal(generated.hash, hashSecretKey(generated.key));
    assert.ok(!generated.hash.includes(generated.key.slice(SECRET_KEY_PREFIX.length)));
    assert.equal(generated.prefix, generated.key.slice(0, SECRET_KEY_PREFIX.length + 4));
    assert.notEqual(newSecretKey().key, generated.key);
  });

  test("the two kinds of key cannot be mistaken for each other", () => {
    assert.notEqual(WRITE_KEY_PREFIX, SECRET_KEY_PREFIX);
    assert.equal(looksLikeSecretKey(newSecretKey().key), true);
    assert.equal(looksLikeSecretKey(newWriteKey()), false);
    assert.equal(looksLikeSecretKey("garbage"), false);
    assert.equal(looksLikeSecretKey(SECRET_KEY_PREFIX + "x".repeat(500)), false);
  });

  test("hashing is deterministic and distinguishes keys", () => {
    assert.equal(hashSecretKey("ct_sk_a"), hashSecretKey("ct_sk_a"));
    assert.notEqual(hashSecretKey("ct_sk_a"), hashSecretKey("ct_sk_b"));
  });
});
