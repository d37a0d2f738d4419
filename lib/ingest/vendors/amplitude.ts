// Amplitude's HTTP V2 / Batch API wire format (@amplitude/analytics-node and
// -browser) into section 2.1 messages (API.md 2.5). Pure.
//
// A payload is {api_key, events: [...], options?, client_upload_time?}; an
// event is {event_type, user_id?, device_id?, time (ms), insert_id?,
// event_properties?, user_properties?, groups?, group_properties?, ...}.
import { ApiError } from "../../http/errors";
import { isPlainObject, type JsonObject } from "../message";
import { compact, list, numberOf, objectOr, textOf, type Translation } from "./shared";

/** Amplitude's user_properties operators, as the 2.1 person-property operators. */
const USER_OPERATORS: Readonly<Record<string, string>> = {
  $set: "$set",
  $setOnce: "$set_once",
  $add: "$add",
  $append: "$append",
  $prepend: "$prepend",
  $unset: "$unset",
  $remove: "$remove",
};

/** Descriptive top-level fields Amplitude stores with the event; kept as properties, named as sent. */
const DESCRIPTIVE_FIELDS = [
  "session_id",
  "event_id",
  "app_version",
  "platform",
  "os_name",
  "os_version",
  "device_brand",
  "device_manufacturer",
  "device_model",
  "carrier",
  "language",
  "price",
  "quantity",
  "revenue",
  "productId",
  "revenueType",
] as const;

const PAGE_VIEWED = "[Amplitude] Page Viewed";

/** user_properties as 2.1 operators: bare keys are $set, as Amplitude reads them. */
export function userPropertyOperations(userProperties: JsonObject | null): JsonObject {
  if (!userProperties) return {};
  const out: JsonObject = {};
  const bare: JsonObject = {};
  for (const [key, value] of Object.entries(userProperties)) {
    const operator = USER_OPERATORS[key];
    if (operator && isPlainObject(value)) out[operator] = operator === "$set" ? { ...(out.$set as JsonObject | undefined), ...value } : value;
    else if (key === "$clearAll") out.$clear_all = true;
    else if (!key.startsWith("$")) Object.defineProperty(bare, key, { value, enumerable: true, writable: true, configurable: true });
  }
  if (Object.keys(bare).length) out.$set = { ...bare, ...(objectOr(out.$set) ?? {}) };
  return out;
}

function contextOf(event: JsonObject, properties: JsonObject): JsonObject {
  const page = compact({
    url: textOf(properties["[Amplitude] Page URL"]) ?? textOf(properties["[Amplitude] Page Location"]),
    path: textOf(properties["[Amplitude] Page Path"]),
    title: textOf(properties["[Amplitude] Page Title"]),
    referrer: textOf(properties.referrer) ?? textOf(properties["[Amplitude] Referrer"]),
  });
  const library = textOf(event.library);
  const slash = library?.lastIndexOf("/") ?? -1;
  return compact({
    ip: textOf(event.ip) === "$remote" ? null : textOf(event.ip),
    userAgent: textOf(event.user_agent),
    locale: textOf(event.language),
    library: library ? compact({ name: slash > 0 ? library.slice(0, slash) : library, version: slash > 0 ? library.slice(slash + 1) : null }) : null,
    page: Object.keys(page).length ? page : null,
  });
}

/** One Amplitude event as one section 2.1 message (or as it is, for validation to refuse). */
export function translateAmplitudeEvent(event: unknown): unknown {
  if (!isPlainObject(event)) return event;
  const eventProperties = objectOr(event.event_properties) ?? {};
  const properties: JsonObject = { ...eventProperties };
  for (const field of DESCRIPTIVE_FIELDS) {
    if (event[field] !== undefined && event[field] !== null && properties[field] === undefined) properties[field] = event[field];
  }
  Object.assign(properties, userPropertyOperations(objectOr(event.user_properties)));
  const ids = { userId: textOf(event.user_id), anonymousId: textOf(event.device_id) };
  const common = compact({
    messageId: textOf(event.insert_id),
    timestamp: numberOf(event.time),
    context: contextOf(event, eventProperties),
    ...ids,
  });
  const name = typeof event.event_type === "string" ? event.event_type : undefined;
  if (name === "$identify") return { ...common, type: "identify", properties };
  if (name === "$groupidentify") {
    const groups = objectOr(event.groups) ?? {};
    const [groupType, groupName] = Object.entries(groups)[0] ?? [];
    return {
      ...common,
      type: "group",
      groupId: textOf(Array.isArray(groupName) ? groupName[0] : groupName),
      traits: (objectOr(event.group_properties) && objectOr(objectOr(event.group_properties)!.$set)) ?? objectOr(event.group_properties) ?? {},
      properties: { ...properties, ...(groupType ? { $group_type: groupType } : {}) },
    };
  }
  return { ...common, type: "track", event: name === PAGE_VIEWED ? "$pageview" : name, properties };
}

export function translateAmplitude(payload: unknown): Translation {
  const body = objectOr(payload);
  if (!body || !Array.isArray(body.events)) {
    throw new ApiError(400, "missing_field", "The body must be {\"api_key\": ..., \"events\": [...]}; events is missing or not a list.");
  }
  const events: unknown[] = body.events;
  return { writeKey: textOf(body?.api_key), split: list(events.map(translateAmplitudeEvent)) };
}
