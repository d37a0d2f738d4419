// Cohort webhooks' pure parts: the bodies (full list, then changes), their
// split into requests of at most 1,000 entries, the diff against what a
// destination was sent, signing, retry backoff, and the order background
// recomputation takes.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, test } from "node:test";
import { dependencyOrder } from "../../lib/cohorts/order";
import { buildBodies, diffMembership, entryCount, MAX_ENTRIES_PER_REQUEST, type SyncEntry } from "../../lib/cohorts/sync/payload";
import { signBody, verifySignature } from "../../lib/cohorts/sync/signature";
import { deliveryTiming, retryDelayMs } from "../../lib/cohorts/sync/timing";
import { maskSecret } from "../../lib/cohorts/sync/destinations";
import { destinationSchema } from "../../lib/cohorts/sync/destinations";

const COHORT = { id: "c1", name: "Buyers" };
const AT = new Date("2026-12-05T12:00:00.000Z");
const entry = (id: string, properties: Record<string, unknown> = {}): SyncEntry => ({ distinctId: id, distinctIds: [id], properties });
const people = (n: number, prefix = "u") => Array.from({ length: n }, (_, i) => entry(`${prefix}${i}`));

describe("cohort webhook bodies", () => {
  test("a full list is one body with exactly the contract's keys", () => {
    const bodies = buildBodies(COHORT, AT, { action: "members", members: [entry("a", { plan: "pro" })] });
    assert.equal(bodies.length, 1);
    assert.deepEqual(JSON.parse(JSON.stringify(bodies[0])), {
      cohort: { id: "c1", name: "Buyers" },
      computedAt: "2026-12-05T12:00:00.000Z",
      action: "members",
      members: [{ distinctId: "a", distinctIds: ["a"], properties: { plan: "pro" } }],
    });
  });

  test("an empty cohort's full list is still sent (one empty body); an empty change sends nothing", () => {
    assert.deepEqual(
      buildBodies(COHORT, AT, { action: "members", members: [] }).map((b) => entryCount(b)),
      [0],
    );
    assert.equal(buildBodies(COHORT, AT, { action: "changes", added: [], removed: [] }).length, 0);
  });

  test("more than 1,000 members are split into requests of at most 1,000, in order, none lost", () => {
    const members = people(2_345);
    const bodies = buildBodies(COHORT, AT, { action: "members", members });
    assert.deepEqual(bodies.map(entryCount), [1000, 1000, 345]);
    const sent = bodies.flatMap((b) => (b.action === "members" ? b.members.map((m) => m.distinctId) : []));
    assert.deepEqual(sent, members.map((m) => m.distinctId));
    assert.equal(MAX_ENTRIES_PER_REQUEST, 1000);
  });

  test("changes count additions and removals together against the limit; additions come first", () => {
    const bodies = buildBodies(COHORT, AT, { action: "changes", added: people(900, "a"), removed: people(250, "r") });
    assert.deepEqual(bodies.map(entryCount), [1000, 150]);
    const [first, second] = bodies;
    assert.ok(first.action === "changes" && second.action === "changes");
    assert.equal(first.added.length, 900);
    assert.equal(first.removed.length, 100);
    assert.equal(second.added.length, 0);
    assert.equal(second.removed.length, 150);
    assert.deepEqual(Object.keys(second).sort(), ["action", "added", "cohort", "computedAt", "removed"]);
  });
});

describe("what changed since the last sync", () => {
  test("added are the new ids, removed the ids sent before and gone now", () => {
    const synced = new Set(["a", "b", "c"]);
    const { added, removed } = diffMembership(synced, [entry("b"), entry("c"), entry("d")], () => undefined);
    assert.deepEqual(added.map((e) => e.distinctId), ["d"]);
    assert.deepEqual(removed, [{ distinctId: "a", distinctIds: ["a"], properties: {} }]);
  });

  test("a removed person the project still knows is described, keyed by the id the receiver was sent", () => {
    // "old" was merged into a person whose public id is "u9": the receiver knows "old", so "old" is removed.
    const { removed } = diffMembership(new Set(["old"]), [], (id) => (id === "old" ? { distinctId: "u9", distinctIds: ["old", "u9"], properties: { plan: "pro" } } : undefined));
    assert.deepEqual(removed, [{ distinctId: "old", distinctIds: ["old", "u9"], properties: { plan: "pro" } }]);
  });

  test("nothing changed: nothing to send", () => {
    const { added, removed } = diffMembership(new Set(["a"]), [entry("a")], () => undefined);
    assert.equal(added.length + removed.length, 0);
  });
});

describe("signing", () => {
  test("sha256=<hex HMAC-SHA256 of the exact body> with the secret", () => {
    const body = JSON.stringify({ cohort: COHORT, action: "members", members: [entry("ü")] });
    const expected = `sha256=${createHmac("sha256", "s3cret-of-16-chars").update(Buffer.from(body, "utf8")).digest("hex")}`;
    assert.equal(signBody(body, "s3cret-of-16-chars"), expected);
    assert.ok(verifySignature(Buffer.from(body, "utf8"), "s3cret-of-16-chars", expected));
  });

  test("another body, another secret or no header do not verify", () => {
    const body = '{"a":1}';
    const signature = signBody(body, "one-secret-0123456");
    assert.equal(verifySignature('{"a":2}', "one-secret-0123456", signature), false);
    assert.equal(verifySignature(body, "another-secret-0123", signature), false);
    assert.equal(verifySignature(body, "one-secret-0123456", undefined), false);
    assert.equal(verifySignature(body, "one-secret-0123456", "sha256=00"), false);
  });

  test("secrets are answered masked", () => {
    assert.equal(maskSecret("abcdefghijklmnopqrst"), "••••••••qrst");
  });
});

