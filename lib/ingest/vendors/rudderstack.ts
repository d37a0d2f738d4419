// RudderStack's message shape (rudder-sdk-node, rudder-analytics-js): Segment's
// section 2.1 messages with two differences, filled in here. Pure.
// - The time is `originalTimestamp` (RudderStack's `timestamp` is its own
//   receive time, and the SDKs seldom send one).
// - identify's traits also travel as `context.traits` (the browser SDK sends
//   only those).
// A Segment message passes through unchanged, so /v1/* serves both.
import { isPlainObject } from "../message";
import { objectOr } from "./shared";

export function translateRudderStackMessage(message: unknown): unknown {
  if (!isPlainObject(message)) return message;
  let out = message;
  if ((out.timestamp === undefined || out.timestamp === null) && (typeof out.originalTimestamp === "string" || typeof out.originalTimestamp === "number")) {
    out = { ...out, timestamp: out.originalTimestamp };
  }
  const contextTraits = objectOr(objectOr(out.context)?.traits);
  if (out.type === "identify" && !isPlainObject(out.traits) && contextTraits) out = { ...out, traits: contextTraits };
  return out;
}
