// The benchmark's messages in other vendors' wire formats (API.md 2.5), for the
// vendor-route phases of bench/ingest.mjs: the same events as the /api/track
// phases, so the two throughputs compare the routes and not the data.
//
// Bodies are built before the timed runs with a placeholder where each
// request's id goes; during a run a body is one string replacement, as cheap
// for the load generator as the /api/track phase's concatenation.

const PLACEHOLDER = "@@prefix.request@@";
// Each request's events carry the time it is sent, as the /api/track phase's
// do: a body built once with one fixed time would give every event the same
// timestamp, and the report indexes (which lead with the time after the event
// name) would take each insert at a random place among equal keys instead of
// at their end, a cost real traffic does not have.
const NOW_ISO = "@@now.iso@@";
const NOW_MS = 4102444800123; // 2100-01-01T00:00:00.123Z, a number no event carries
const msOf = (timestamp) => (timestamp === NOW_ISO ? NOW_MS : Date.parse(timestamp));

/** The path each vendor's SDK posts a batch to, and how its 200 says how many were stored. */
export const VENDOR_ROUTES = {
  posthog: { path: "/posthog/batch/", accepted: (_body, size) => size },
  mixpanel: { path: "/mixpanel/track/", accepted: (body, size) => (body.trim() === "1" ? size : 0) },
  amplitude: { path: "/amplitude/2/httpapi", accepted: (body) => JSON.parse(body).events_ingested },
};

function posthogBody(writeKey, messages) {
  return {
    api_key: writeKey,
    batch: messages.map((m) => ({
      event: m.event,
      uuid: m.messageId,
      timestamp: m.timestamp,
      properties: {
        ...m.properties,
        distinct_id: m.userId ?? m.anonymousId,
        $current_url: m.context.page.url,
        $referrer: m.context.page.referrer,
        $raw_user_agent: m.context.userAgent,
        $ip: m.context.ip,
        $lib: "web",
      },
    })),
  };
}

function mixpanelBody(writeKey, messages) {
  return messages.map((m) => ({
    event: m.event,
    properties: {
      ...m.properties,
      token: writeKey,
      time: msOf(m.timestamp),
      $insert_id: m.messageId,
      distinct_id: m.userId ?? `$device:${m.anonymousId}`,
      $device_id: m.anonymousId,
      ...(m.userId ? { $user_id: m.userId } : {}),
      $current_url: m.context.page.url,
      ip: m.context.ip,
      mp_lib: "web",
    },
  }));
}

function amplitudeBody(writeKey, messages) {
  return {
    api_key: writeKey,
    events: messages.map((m) => ({
      event_type: m.event,
      insert_id: m.messageId,
      time: msOf(m.timestamp),
      device_id: m.anonymousId,
      ...(m.userId ? { user_id: m.userId } : {}),
      ip: m.context.ip,
      user_agent: m.context.userAgent,
      event_properties: { ...m.properties, "[Amplitude] Page Path": m.context.page.path },
    })),
  };
}

const BUILDERS = { posthog: posthogBody, mixpanel: mixpanelBody, amplitude: amplitudeBody };

/**
 * The properties each vendor's route stores beyond the /api/track message's own
 * (API.md 2.5 keeps vendor-prefixed properties as sent): what makes a vendor's
 * stored event wider than the batched phase's. The twin phase sends these
 * through /api/track, so "vendor / twin" compares the routes on the same rows.
 */
const KEPT_PROPERTIES = {
  posthog: (m) => ({ $current_url: m.context.page.url, $referrer: m.context.page.referrer, $raw_user_agent: m.context.userAgent, $lib: "web" }),
  mixpanel: (m) => ({ $device_id: m.anonymousId, ...(m.userId ? { $user_id: m.userId } : {}), $current_url: m.context.page.url, mp_lib: "web" }),
  amplitude: (m) => ({ "[Amplitude] Page Path": m.context.page.path }),
};

/** An /api/track batch of the messages, each with `kept(message)` added to its properties. */
const twinBody = (kept) => (_writeKey, messages) => ({ batch: messages.map((m) => ({ ...m, properties: { ...m.properties, ...kept(m) } })) });

/**
 * A body function for bench/ingest.mjs's load(): (prefix, request) → the body
 * of `size` events whose vendor event ids are `${prefix}.${request}.${i}`,
 * the ids the storage check looks for. `twin`: the same events as an
 * /api/track batch carrying the properties the vendor's route keeps.
 */
export function vendorBatchBodies({ vendor, writeKey, size, message, distinctBodies = 500, twin = false }) {
  const build = twin ? KEPT_PROPERTIES[vendor] && twinBody(KEPT_PROPERTIES[vendor]) : BUILDERS[vendor];
  if (!build) throw new Error(`no vendor format called ${vendor}`);
  const bodies = [];
  for (let b = 0; b < distinctBodies; b++) {
    const messages = [];
    for (let i = 0; i < size; i++) messages.push(JSON.parse(message("@@prefix", "request@@", i, NOW_ISO)));
    bodies.push(JSON.stringify(build(writeKey, messages)));
  }
  return (prefix, request) => {
    const now = Date.now();
    return bodies[request % distinctBodies]
      .replaceAll(PLACEHOLDER, `${prefix}.${request}`)
      .replaceAll(NOW_ISO, new Date(now).toISOString())
      .replaceAll(String(NOW_MS), String(now));
  };
}
