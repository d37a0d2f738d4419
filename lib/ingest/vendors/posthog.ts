// PostHog's capture wire format (posthog-js, posthog-node and the capture API)
// into section 2.1 messages (API.md 2.5). Pure.
//
// A payload is {api_key, batch: [...], sent_at}, a bare array of events, or
// one event. An event is {event, distinct_id (or properties.distinct_id),
// properties, timestamp | offset, uuid, $set?, $set_once?}; the project token
// is api_key or each event's properties.token.
import { isPlainObject, type JsonObject } from "../message";
import { parseInstant } from "../normalize";
import { compact, list, numberOf, objectOr, textOf, without, type Translation } from "./shared";

/** Properties that are transport, not data: the token, the id (kept as the message's), the IP (never stored). */
const TRANSPORT_PROPERTIES = ["token", "distinct_id", "$ip"] as const;

function eventsOf(payload: unknown): { events: unknown[]; envelope: JsonObject | null } {
  if (Array.isArray(payload)) return { events: payload, envelope: null };
  if (isPlainObject(payload) && Array.isArray(payload.batch)) return { events: payload.batch, envelope: payload };
  // `data` wraps the batch in some older posthog-js versions.
  if (isPlainObject(payload) && Array.isArray(payload.data)) return { events: payload.data, envelope: payload };
  return { events: [payload], envelope: null };
}

function tokenOf(envelope: JsonObject | null, events: unknown[]): string | null {
  const fromEnvelope = textOf(envelope?.api_key) ?? textOf(envelope?.token);
  if (fromEnvelope) return fromEnvelope;
  for (const event of events) {
    const e = objectOr(event);
    const token = textOf(e?.api_key) ?? textOf(e?.token) ?? textOf(objectOr(e?.properties)?.token);
    if (token) return token;
  }
  return null;
}

/** Top-level $set/$set_once/$unset (posthog-js puts them there) moved into properties, as 2.1 reads them. */
function withPersonOperations(event: JsonObject, properties: JsonObject): JsonObject {
  const out = { ...properties };
  for (const operator of ["$set", "$set_once"] as const) {
    const top = objectOr(event[operator]);
    if (top) out[operator] = { ...(objectOr(out[operator]) ?? {}), ...top };
  }
  if (Array.isArray(event.$unset) && out.$unset === undefined) out.$unset = event.$unset;
  return out;
}

function contextOf(properties: JsonObject): JsonObject {
  const page = compact({
    url: textOf(properties.$current_url),
    path: textOf(properties.$pathname),
    referrer: textOf(properties.$referrer) === "$direct" ? null : textOf(properties.$referrer),
    title: textOf(properties.title),
  });
  return compact({
    ip: textOf(properties.$ip),
    userAgent: textOf(properties.$raw_user_agent),
    library: textOf(properties.$lib) ? compact({ name: textOf(properties.$lib), version: textOf(properties.$lib_version) }) : null,
    page: Object.keys(page).length ? page : null,
    locale: textOf(properties.$locale),
    timezone: textOf(properties.$timezone),
  });
}

/** When the event happened: its timestamp, or sent_at (else received) minus offset ms. */
function timeOf(event: JsonObject, sentAt: number | null, receivedAt: number): string | number | null {
  const timestamp = textOf(event.timestamp) ?? numberOf(event.timestamp);
  if (timestamp !== null) return timestamp;
  const offset = numberOf(event.offset);
  return offset === null ? null : (sentAt ?? receivedAt) - offset;
}

/** One PostHog event as one section 2.1 message (or as it is, for validation to refuse). */
export function translatePostHogEvent(event: unknown, sentAt: number | null, receivedAt: number): unknown {
  if (!isPlainObject(event)) return event;
  const sent = withPersonOperations(event, objectOr(event.properties) ?? {});
  const distinctId = textOf(event.distinct_id) ?? textOf(event.$distinct_id) ?? textOf(sent.distinct_id);
  const properties = without(sent, TRANSPORT_PROPERTIES);
  const timestamp = timeOf(event, sentAt, receivedAt);
  const common = compact({
    messageId: textOf(event.uuid),
    timestamp,
    // With an explicit timestamp, sent_at corrects the client's clock; an offset is already relative to it.
    sentAt: textOf(event.timestamp) !== null || numberOf(event.timestamp) !== null ? sentAt : null,
    context: contextOf(sent),
    properties,
  });
  // posthog-js says whether the browser's id is a signed-in user's; server
  // libraries do not, and PostHog treats an id as anonymous until $identify.
  const identified = sent.$user_state === "identified";
  const who = identified ? { userId: distinctId } : { anonymousId: distinctId };
  const name = typeof event.event === "string" ? event.event : undefined;

  switch (name) {
    case "$identify":
      return { ...common, type: "identify", userId: distinctId, anonymousId: textOf(sent.$anon_distinct_id) };
    case "$create_alias":
      return { ...common, type: "alias", userId: distinctId, previousId: textOf(sent.alias) };
    case "$groupidentify":
      return {
        ...common,
        type: "group",
        ...who,
        groupId: textOf(sent.$group_key),
        traits: objectOr(sent.$group_set) ?? {},
      };
    default:
      // $pageview and $screen keep their names, as every other event does.
      return { ...common, type: "track", event: name, ...who };
  }
}

export function translatePostHog(payload: unknown, receivedAt: number): Translation {
  const { events, envelope } = eventsOf(payload);
  const sentAtText = envelope?.sent_at;
  const sentAt = typeof sentAtText === "string" || typeof sentAtText === "number" ? parseInstant(sentAtText) : null;
  return {
    writeKey: tokenOf(envelope, events),
    split: list(events.map((event) => translatePostHogEvent(event, sentAt, receivedAt))),
  };
}
