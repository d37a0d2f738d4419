// Built-in properties in the reference: what a message's context and properties
// make of each `$` name (docs/reading-data.md, "Built-in properties"), written
// out on its own, not with the server's code. User agents and IP addresses are
// the few the generator sends, with what they are known to be.
import type { Json, JsonObject } from "./world";

/** Every built-in name the reference knows; a filter or breakdown on one reads the event's built-ins. */
export const BUILTIN_NAMES = [
  "$pathname",
  "$current_url",
  "$referrer",
  "$referring_domain",
  "$utm_source",
  "$utm_medium",
  "$utm_campaign",
  "$utm_term",
  "$utm_content",
  "$browser",
  "$browser_version",
  "$os",
  "$os_version",
  "$device_type",
  "$country",
  "$lib",
] as const;

export type BuiltinName = (typeof BUILTIN_NAMES)[number];
export type Builtins = Partial<Record<BuiltinName, string>>;

const NAMES: ReadonlySet<string> = new Set(BUILTIN_NAMES);

export function isBuiltinName(name: string): name is BuiltinName {
  return NAMES.has(name);
}

/** User agents with the browser, OS and device they name. */
export const USER_AGENTS: { ua: string; is: Builtins }[] = [
  {
    ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    is: { $browser: "Chrome", $browser_version: "120", $os: "Windows", $os_version: "10", $device_type: "desktop" },
  },
  {
    ua: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
    is: { $browser: "Mobile Safari", $browser_version: "17", $os: "iOS", $os_version: "17.2", $device_type: "mobile" },
  },
  {
    // Linux names no version.
    ua: "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
    is: { $browser: "Firefox", $browser_version: "121", $os: "Linux", $device_type: "desktop" },
  },
  {
    ua: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
    is: { $browser: "Safari", $browser_version: "17", $os: "Mac OS", $os_version: "10.15.7", $device_type: "desktop" },
  },
  {
    ua: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.6045.163 Mobile Safari/537.36",
    is: { $browser: "Chrome", $browser_version: "119", $os: "Android", $os_version: "14", $device_type: "mobile" },
  },
  {
    ua: "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
    is: { $browser: "Mobile Safari", $browser_version: "16", $os: "iOS", $os_version: "16.6", $device_type: "tablet" },
  },
  {
    ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91",
    is: { $browser: "Edge", $browser_version: "120", $os: "Windows", $os_version: "10", $device_type: "desktop" },
  },
];

/** IP addresses and their country in the DB-IP Lite database the server ships; a private address has none. */
export const IPS: { ip: string; country: string | null }[] = [
  { ip: "8.8.8.8", country: "US" },
  { ip: "81.2.69.142", country: "GB" },
  { ip: "193.0.6.139", country: "NL" },
  { ip: "1.1.1.1", country: "AU" },
  { ip: "2a00:1450:4001:81a::200e", country: "DE" },
  { ip: "10.0.0.1", country: null },
];

/** A stored text: a string with something besides spaces, or a number or boolean as text. */
function text(value: Json | undefined): string | null {
  if (typeof value === "string") return value.trim() ? value : null;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

function objectAt(source: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = source?.[key];
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
}

function parsed(url: string | null): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * The built-ins of a stored event: the page (properties first, then
 * context.page), the campaign (context.campaign, then utm_ properties, then
 * the URL's query), the library, and what the user agent and IP address say.
 * Missing values are left out.
 */
export function builtinsOf(properties: JsonObject, context: JsonObject | undefined): Builtins {
  const page = objectAt(context, "page");
  const campaign = objectAt(context, "campaign");
  const url = text(properties.url) ?? text(properties.$current_url) ?? text(page?.url);
  const pageUrl = parsed(url);
  const referrer = text(properties.referrer) ?? text(page?.referrer);
  const referrerHost = parsed(referrer)?.hostname || null;
  const utm = (key: string) => text(campaign?.[key]) ?? text(properties[`utm_${key}`]) ?? pageUrl?.searchParams.get(`utm_${key}`) ?? null;
  const agent = typeof context?.userAgent === "string" ? USER_AGENTS.find((a) => a.ua === context.userAgent) : undefined;
  if (typeof context?.userAgent === "string" && !agent) throw new Error(`reference: unknown user agent ${context.userAgent}`);
  const address = typeof context?.ip === "string" ? IPS.find((a) => a.ip === context.ip) : undefined;
  if (typeof context?.ip === "string" && !address) throw new Error(`reference: unknown IP address ${context.ip}`);
  const all: Record<BuiltinName, string | null | undefined> = {
    $current_url: url,
    $pathname: text(properties.path) ?? text(page?.path) ?? pageUrl?.pathname ?? null,
    $referrer: referrer,
    // A referrer on the page's own site is no referral.
    $referring_domain: referrerHost && referrerHost !== pageUrl?.hostname ? referrerHost : null,
    $utm_source: utm("source"),
    $utm_medium: utm("medium"),
    $utm_campaign: utm("name") ?? utm("campaign"),
    $utm_term: utm("term"),
    $utm_content: utm("content"),
    $lib: text(objectAt(context, "library")?.name),
    $browser: agent?.is.$browser,
    $browser_version: agent?.is.$browser_version,
    $os: agent?.is.$os,
    $os_version: agent?.is.$os_version,
    $device_type: agent?.is.$device_type,
    $country: address?.country,
  };
  const out: Builtins = {};
  for (const name of BUILTIN_NAMES) {
    const value = all[name];
    if (value !== null && value !== undefined) out[name] = value;
  }
  return out;
}
