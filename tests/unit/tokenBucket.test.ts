// The token bucket shared by ingestion and public boards: burst, refill,
// Retry-After seconds, and forgetting idle keys without changing answers.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { TokenBuckets } from "../../lib/http/tokenBucket";

describe("TokenBuckets", () => {
  test("serves a burst, then says how long to wait, and refills at its rate", () => {
    const buckets = new TokenBuckets();
    for (let i = 0; i < 5; i++) assert.equal(buckets.take("k", 5, 2, 1, 0), 0);
    assert.equal(buckets.take("k", 5, 2, 1, 0), 1);
    assert.equal(buckets.take("k", 5, 2, 4, 0), 2, "4 tokens at 2 a second: 2 s");
    assert.equal(buckets.take("k", 5, 2, 1, 500), 0, "half a second refills one");
    assert.equal(buckets.take("other", 5, 2, 5, 500), 0, "keys are apart");
  });

  test("past maxKeys, refilled buckets are forgotten first, then the least recently used", () => {
    const buckets = new TokenBuckets(2);
    assert.equal(buckets.take("a", 2, 1, 2, 0), 0);
    assert.equal(buckets.take("b", 2, 1, 1, 0), 0);
    assert.equal(buckets.take("c", 2, 1, 2, 1_000), 0, "b refilled by now and is dropped");
    assert.equal(buckets.take("a", 2, 1, 2, 1_000), 1, "a is still kept and half empty");
  });
});
