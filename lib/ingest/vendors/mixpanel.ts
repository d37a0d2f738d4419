// Mixpanel's ingestion wire format (mixpanel-browser, the mixpanel Node
// library, the HTTP API) into section 2.1 messages (API.md 2.5). Pure.
//
// /track and /import take events {event, properties: {token, distinct_id,
// time, $insert_id, $device_id?, $user_id?, ...}}; /engage takes profile
// updates {$token, $distinct_id, $set | $set_once | $add | $append | $union |
// $remove | $unset | $delete, $time?}; /groups takes {$token, $group_key,
// $group_id, $set...}. One object or a list of them.
import { isPlainObject, type JsonObject } from "../message";
import { compact, list, numberOf, objectOr, textOf, without, type Translation } from "./shared";

export type MixpanelEndpoint = "track" | "import" | "engage" | "groups";

/** Engage operators, and the 2.1 person-property operator each becomes. */
const ENGAGE_OPERATORS: Readonly<Record<string, string>> = {
  $set: "$set",
  $set_once: "$set_once",
  $add: "$add",
  $append: "$append",
  $union: "$union",
  $remove: "$remove",
  $unset: "$unset",
};

/** Properties that are transport, not data: the token, the ids (kept as the message's), the IP (never stored). */
const TRANSPORT_PROPERTIES = ["token", "distinct_id", "ip", "$ip", "time", "$insert_id"] as const;

/**
 * Mixpanel's `time`: seconds (possibly fractional) since the epoch, or
 * milliseconds when the value is above 10^11 (a seconds value that large is
 * year 5138).
 */
export function mixpanelTime(value: unknown): number | null {
  const time = numberOf(value);
  if (time === null) return null;
  return Math.round(time > 1e11 ? time : time * 1000);
}

function tokenOf(items: unknown[], endpoint: MixpanelEndpoint): string | null {
  for (const item of items) {
    const o = objectOr(item);
    const token = endpoint === "engage" || endpoint === "groups" ? textOf(o?.$token) : textOf(objectOr(o?.properties)?.token);
    if (token) return token;
  }
  return null;
}

function contextOf(properties: JsonObject): JsonObject {
  const page = compact({ url: textOf(properties.$current_url), referrer: textOf(properties.$referrer) });
  return compact({
    ip: textOf(properties.ip) ?? textOf(properties.$ip),
    library: textOf(properties.mp_lib) ? compact({ name: textOf(properties.mp_lib), version: textOf(properties.$lib_version) }) : null,
    page: Object.keys(page).length ? page : null,
  });
}

/**
 * Who an event is about. Simplified ID merge sends $device_id and (once
 * signed in) $user_id; without them, distinct_id is taken as Mixpanel takes
 * an id it has not seen identified: a device's.
 */
function idsOf(properties: JsonObject): { userId: string | null; anonymousId: string | null } {
  const userId = textOf(properties.$user_id);
  const deviceId = textOf(properties.$device_id);
  if (userId || deviceId) return { userId, anonymousId: deviceId };
  return { userId: null, anonymousId: textOf(properties.distinct_id) };
}

/** One /track or /import event as one section 2.1 message (or as it is, for validation to refuse). */
export function translateMixpanelEvent(event: unknown): unknown {
  if (!isPlainObject(event)) return event;
  const sent = objectOr(event.properties) ?? {};
  const properties = without(sent, TRANSPORT_PROPERTIES);
  const common = compact({ messageId: textOf(sent.$insert_id), timestamp: mixpanelTime(sent.time), context: contextOf(sent), properties });
  const name = typeof event.event === "string" ? event.event : undefined;
  switch (name) {
    case "$identify":
      // mixpanel-browser's identify(): distinct_id is the new (user) id, $anon_distinct_id the device's.
      return { ...common, type: "identify", userId: textOf(sent.distinct_id) ?? textOf(sent.$identified_id), anonymousId: textOf(sent.$anon_distinct_id) };
    case "$create_alias":
      // alias(alias, distinct_id): the alias (usually the user id) becomes another id of distinct_id's person.
      return { ...common, type: "alias", userId: textOf(sent.alias), previousId: textOf(sent.distinct_id) };
    case "$mp_web_page_view":
      return { ...common, type: "track", event: "$pageview", ...idsOf(sent) };
    default:
      return { ...common, type: "track", event: name, ...idsOf(sent) };
  }
}

/**
 * One /engage update as an identify message carrying the 2.1 person-property
 * operators.
 */
export function translateEngage(update: unknown): unknown {
  if (!isPlainObject(update)) return update;
  const traits: JsonObject = {};
  for (const [operator, inner] of Object.entries(ENGAGE_OPERATORS)) {
    if (update[operator] !== undefined) traits[inner] = update[operator];
  }
  const userId = textOf(update.$user_id);
  const deviceId = textOf(update.$device_id);
  const ids = userId || deviceId ? { userId, anonymousId: deviceId } : { userId: null, anonymousId: textOf(update.$distinct_id) };
  return compact({
    type: "identify",
    ...ids,
    traits,
    timestamp: mixpanelTime(update.$time),
    context: compact({ ip: textOf(update.$ip) }),
  });
}

/** One /groups update: the group's traits, on a $groupidentify of the group's own id (as posthog-node does). */
export function translateGroupUpdate(update: unknown): unknown {
  if (!isPlainObject(update)) return update;
  const key = textOf(update.$group_key);
  const id = textOf(update.$group_id);
  return compact({
    type: "group",
    anonymousId: key && id ? `$${key}_${id}` : null,
    groupId: id,
    traits: { ...(objectOr(update.$set_once) ?? {}), ...(objectOr(update.$set) ?? {}) },
    properties: compact({ $group_type: key }),
  });
}

const isDeletion = (item: unknown): boolean => isPlainObject(item) && item.$delete !== undefined;

export function translateMixpanel(payload: unknown, endpoint: MixpanelEndpoint): Translation {
  const items = Array.isArray(payload) ? payload : [payload];
  const writeKey = tokenOf(items, endpoint);
  if (endpoint === "engage") {
    // $delete is not a message: the route erases those persons once the rest is stored.
    const erase = items
      .filter(isDeletion)
      .map((item) => textOf((item as JsonObject).$user_id) ?? textOf((item as JsonObject).$distinct_id))
      .filter((id): id is string => id !== null);
    return { writeKey, split: list(items.filter((item) => !isDeletion(item)).map(translateEngage)), erase };
  }
  const translate = endpoint === "groups" ? translateGroupUpdate : translateMixpanelEvent;
  return { writeKey, split: list(items.map(translate)) };
}
