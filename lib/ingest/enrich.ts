// Enrichment: browser, OS and device from the end user's user agent
// (ua-parser-js), country from the IP (DB-IP Lite, shipped in an npm package and
// read locally with maxmind), and bot detection (isbot). The IP is looked up and
// dropped: it is never stored.
import fs from "node:fs";
import path from "node:path";
import { isbot } from "isbot";
import { Reader, type CountryResponse } from "maxmind";
import UAParser from "ua-parser-js";
import type { LiftedColumns, NormalizedMessage } from "./normalize";

interface DeviceInfo {
  browser: string | null;
  browserVersion: string | null;
  os: string | null;
  osVersion: string | null;
  deviceType: string | null;
  bot: boolean;
}

const UA_CACHE_SIZE = 5000;
const uaCache = new Map<string, DeviceInfo>();

/** Parsed once per distinct user agent: the same few hundred strings repeat all day. */
export function parseUserAgent(userAgent: string): DeviceInfo {
  const cached = uaCache.get(userAgent);
  if (cached) return cached;
  const result = new UAParser(userAgent).getResult();
  const info: DeviceInfo = {
    browser: result.browser.name ?? null,
    browserVersion: result.browser.major ?? null,
    os: result.os.name ?? null,
    osVersion: result.os.version ?? null,
    // ua-parser names mobile, tablet, console, smarttv, wearable, embedded; none means a desktop.
    deviceType: result.device.type ?? (result.os.name || result.browser.name ? "desktop" : null),
    bot: isbot(userAgent),
  };
  if (uaCache.size >= UA_CACHE_SIZE) uaCache.delete(uaCache.keys().next().value!);
  uaCache.set(userAgent, info);
  return info;
}

interface DbIpRecord extends CountryResponse {
  country_code?: string;
}

let countryReader: Reader<DbIpRecord> | null | undefined;

function countries(): Reader<DbIpRecord> | null {
  if (countryReader !== undefined) return countryReader;
  try {
    const file = path.join(process.cwd(), "node_modules", "@ip-location-db", "dbip-country-mmdb", "dbip-country.mmdb");
    countryReader = new Reader<DbIpRecord>(fs.readFileSync(file));
  } catch (error) {
    console.warn("[crumbtrail] country lookup disabled: the DB-IP database could not be read:", (error as Error).message);
    countryReader = null;
  }
  return countryReader;
}

/** ISO 3166-1 alpha-2 code of an IP, or null (private ranges, bad input, unknown). */
export function countryOf(ip: string | null): string | null {
  if (!ip) return null;
  try {
    return countries()?.get(ip.replace(/^::ffff:/, ""))?.country_code ?? null;
  } catch {
    return null;
  }
}

/**
 * Fills the enrichment columns of a message and says whether it came from a bot.
 * `userAgent` on the message is the end user's: its context.userAgent, or the
 * request's own only when the request came from a browser (see lib/ingest).
 */
export function enrich(message: NormalizedMessage): { bot: boolean } {
  const columns: LiftedColumns = message.columns;
  let bot = false;
  if (message.userAgent) {
    const device = parseUserAgent(message.userAgent);
    columns.browser = device.browser;
    columns.browserVersion = device.browserVersion;
    columns.os = device.os;
    columns.osVersion = device.osVersion;
    columns.deviceType = device.deviceType;
    bot = device.bot;
  }
  columns.country = countryOf(message.ip);
  message.ip = null;
  return { bot };
}
