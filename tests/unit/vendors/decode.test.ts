// The vendors' encodings down to JSON (lib/ingest/vendors/decode.ts).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import zlib from "node:zlib";
import { ApiError } from "../../../lib/http/errors";
import { decodeVendorPayload } from "../../../lib/ingest/vendors/decode";

const payload = [{ event: "Signed Up", properties: { token: "k", plan: "pro+" } }];
const none = new URLSearchParams();
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");

describe("decodeVendorPayload", () => {
  test("JSON, also as text/plain (sendBeacon)", () => {
    assert.deepEqual(decodeVendorPayload(Buffer.from(JSON.stringify(payload)), "text/plain", none), payload);
  });

  test("a form's data= base64, unescaped + included (mixpanel-node posts it raw)", () => {
    // Chosen so the base64 has a "+" in it, which a form parser reads as a space.
    const value = { event: "x", properties: { s: "~~~>" } };
    const encoded = b64(value);
    assert.ok(encoded.includes("+"), encoded);
    assert.deepEqual(decodeVendorPayload(Buffer.from(`data=${encoded}&verbose=1`), "application/x-www-form-urlencoded", none), value);
  });

  test("a form's data= URL-encoded base64, and data= JSON (api_payload_format json)", () => {
    const form = new URLSearchParams({ data: b64(payload) }).toString();
    assert.deepEqual(decodeVendorPayload(Buffer.from(form), "application/x-www-form-urlencoded", none), payload);
    const jsonForm = new URLSearchParams({ data: JSON.stringify(payload) }).toString();
    assert.deepEqual(decodeVendorPayload(Buffer.from(jsonForm), "application/x-www-form-urlencoded", none), payload);
  });

  test("Mixpanel's GET: data= in the query, no body", () => {
    assert.deepEqual(decodeVendorPayload(Buffer.alloc(0), null, new URLSearchParams({ data: b64(payload), ip: "1" })), payload);
  });

  test("base64 of gzip (PostHog's compression=base64 of a gzipped batch)", () => {
    const gz = zlib.gzipSync(JSON.stringify(payload)).toString("base64");
    assert.deepEqual(decodeVendorPayload(Buffer.from(`data=${encodeURIComponent(gz)}`), "application/x-www-form-urlencoded", none), payload);
  });

  test("broken input is a 415 with a sentence", () => {
    for (const [body, type] of [
      ["data=%%%not-base64", "application/x-www-form-urlencoded"],
      [`data=${Buffer.from("plain words").toString("base64")}`, "application/x-www-form-urlencoded"],
      ["{not json", "application/json"],
      ["", null],
    ] as const) {
      assert.throws(
        () => decodeVendorPayload(Buffer.from(body), type, none),
        (error: unknown) => error instanceof ApiError && error.status === 415 && /\.$/.test(error.message),
        body,
      );
    }
  });
});
