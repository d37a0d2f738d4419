// Splits a request body into messages and validates each one, collecting
// per-message errors (API.md 2.3) instead of failing the whole request.
import { ApiError } from "../http/errors";
import { MAX_EVENT_AGE_MS, MAX_EVENT_LEAD_MS, MAX_JSON_DEPTH, MAX_MESSAGE_BYTES, MAX_MESSAGES_PER_REQUEST } from "./limits";
import { isPlainObject, messageSchema, type JsonObject, type Message, type MessageType } from "./message";
import { parseInstant } from "./normalize";

export interface MessageError {
  index: number;
  path: string;
  code: string;
  message: string;
}

export interface SplitBody {
  raw: unknown[];
  /** Paths are written "batch[i].field" for lists and "field" for a single message. */
  isList: boolean;
  envelopeContext: JsonObject | null;
  envelopeSentAt: number | null;
}

/** One message, an array of messages, or {batch: [...], context?, sentAt?}. */
export function splitBody(body: unknown): SplitBody {
  if (Array.isArray(body)) return { raw: body, isList: true, envelopeContext: null, envelopeSentAt: null };
  if (isPlainObject(body) && "batch" in body) {
    if (!Array.isArray(body.batch)) {
      throw new ApiError(400, "invalid_batch", "`batch` must be an array of messages.", { accepted: 0, errors: [] });
    }
    const sentAt = typeof body.sentAt === "string" || typeof body.sentAt === "number" ? parseInstant(body.sentAt) : null;
    return {
      raw: body.batch,
      isList: true,
      envelopeContext: isPlainObject(body.context) ? body.context : null,
      envelopeSentAt: sentAt,
    };
  }
  if (isPlainObject(body)) return { raw: [body], isList: false, envelopeContext: null, envelopeSentAt: null };
  throw new ApiError(400, "invalid_body", "The body must be a message object, an array of messages or {\"batch\": [...]}.", {
    accepted: 0,
    errors: [],
  });
}

/** Depth of nested objects and arrays, walked without recursion; stops early past the limit. */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
    }
  }
  return false;
}

export type Checked = { ok: true; index: number; message: Message } | { ok: false; error: MessageError };

export function checkMessage(raw: unknown, index: number, isList: boolean, forcedType?: MessageType): Checked {
  const prefix = isList ? `batch[${index}]` : "";
  const at = (field: string) => (prefix && field ? `${prefix}.${field}` : prefix || field);
  const fail = (field: string, code: string, message: string): Checked => ({
    ok: false,
    error: { index, path: at(field), code, message: `${at(field) || "message"} ${message}` },
  });

  if (!isPlainObject(raw)) return fail("", "invalid_message", "must be a JSON object");
  if (jsonDepthExceeds(raw, MAX_JSON_DEPTH)) {
    return fail("", "too_deep", `is nested more than ${MAX_JSON_DEPTH} levels deep`);
  }
  const candidate = forcedType ? { ...raw, type: forcedType } : raw;
  const parsed = messageSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(issue.path.map(String).join("."), "invalid_field", issue.message);
  }
  for (const field of ["timestamp", "sentAt"] as const) {
    if (parsed.data[field] !== null && parsed.data[field] !== undefined && parseInstant(parsed.data[field]) === null) {
      return fail(field, "invalid_field", "must be an ISO 8601 date or epoch milliseconds");
    }
  }
  return { ok: true, index, message: parsed.data };
}

/**
 * Why an event's time (ts, after clock-skew correction) cannot be stored, or
 * null when it can: it must lie between MAX_EVENT_AGE_MS before `receivedAt`
 * and MAX_EVENT_LEAD_MS after. Outside that window it is a broken clock or a
 * unit mistake, and a time like 9e15 ms is not even a valid date.
 */
export function eventTimeProblem(ts: number, receivedAt: number): string | null {
  if (!Number.isSafeInteger(ts) || ts < receivedAt - MAX_EVENT_AGE_MS) {
    return "is more than 10 years before the time it was received (after clock-skew correction with sentAt)";
  }
  if (ts > receivedAt + MAX_EVENT_LEAD_MS) {
    return "is more than a day after the time it was received (after clock-skew correction with sentAt)";
  }
  return null;
}

/** The per-message error (API.md 2.3) for a normalized message whose time is out of range, or null. */
export function checkEventTime(ts: number, receivedAt: number, index: number, isList: boolean): MessageError | null {
  const problem = eventTimeProblem(ts, receivedAt);
  if (!problem) return null;
  const path = isList ? `batch[${index}].timestamp` : "timestamp";
  return { index, path, code: "timestamp_out_of_range", message: `${path} ${problem}` };
}

/** Request-wide limits that answer 413 before anything is stored. */
export function enforceRequestLimits(raw: unknown[]): void {
  if (raw.length > MAX_MESSAGES_PER_REQUEST) {
    throw new ApiError(413, "too_many_messages", `A request may carry at most ${MAX_MESSAGES_PER_REQUEST} messages; this one has ${raw.length}.`);
  }
  raw.forEach((message, index) => {
    // Depth first: stringifying absurdly deep JSON is itself the attack.
    if (jsonDepthExceeds(message, MAX_JSON_DEPTH)) return;
    if (Buffer.byteLength(JSON.stringify(message) ?? "", "utf8") > MAX_MESSAGE_BYTES) {
      throw new ApiError(413, "message_too_large", `Message ${index} is over ${MAX_MESSAGE_BYTES / 1024} KB.`, {
        accepted: 0,
        errors: [{ index, path: `batch[${index}]`, code: "message_too_large", message: `batch[${index}] is over 32 KB` }],
      });
    }
  });
}
