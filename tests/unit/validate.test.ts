import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ApiError } from "../../lib/http/errors";
import { MAX_JSON_DEPTH, MAX_MESSAGES_PER_REQUEST } from "../../lib/ingest/limits";
import { checkMessage, enforceRequestLimits, jsonDepthExceeds, splitBody } from "../../lib/ingest/validate";

function apiError(status: number, code: string) {
  return (error: unknown) => {
    assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
    assert.equal(error.status, status);
    assert.equal(error.code, code);
    return true;
  };
}

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { v: value };
  return value;
}

describe("splitBody", () => {
  test("one message", () => {
    const split = splitBody({ event: "e", anonymousId: "a" });
    assert.deepEqual(split, { raw: [{ event: "e", anonymousId: "a" }], isList: false, envelopeContext: null, envelopeSentAt: null });
  });

  test("an array of messages", () => {
    const split = splitBody([{ event: "a" }, { event: "b" }]);
    assert.equal(split.isList, true);
    assert.equal(split.raw.length, 2);
  });

  test("{batch}, with the envelope's context and sentAt", () => {
    const split = splitBody({ batch: [{ event: "a" }], context: { locale: "fr" }, sentAt: "2024-05-01T12:00:00Z" });
    assert.equal(split.isList, true);
    assert.deepEqual(split.raw, [{ event: "a" }]);
    assert.deepEqual(split.envelopeContext, { locale: "fr" });
    assert.equal(split.envelopeSentAt, Date.parse("2024-05-01T12:00:00Z"));
  });

  test("a batch that is not an array is a 400", () => {
    assert.throws(() => splitBody({ batch: "nope" }), apiError(400, "invalid_batch"));
  });

  test("bodies that are no message at all are a 400", () => {
    for (const body of [null, 42, "text", true]) {
      assert.throws(() => splitBody(body), apiError(400, "invalid_body"), JSON.stringify(body));
    }
  });
});

describe("jsonDepthExceeds", () => {
  test("counts nested objects and arrays", () => {
    assert.equal(jsonDepthExceeds(1, 1), false);
    assert.equal(jsonDepthExceeds({}, 1), false);
    assert.equal(jsonDepthExceeds({ a: {} }, 1), true);
    assert.equal(jsonDepthExceeds([[[]]], 3), false);
    assert.equal(jsonDepthExceeds([[[]]], 2), true);
  });

  test("the limit itself is allowed, one more is not", () => {
    assert.equal(jsonDepthExceeds(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH), false);
    assert.equal(jsonDepthExceeds(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH), true);
  });

  test("survives absurd depth without recursion", () => {
    assert.equal(jsonDepthExceeds(nested(100_000), MAX_JSON_DEPTH), true);
  });
});

describe("checkMessage", () => {
  test("a valid track", () => {
    const checked = checkMessage({ event: "Signed up", userId: 7, properties: { a: 1 } }, 0, false);
    assert.equal(checked.ok, true);
    if (checked.ok) {
      assert.equal(checked.message.userId, "7");
      assert.equal(checked.message.event, "Signed up");
    }
  });

  test("no event and no type: the error points at the missing field", () => {
    const checked = checkMessage({ anonymousId: "a" }, 0, false);
    assert.equal(checked.ok, false);
    if (!checked.ok) {
      assert.match(checked.error.path, /^(type|event)$/);
      assert.equal(checked.error.index, 0);
      assert.equal(typeof checked.error.code, "string");
      assert.ok(checked.error.message.length > 0);
    }
  });

  test("neither userId nor anonymousId", () => {
    const checked = checkMessage({ event: "e" }, 0, false);
    assert.equal(checked.ok, false);
    if (!checked.ok) assert.match(checked.error.path, /^(userId|anonymousId)$/);
  });

  test("blank ids count as missing", () => {
    assert.equal(checkMessage({ event: "e", userId: "   ", anonymousId: "" }, 0, false).ok, false);
  });

  test("paths in a list are prefixed batch[i]", () => {
    const checked = checkMessage({ event: "", anonymousId: "a" }, 3, true);
    assert.equal(checked.ok, false);
    if (!checked.ok) {
      assert.equal(checked.error.path, "batch[3].event");
      assert.equal(checked.error.index, 3);
    }
    const notObject = checkMessage(5, 2, true);
    assert.equal(notObject.ok, false);
    if (!notObject.ok) assert.equal(notObject.error.path, "batch[2]");
  });

  test("field rules", () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ event: "x".repeat(201), anonymousId: "a" }, "event"],
      [{ event: 5, anonymousId: "a" }, "event"],
      [{ type: "bogus", anonymousId: "a" }, "type"],
      [{ event: "e", anonymousId: "a", properties: [1, 2] }, "properties"],
      [{ event: "e", anonymousId: "a", context: "x" }, "context"],
      [{ event: "e", anonymousId: { id: 1 } }, "anonymousId"],
      [{ event: "e", anonymousId: "a", timestamp: "not a date" }, "timestamp"],
      [{ event: "e", anonymousId: "a", sentAt: "soon" }, "sentAt"],
      [{ type: "alias", userId: "u" }, "previousId"],
      [{ type: "group", userId: "u" }, "groupId"],
    ];
    for (const [raw, path] of bad) {
      const checked = checkMessage(raw, 0, false);
      assert.equal(checked.ok, false, JSON.stringify(raw));
      if (!checked.ok) assert.equal(checked.error.path, path, JSON.stringify(raw));
    }
  });

  test("too deep a message is refused", () => {
    const checked = checkMessage({ event: "e", anonymousId: "a", properties: nested(MAX_JSON_DEPTH + 5) as object }, 0, false);
    assert.equal(checked.ok, false);
    if (!checked.ok) assert.equal(checked.error.code, "too_deep");
  });

  test("a forced type (the /v1/<type> routes) needs no event", () => {
    const checked = checkMessage({ userId: "u", traits: { plan: "pro" } }, 0, false, "identify");
    assert.equal(checked.ok, true);
    if (checked.ok) assert.equal(checked.message.type, "identify");
  });

  test("numeric messageIds and epoch timestamps are accepted", () => {
    const checked = checkMessage({ event: "e", anonymousId: "a", messageId: 123, timestamp: 1714564800000 }, 0, false);
    assert.equal(checked.ok, true);
    if (checked.ok) assert.equal(checked.message.messageId, "123");
  });
});

describe("enforceRequestLimits", () => {
  test(`${MAX_MESSAGES_PER_REQUEST} messages pass, one more is a 413`, () => {
    const message = { event: "e", anonymousId: "a" };
    assert.doesNotThrow(() => enforceRequestLimits(Array.from({ length: MAX_MESSAGES_PER_REQUEST }, () => message)));
    assert.throws(() => enforceRequestLimits(Array.from({ length: MAX_MESSAGES_PER_REQUEST + 1 }, () => message)), apiError(413, "too_many_messages"));
  });

  test("a message over 32 KB is a 413 naming it", () => {
    const big = { event: "e", anonymousId: "a", properties: { blob: "x".repeat(33 * 1024) } };
    assert.throws(
      () => enforceRequestLimits([{ event: "ok", anonymousId: "a" }, big]),
      (error: unknown) => {
        apiError(413, "message_too_large")(error);
        const errors = (error as ApiError).body().errors as { index: number }[];
        assert.equal(errors[0].index, 1);
        return true;
      },
    );
    assert.doesNotThrow(() => enforceRequestLimits([{ event: "e", anonymousId: "a", properties: { blob: "x".repeat(30 * 1024) } }]));
  });
});
