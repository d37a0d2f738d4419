// Amplitude's answers (API.md 2.5): the JSON `code` field the SDKs read, and
// on a 400 the indexes of the events refused, by field, so
// @amplitude/analytics-node drops those and retries the rest (de-duplicated by
// insert_id).
import { translateAmplitude } from "../../ingest/vendors/amplitude";
import type { MessageError } from "../../ingest/validate";
import type { ApiError } from "../errors";
import { outcomeSentence, type VendorProtocol } from "../vendorRoute";

/** Section 2.1 field names as Amplitude names them. */
const AMPLITUDE_FIELD: Readonly<Record<string, string>> = {
  event: "event_type",
  userId: "user_id",
  anonymousId: "device_id",
  timestamp: "time",
  messageId: "insert_id",
  properties: "event_properties",
  traits: "user_properties",
};

function invalidFields(errors: MessageError[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const error of errors) {
    const field = /^batch\[\d+\]\.?([^.]*)/.exec(error.path)?.[1] || "event";
    const name = AMPLITUDE_FIELD[field] ?? field;
    (out[name] ??= []).push(error.index);
  }
  return out;
}

export const amplitudeProtocol: VendorProtocol = {
  translate: (payload) => translateAmplitude(payload),
  joinsIds: true,
  answer(outcome, _query, bytes) {
    if (outcome.errors.length) {
      return {
        status: 400,
        body: { code: 400, error: outcomeSentence(outcome), events_with_invalid_fields: invalidFields(outcome.errors), events_ingested: outcome.accepted },
      };
    }
    return { status: 200, body: { code: 200, events_ingested: outcome.accepted, payload_size_bytes: bytes, server_upload_time: Date.now() } };
  },
  refuse(error: ApiError) {
    const missingKey = error.code === "missing_write_key";
    return { status: error.status, body: { code: error.status, error: error.message, ...(missingKey ? { missing_field: "api_key" } : {}) } };
  },
};
