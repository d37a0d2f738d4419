// Built-in properties: the columns lifted out of each event's context and
// enriched at ingestion (lib/ingest/normalize.ts, lib/ingest/enrich.ts),
// offered to reports as event properties under PostHog-style `$` names.
//
// A report names a built-in like any property ({"property": "$country"});
// filters, breakdowns and top values then read its column instead of the
// event's JSON properties. A built-in name wins over a custom event property
// of the same name: an event sent with properties {"$browser": "x"} is still
// filtered and broken down by the browser its user agent names. The custom
// value stays stored and visible on the event itself.
//
// Only the columns listed here are ever written into SQL, and only from this
// table: a name a user typed is looked up, never pasted.
import type { EventsTable } from "../db/tables";

/** A lifted column of the events table: text, or NULL when the event had nothing to lift. */
export type LiftedColumn = {
  [K in keyof EventsTable]: EventsTable[K] extends string | null ? (null extends EventsTable[K] ? K : never) : never;
}[keyof EventsTable];

export interface BuiltinProperty {
  /** The name reports use: "$country". */
  name: string;
  /** The events table's column that holds it. */
  column: LiftedColumn;
  /** A name people read: "Country". */
  label: string;
  /** Every lifted column is text: "120" is the string "120", never the number. */
  type: "string";
  /** What the value is and where it comes from, for the catalog. */
  description: string;
}

const builtin = (name: string, column: LiftedColumn, label: string, description: string): BuiltinProperty => ({ name, column, label, type: "string", description });

/**
 * Every built-in property, in the order a picker lists them. The `city`
 * column is left out: nothing fills it yet (enrichment looks up countries
 * only), and a property that is never set would only mislead.
 */
export const BUILTIN_PROPERTIES: readonly BuiltinProperty[] = Object.freeze([
  builtin("$pathname", "path", "Path", "The page's path: properties.path, context.page.path, or the URL's path."),
  builtin("$current_url", "url", "Current URL", "The page's URL: properties.url, properties.$current_url or context.page.url."),
  builtin("$referrer", "referrer", "Referrer URL", "The page's referrer: properties.referrer or context.page.referrer."),
  builtin("$referring_domain", "referring_domain", "Referring domain", "The referrer's host name, when it is another site than the page's."),
  builtin("$utm_source", "utm_source", "UTM source", "context.campaign.source, properties.utm_source or the URL's utm_source."),
  builtin("$utm_medium", "utm_medium", "UTM medium", "context.campaign.medium, properties.utm_medium or the URL's utm_medium."),
  builtin("$utm_campaign", "utm_campaign", "UTM campaign", "context.campaign.name, or utm_campaign from the campaign, the properties or the URL."),
  builtin("$utm_term", "utm_term", "UTM term", "context.campaign.term, properties.utm_term or the URL's utm_term."),
  builtin("$utm_content", "utm_content", "UTM content", "context.campaign.content, properties.utm_content or the URL's utm_content."),
  builtin("$browser", "browser", "Browser", "The browser the user agent names (Chrome, Safari, Firefox...)."),
  builtin("$browser_version", "browser_version", "Browser version", "The browser's major version, as text."),
  builtin("$os", "os", "OS", "The operating system the user agent names (Windows, iOS, Android...)."),
  builtin("$os_version", "os_version", "OS version", "The operating system's version, as text."),
  builtin("$device_type", "device_type", "Device type", "desktop, mobile, tablet, console, smarttv, wearable or embedded."),
  builtin("$country", "country", "Country", "The ISO 3166-1 alpha-2 code of the country the IP address was in (the address itself is never stored)."),
  builtin("$lib", "library_name", "Library", "The tracking library that sent the event: context.library.name."),
]);

const BY_NAME: ReadonlyMap<string, BuiltinProperty> = new Map(BUILTIN_PROPERTIES.map((p) => [p.name, p]));

/** The built-in property called `name`, or null for any other name (custom properties). */
export function builtinProperty(name: string): BuiltinProperty | null {
  return BY_NAME.get(name) ?? null;
}

/**
 * The built-in a filter, breakdown or math of this scope reads, or null when
 * it reads JSON properties. Built-ins are event properties: with scope "user"
 * the same name is the person's own property of that name.
 */
export function builtinFor(scope: "event" | "user", name: string): BuiltinProperty | null {
  return scope === "event" ? builtinProperty(name) : null;
}