describe("destination input", () => {
  test("http and https URLs only, a secret of 16 to 200 characters", () => {
    assert.ok(destinationSchema.safeParse({ url: "https://hooks.example.com/crumbtrail", secret: "0123456789abcdef" }).success);
    assert.ok(destinationSchema.safeParse({ url: "http://127.0.0.1:8080/x", secret: "0123456789abcdef" }).success);
    for (const url of ["ftp://example.com/x", "javascript:alert(1)", "file:///etc/passwd", "not a url", ""]) {
      assert.equal(destinationSchema.safeParse({ url, secret: "0123456789abcdef" }).success, false, url);
    }
    assert.equal(destinationSchema.safeParse({ url: "https://example.com", secret: "short" }).success, false);
    assert.equal(destinationSchema.safeParse({ url: "https://example.com", secret: "0123456789abcdef", extra: 1 }).success, false);
  });
});

describe("retry backoff", () => {
  test("doubles from the base after each failure, capped", () => {
    const timing = { timeoutMs: 10_000, retryBaseMs: 1000, retryMaxMs: 5000 };
    assert.deepEqual([1, 2, 3, 4, 10].map((n) => retryDelayMs(n, timing)), [1000, 2000, 4000, 5000, 5000]);
  });

  test("defaults: 10 s timeout, 30 s first wait, 1 h at most; the environment overrides them", () => {
    assert.deepEqual(deliveryTiming({}), { timeoutMs: 10_000, retryBaseMs: 30_000, retryMaxMs: 3_600_000 });
    assert.equal(deliveryTiming({ CRUMBTRAIL_WEBHOOK_RETRY_BASE_MS: "50" }).retryBaseMs, 50);
    assert.equal(deliveryTiming({ CRUMBTRAIL_WEBHOOK_RETRY_BASE_MS: "nope" }).retryBaseMs, 30_000);
  });
});

describe("background recompute order", () => {
  test("a cohort comes after the cohorts it includes, however they are listed", () => {
    const cohorts = [
      { id: "top", includes: ["mid", "leaf"] },
      { id: "mid", includes: ["leaf"] },
      { id: "alone", includes: [] },
      { id: "leaf", includes: [] },
    ];
    const order = dependencyOrder(cohorts).map((c) => c.id);
    assert.equal(order.length, 4);
    assert.ok(order.indexOf("leaf") < order.indexOf("mid"));
    assert.ok(order.indexOf("mid") < order.indexOf("top"));
  });

  test("a cycle (never saved, but stored somehow) does not stall or drop anyone", () => {
    const order = dependencyOrder([
      { id: "a", includes: ["b"] },
      { id: "b", includes: ["a"] },
      { id: "c", includes: ["missing"] },
    ]).map((c) => c.id);
    assert.deepEqual([...order].sort(), ["a", "b", "c"]);
  });
});

describe("recompute interval", () => {
  test("15 minutes unless CRUMBTRAIL_COHORT_RECOMPUTE_MINUTES says otherwise", async () => {
    const { recomputeIntervalMs } = await import("../../lib/cohorts/schedule");
    assert.equal(recomputeIntervalMs({}), 15 * 60_000);
    assert.equal(recomputeIntervalMs({ CRUMBTRAIL_COHORT_RECOMPUTE_MINUTES: "60" }), 3_600_000);
    assert.equal(recomputeIntervalMs({ CRUMBTRAIL_COHORT_RECOMPUTE_MINUTES: "0.05" }), 3_000);
    assert.equal(recomputeIntervalMs({ CRUMBTRAIL_COHORT_RECOMPUTE_MINUTES: "-1" }), 15 * 60_000);
  });

  test("a project's own minutes win over the server's default; the timer looks at least every minute", async () => {
    const { projectRecomputeMs } = await import("../../lib/cohorts/recomputeInterval");
    const { tickMs } = await import("../../lib/cohorts/schedule");
    assert.equal(projectRecomputeMs(null, 15 * 60_000), 15 * 60_000);
    assert.equal(projectRecomputeMs(60, 15 * 60_000), 3_600_000);
    assert.equal(tickMs(15 * 60_000), 60_000);
    assert.equal(tickMs(1_200), 1_200);
  });

  test("due once the interval is up, with half a tick of slack so a slightly early tick does not skip a whole one", async () => {
    const { isDue } = await import("../../lib/cohorts/schedule");
    const computed = new Date("2026-12-06T10:00:05Z");
    const at = (iso: string) => Date.parse(iso);
    assert.equal(isDue(null, at("2026-12-06T10:00:00Z"), 900_000, 60_000), true, "never computed");
    assert.equal(isDue(computed, at("2026-12-06T10:14:00Z"), 900_000, 60_000), false);
    assert.equal(isDue(computed, at("2026-12-06T10:15:00Z"), 900_000, 60_000), true, "the tick at 10:15 takes a cohort computed at 10:00:05");
    assert.equal(isDue(computed, at("2026-12-06T10:59:00Z"), 3_600_000, 60_000), false, "an hourly project waits");
  });

  test("the Settings field: whole minutes from 1 to a week, empty for the server's default", async () => {
    const { recomputeMinutesSchema } = await import("../../lib/cohorts/recomputeInterval");
    assert.equal(recomputeMinutesSchema.parse(""), null);
    assert.equal(recomputeMinutesSchema.parse(" 30 "), 30);
    assert.equal(recomputeMinutesSchema.parse(null), null);
    for (const bad of ["0", "1.5", "10081", "soon", -5]) assert.equal(recomputeMinutesSchema.safeParse(bad).success, false, String(bad));
  });
});
