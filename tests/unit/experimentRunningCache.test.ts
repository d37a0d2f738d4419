// The running experiments cached per project for GET /api/experiments
// (lib/experiments/runningCache.ts): one load per TTL, a change in this
// process seen at once, a failed load not kept.
import assert from "node:assert/strict";
import { test } from "node:test";
import { cachedRunningExperiments, forgetRunningExperiments, TTL_MS } from "../../lib/experiments/runningCache";

function counter(values: string[][]) {
  let loads = 0;
  return { load: async () => values[Math.min(loads++, values.length - 1)], loads: () => loads };
}

test("one load per project within the TTL, shared by concurrent requests", async () => {
  const source = counter([["a"], ["a", "b"]]);
  const t = 1_000_000;
  const [first, second] = await Promise.all([cachedRunningExperiments("p-ttl", source.load, t), cachedRunningExperiments("p-ttl", source.load, t)]);
  assert.deepEqual(first, ["a"]);
  assert.deepEqual(second, ["a"]);
  assert.deepEqual(await cachedRunningExperiments("p-ttl", source.load, t + TTL_MS - 1), ["a"]);
  assert.equal(source.loads(), 1);
  // Another server's change is seen once the TTL has passed.
  assert.deepEqual(await cachedRunningExperiments("p-ttl", source.load, t + TTL_MS), ["a", "b"]);
  assert.equal(source.loads(), 2);
});

test("projects are cached apart; forgetting one reloads it at once", async () => {
  const one = counter([["x"], ["x", "y"]]);
  const other = counter([["z"]]);
  const t = 2_000_000;
  await cachedRunningExperiments("p-one", one.load, t);
  await cachedRunningExperiments("p-other", other.load, t);
  forgetRunningExperiments("p-one");
  assert.deepEqual(await cachedRunningExperiments("p-one", one.load, t + 1), ["x", "y"]);
  assert.deepEqual(await cachedRunningExperiments("p-other", other.load, t + 1), ["z"]);
  assert.equal(other.loads(), 1);
});

test("a load overtaken by a change is answered but not kept", async () => {
  let release: (value: string[]) => void = () => {};
  const slow = () => new Promise<string[]>((resolve) => (release = resolve));
  const t = 3_000_000;
  const before = cachedRunningExperiments("p-race", slow, t);
  forgetRunningExperiments("p-race"); // the change lands while the read is under way
  release(["old"]);
  assert.deepEqual(await before, ["old"]);
  assert.deepEqual(await cachedRunningExperiments("p-race", async () => ["new"], t + 1), ["new"]);
});

test("a failed load is not kept", async () => {
  const t = 4_000_000;
  await assert.rejects(cachedRunningExperiments("p-fail", async () => Promise.reject(new Error("database down")), t));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(await cachedRunningExperiments("p-fail", async () => ["back"], t + 1), ["back"]);
});
