// One validated Segment message -> the one internal shape the writer stores.
// Pure: no I/O, no clock (receivedAt comes in), so it is easy to test.
import crypto from "node:crypto";
import type { JsonObject, Message, MessageType } from "./message";
import { isPlainObject } from "./message";

/** The columns reports filter on, lifted out of context and properties. */
export interface LiftedColumns {
  url: string | null;
  path: string | null;
  referrer: string | null;
  referringDomain: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  browser: string | null;
  browserVersion: string | null;
  os: string | null;
  osVersion: string | null;
  deviceType: string | null;
  country: string | null;
  city: string | null;
  libraryName: string | null;
}

export interface NormalizedMessage {
  type: MessageType;
  /** Stored event name: the track's own, or $pageview, $screen, $identify, $groupidentify, $create_alias. */
  event: string;
  messageId: string;
  ts: number;
  receivedAt: number;
  /** userId when there is one, else anonymousId. */
  distinctId: string;
  userId: string | null;
  anonymousId: string | null;
  previousId: string | null;
  groupId: string | null;
  properties: JsonObject;
  traits: JsonObject | null;
  /** Context as stored: without the IP, which is never kept. */
  context: JsonObject;
  /** For enrichment only, never stored. */
  ip: string | null;
  userAgent: string | null;
  columns: LiftedColumns;
  /**
   * Set by the vendor routes whose SDKs join a device to a user on any event
   * carrying both ids (Mixpanel, Amplitude; API.md 2.5): such an event joins
   * them as identify does.
   */
  joinsIds?: true;
}

export const STORED_NAME: Readonly<Record<Exclude<MessageType, "track">, string>> = {
  page: "$pageview",
  screen: "$screen",
  identify: "$identify",
  group: "$groupidentify",
  alias: "$create_alias",
};

/** ISO 8601 text, epoch ms as a number or digits; null when it is neither. */
export function parseInstant(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? Math.trunc(value) : null;
  const text = value.trim();
  if (/^\d{10,16}$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * When the event happened. With sentAt the client's clock is corrected:
 * timestamp = receivedAt - (sentAt - timestamp), as Segment does.
 */
export function eventTime(timestamp: number | null, sentAt: number | null, receivedAt: number): number {
  if (timestamp === null) return receivedAt;
  if (sentAt === null) return timestamp;
  return receivedAt - (sentAt - timestamp);
}

function text(value: unknown, max = 2000): string | null {
  if (typeof value === "string") return value.trim() ? value.slice(0, max) : null;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

function objectAt(source: JsonObject | null | undefined, key: string): JsonObject | null {
  const value = source?.[key];
  return isPlainObject(value) ? value : null;
}

function parseUrl(value: string | null): URL | null {
  if (!value) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function externalDomain(referrer: string | null, page: URL | null): string | null {
  const host = parseUrl(referrer)?.hostname;
  if (!host || (page && page.hostname === host)) return null;
  return host;
}

function liftColumns(properties: JsonObject, context: JsonObject): LiftedColumns {
  const page = objectAt(context, "page");
  const campaign = objectAt(context, "campaign");
  const library = objectAt(context, "library");
  const url = text(properties.url) ?? text(properties.$current_url) ?? text(page?.url);
  const parsedUrl = parseUrl(url);
  const referrer = text(properties.referrer) ?? text(page?.referrer);
  const utm = (key: string): string | null =>
    text(campaign?.[key]) ?? text(properties[`utm_${key}`]) ?? parsedUrl?.searchParams.get(`utm_${key}`) ?? null;
  return {
    url,
    path: text(properties.path) ?? text(page?.path) ?? (parsedUrl ? parsedUrl.pathname : null),
    referrer,
    // Navigation inside the site is not a referral.
    referringDomain: externalDomain(referrer, parsedUrl),
    utmSource: utm("source"),
    utmMedium: utm("medium"),
    utmCampaign: utm("name") ?? utm("campaign"),
    utmTerm: utm("term"),
    utmContent: utm("content"),
    // Filled by enrichment (user agent and IP lookups).
    browser: null,
    browserVersion: null,
    os: null,
    osVersion: null,
    deviceType: null,
    country: null,
    city: null,
    libraryName: text(library?.name, 200),
  };
}

export interface Envelope {
  /** Batch-level context, merged under each message's own. */
  context?: JsonObject | null;
  /** Batch-level sentAt, for messages that carry none. */
  sentAt?: number | null;
  /** Request IP and user agent, used when the message's context has none. */
  requestIp?: string | null;
  requestUserAgent?: string | null;
}

export function normalizeMessage(message: Message, receivedAt: number, envelope: Envelope = {}): NormalizedMessage {
  const type: MessageType = message.type ?? "track";
  const context: JsonObject = { ...(envelope.context ?? {}), ...(message.context ?? {}) };
  const ip = text(context.ip, 100) ?? envelope.requestIp ?? null;
  const userAgent = text(context.userAgent, 1000) ?? envelope.requestUserAgent ?? null;
  delete context.ip;

  const properties: JsonObject = { ...(message.properties ?? {}) };
  if ((type === "page" || type === "screen") && message.name && properties.name === undefined) {
    properties.name = message.name;
  }
  if (type === "group") {
    // As PostHog stores them: the group and its traits ride on the $groupidentify event.
    properties.$group_id = message.groupId;
    properties.$group_set = message.traits ?? {};
  }
  const timestamp = parseInstant(message.timestamp);
  const sentAt = parseInstant(message.sentAt) ?? envelope.sentAt ?? null;

  return {
    type,
    event: type === "track" ? message.event! : STORED_NAME[type],
    messageId: message.messageId ?? crypto.randomUUID(),
    ts: eventTime(timestamp, sentAt, receivedAt),
    receivedAt,
    distinctId: (message.userId ?? message.anonymousId)!,
    userId: message.userId,
    anonymousId: message.anonymousId,
    previousId: message.previousId,
    groupId: message.groupId,
    properties,
    traits: message.traits ?? null,
    context,
    ip,
    userAgent,
    columns: liftColumns(properties, context),
  };
}
