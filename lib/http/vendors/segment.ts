// The startup calls of the browser libraries that speak Segment's format
// (API.md 2.5): analytics.js 2.0's settings and RudderStack's sourceConfig,
// answered so they start without reaching their vendor.

/** GET /v1/projects/{writeKey}/settings, as @segment/analytics-next reads it: send everything to this server. */
export function segmentSettings(writeKey: string, requestUrl: string, headers: Headers): Record<string, unknown> {
  const url = new URL(requestUrl);
  // The host the browser used (a proxy's forwarded one first): the server's own URL may say localhost.
  const first = (name: string) => headers.get(name)?.split(",")[0]?.trim() || null;
  const host = first("x-forwarded-host") ?? first("host") ?? url.host;
  const protocol = (first("x-forwarded-proto") ?? url.protocol.replace(":", "")) === "https" ? "https" : "http";
  return {
    integrations: { "Segment.io": { apiKey: writeKey, apiHost: `${host}/v1`, protocol } },
    plan: { track: { __default: { enabled: true } }, identify: { __default: { enabled: true } }, group: { __default: { enabled: true } } },
    metrics: { sampleRate: 0 },
  };
}

/** GET /sourceConfig/, as rudder-analytics-js reads it: one enabled source, no destinations. */
export function rudderStackSourceConfig(projectId: string): Record<string, unknown> {
  return { isHosted: false, source: { id: projectId, name: "Crumbtrail", enabled: true, config: {}, destinations: [] } };
}
