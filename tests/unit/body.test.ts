import assert from "node:assert/strict";
import { describe, test } from "node:test";
import zlib from "node:zlib";
import { ApiError } from "../../lib/http/errors";
import { jsonTextNestsDeeper, readJsonBody } from "../../lib/ingest/body";
import { MAX_BODY_BYTES, MAX_BODY_DEPTH } from "../../lib/ingest/limits";

function post(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/api/track", { method: "POST", body, headers });
}

function streamOf(chunks: Uint8Array[]): Request {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  return new Request("http://localhost/api/track", { method: "POST", body: stream, duplex: "half" } as RequestInit);
}

function apiError(status: number, code: string) {
  return (error: unknown) => {
    assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
    assert.equal(error.status, status);
    assert.equal(error.code, code);
    return true;
  };
}

const message = { event: "Signed up", anonymousId: "a-1", properties: { plan: "pro", n: 3 } };

describe("readJsonBody", () => {
  test("JSON", async () => {
    assert.deepEqual(await readJsonBody(post(JSON.stringify(message), { "Content-Type": "application/json" })), message);
  });

  test("text/plain is parsed as JSON (navigator.sendBeacon)", async () => {
    assert.deepEqual(await readJsonBody(post(JSON.stringify(message), { "Content-Type": "text/plain;charset=UTF-8" })), message);
  });

  test("a byte order mark is ignored", async () => {
    assert.deepEqual(await readJsonBody(post("\uFEFF" + JSON.stringify(message))), message);
  });

  test("UTF-8 text survives", async () => {
    const text = { event: "Café ✓ 日本", anonymousId: "é" };
    assert.deepEqual(await readJsonBody(post(Buffer.from(JSON.stringify(text), "utf8"))), text);
  });

  test("gzip announced by Content-Encoding", async () => {
    const gz = zlib.gzipSync(JSON.stringify(message));
    assert.deepEqual(await readJsonBody(post(gz, { "Content-Encoding": "gzip", "Content-Type": "application/json" })), message);
  });

  test("gzip recognised by its magic bytes alone", async () => {
    const gz = zlib.gzipSync(JSON.stringify([message, message]));
    assert.deepEqual(await readJsonBody(post(gz, { "Content-Type": "application/json" })), [message, message]);
  });

  test("a body that says gzip but is not: 415", async () => {
    await assert.rejects(readJsonBody(post(JSON.stringify(message), { "Content-Encoding": "gzip" })), apiError(415, "unreadable_body"));
  });

  test("not JSON: 415", async () => {
    await assert.rejects(readJsonBody(post("event=x&userId=y", { "Content-Type": "application/x-www-form-urlencoded" })), apiError(415, "unreadable_body"));
    await assert.rejects(readJsonBody(post("{\"event\": ")), apiError(415, "unreadable_body"));
  });

  test("an empty body: 415", async () => {
    await assert.rejects(readJsonBody(post(null)), apiError(415, "unreadable_body"));
    await assert.rejects(readJsonBody(post("   \n")), apiError(415, "unreadable_body"));
  });

  test("exactly 1 MB is read", async () => {
    const filler = "x".repeat(MAX_BODY_BYTES - JSON.stringify({ p: "" }).length);
    const body = JSON.stringify({ p: filler });
    assert.equal(Buffer.byteLength(body), MAX_BODY_BYTES);
    const parsed = (await readJsonBody(post(body))) as { p: string };
    assert.equal(parsed.p.length, filler.length);
  });

  test("over 1 MB: 413", async () => {
    const body = JSON.stringify({ p: "x".repeat(MAX_BODY_BYTES) });
    await assert.rejects(readJsonBody(post(body)), apiError(413, "payload_too_large"));
  });

  test("over 1 MB streamed in chunks, with no Content-Length: 413", async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const chunks = Array.from({ length: 17 }, () => chunk); // 1088 KB of spaces
    await assert.rejects(readJsonBody(streamOf(chunks)), apiError(413, "payload_too_large"));
  });

  test("a body a little over the cap is read to its end before the 413, so the client gets the answer; one far over is cut off", async () => {
    const pulled = (total: number) => {
      let chunksPulled = 0;
      const chunk = new Uint8Array(64 * 1024).fill(0x20);
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (chunksPulled * chunk.length >= total) return controller.close();
          chunksPulled++;
          controller.enqueue(chunk);
        },
      });
      const request = new Request("http://localhost/api/track", { method: "POST", body: stream, duplex: "half" } as RequestInit);
      return { request, count: () => chunksPulled };
    };
    const near = pulled(MAX_BODY_BYTES + 256 * 1024);
    await assert.rejects(readJsonBody(near.request), apiError(413, "payload_too_large"));
    assert.equal(near.count(), (MAX_BODY_BYTES + 256 * 1024) / (64 * 1024), "the whole body was read");
    const far = pulled(100 * MAX_BODY_BYTES);
    await assert.rejects(readJsonBody(far.request), apiError(413, "payload_too_large"));
    assert.ok(far.count() * 64 * 1024 <= 2 * MAX_BODY_BYTES + 128 * 1024, `read ${far.count()} chunks of a 100 MB body`);
  });

  test("a Content-Length over 1 MB is refused before reading", async () => {
    const request = post("{}", { "Content-Length": String(MAX_BODY_BYTES + 1) });
    await assert.rejects(readJsonBody(request), apiError(413, "payload_too_large"));
  });

  test("a small gzip body that inflates past 1 MB: 413", async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(5 * MAX_BODY_BYTES, 0x20));
    assert.ok(bomb.length < 64 * 1024);
    await assert.rejects(readJsonBody(post(bomb, { "Content-Encoding": "gzip" })), apiError(413, "payload_too_large"));
  });
});

describe("absurd nesting", () => {
  const deepArrays = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

  test("a body nested past MAX_BODY_DEPTH is a 400 too_deep, refused before parsing", async () => {
    const text = `{"batch":[{"event":"e","anonymousId":"a","properties":{"x":${deepArrays(500_000)}}}]}`;
    const started = performance.now();
    await assert.rejects(readJsonBody(post(text)), apiError(400, "too_deep"));
    const refusedIn = performance.now() - started;
    // Parsing alone costs far more than the whole refusal (hundreds of ms on this input).
    const parseStarted = performance.now();
    JSON.parse(text);
    const parsedIn = performance.now() - parseStarted;
    assert.ok(refusedIn * 3 < parsedIn, `refused in ${refusedIn.toFixed(1)} ms, parsing takes ${parsedIn.toFixed(1)} ms`);
  });

  test("nesting is counted outside strings only, and up to the limit is parsed", async () => {
    assert.equal(jsonTextNestsDeeper(`{"a":"${"[".repeat(1000)}\\"{{{"}`, 2), false);
    assert.equal(jsonTextNestsDeeper(deepArrays(3), 3), false);
    assert.equal(jsonTextNestsDeeper(deepArrays(4), 3), true);
    const atLimit = deepArrays(MAX_BODY_DEPTH);
    assert.deepEqual(await readJsonBody(post(atLimit)), JSON.parse(atLimit));
  });
});
