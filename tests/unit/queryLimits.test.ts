// The read API's bounds on one report: its body's size and its filters' values.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ApiError } from "../../lib/http/errors";
import { MAX_QUERY_BODY_BYTES, readJsonRequest } from "../../lib/http/jsonBody";
import { MAX_FILTER_VALUES } from "../../lib/query/limits";
import { parseReport } from "../../lib/query/report";

function apiError(status: number, code: string) {
  return (error: unknown) => {
    assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
    assert.equal(error.status, status, error.message);
    assert.equal(error.code, code);
    return true;
  };
}

function funnel(steps: number, filtersPerStep: number, valuesPerFilter: number) {
  return {
    kind: "funnel",
    from: "2026-01-01T00:00:00Z",
    to: "2026-02-01T00:00:00Z",
    steps: Array.from({ length: steps }, (_, s) => ({
      event: `step ${s}`,
      where: Array.from({ length: filtersPerStep }, (_, f) => ({
        property: `p${f}`,
        op: "in",
        value: Array.from({ length: valuesPerFilter }, (_, v) => `v${v}`),
      })),
    })),
  };
}

describe("filter values per report", () => {
  test("the issue's funnel (20 steps x 50 in-filters of 1,000 values) is refused with its own code", () => {
    assert.throws(() => parseReport(funnel(20, 50, 1000)), (error: unknown) => {
      apiError(400, "too_many_filter_values")(error);
      assert.match((error as ApiError).message, /1000000 values/);
      return true;
    });
  });

  test("a report at the limit runs, one value more does not", () => {
    // 10 steps x 10 filters x 100 values = MAX_FILTER_VALUES.
    assert.equal(MAX_FILTER_VALUES, 10 * 10 * 100);
    assert.doesNotThrow(() => parseReport(funnel(10, 10, 100)));
    const over = funnel(10, 10, 100);
    over.steps[0].where.push({ property: "extra", op: "in", value: ["one"] });
    assert.throws(() => parseReport(over), apiError(400, "too_many_filter_values"));
  });

  test("series filters and top-level filters count together", () => {
    const where = Array.from({ length: 11 }, () => ({ property: "p", op: "in", value: Array.from({ length: 1000 }, (_, v) => v) }));
    const trends = { kind: "trends", from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z", where: where.slice(0, 6), series: [{ event: "e", where: where.slice(6) }] };
    assert.throws(() => parseReport(trends), apiError(400, "too_many_filter_values"));
  });
});

describe("the read API's JSON body", () => {
  const post = (body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
    new Request("http://localhost/api/projects/p/query", { method: "POST", body, headers, duplex: "half" } as RequestInit);

  test("a body over 256 KB is refused with 413, by its declared length", async () => {
    const big = JSON.stringify({ kind: "trends", pad: "x".repeat(MAX_QUERY_BODY_BYTES) });
    await assert.rejects(readJsonRequest(post(big, { "content-length": String(big.length) })), apiError(413, "payload_too_large"));
  });

  test("and when no length is declared, once it is read past the cap (at most as far again is read, so the client can take the answer)", async () => {
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    await assert.rejects(readJsonRequest(post(endless)), apiError(413, "payload_too_large"));
    assert.ok(sent < 3 * MAX_QUERY_BODY_BYTES, `read ${sent} bytes`);
  });

  test("a small body is parsed; not JSON is a 400", async () => {
    assert.deepEqual(await readJsonRequest(post('{"kind":"trends"}')), { kind: "trends" });
    await assert.rejects(readJsonRequest(post("{nope")), apiError(400, "invalid_json"));
  });
});
