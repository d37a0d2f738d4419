// PostHog's answers (API.md 2.5): capture wants exactly 200 {"status": 1}
// (posthog-js retries anything else); errors carry PostHog's
// {type, code, detail}; the startup calls (remote config, flags) are answered
// here so the browser library starts without reaching PostHog.
import { translatePostHog } from "../../ingest/vendors/posthog";
import type { ApiError } from "../errors";
import { outcomeSentence, type VendorProtocol } from "../vendorRoute";

function errorType(status: number): string {
  if (status === 401) return "authentication_error";
  if (status >= 500) return "server_error";
  return "validation_error";
}

export const posthogCapture: VendorProtocol = {
  translate: (payload, _query, receivedAt) => translatePostHog(payload, receivedAt),
  answer(outcome) {
    if (!outcome.errors.length) return { status: 200, body: { status: 1 } };
    return {
      status: 400,
      body: { type: "validation_error", code: "invalid_payload", detail: outcomeSentence(outcome), attr: outcome.errors[0].path, errors: outcome.errors },
    };
  },
  refuse(error: ApiError) {
    return { status: error.status, body: { type: errorType(error.status), code: error.code, detail: error.message, attr: null } };
  },
};

/** Remote config: nothing PostHog-hosted to switch on (no recordings, surveys, heatmaps or site apps). */
export const POSTHOG_REMOTE_CONFIG = {
  supportedCompression: ["gzip", "gzip-js"],
  hasFeatureFlags: true,
  sessionRecording: false,
  surveys: false,
  heatmaps: false,
  siteApps: [],
} as const;

/**
 * Flags (and the older /decide/): the live experiments' variants for the
 * distinct id that asked (posthogFlags.ts), as flags v2 entries and as the
 * older key → variant map.
 */
export function posthogFlags(variants: Record<string, string> = {}): Record<string, unknown> {
  const flags = Object.fromEntries(
    Object.entries(variants).map(([key, variant]) => [
      key,
      { key, enabled: true, variant, reason: { code: "condition_match", description: "Assigned by a Crumbtrail experiment", condition_index: 0 }, metadata: { id: 0, version: 1 } },
    ]),
  );
  return {
    ...POSTHOG_REMOTE_CONFIG,
    flags,
    featureFlags: { ...variants },
    featureFlagPayloads: {},
    errorsWhileComputingFlags: false,
  };
}

/** config.js: what posthog-js's loader reads from window._POSTHOG_REMOTE_CONFIG. The token is JSON-escaped, so it stays inert. */
export function posthogConfigScript(token: string): string {
  const entry = JSON.stringify({ config: POSTHOG_REMOTE_CONFIG, siteApps: [] });
  const key = JSON.stringify(token).replace(/</g, "\\u003c");
  return `(function(){var w=window;w._POSTHOG_REMOTE_CONFIG=w._POSTHOG_REMOTE_CONFIG||{};w._POSTHOG_REMOTE_CONFIG[${key}]=${entry};})();\n`;
}
