// What the Live page reads from an event of GET /api/projects/{id}/events, and
// how it turns one into what a row shows. Pure functions: unit-testable, and
// safe in the browser (no server imports).
import { z } from "zod";
import { BUILTIN_PROPERTIES } from "@/lib/query/builtinProperties";

/** The answer's events, checked: the page shows what the server sent, never trusts its shape. */
export const liveEventSchema = z.object({
  id: z.string(),
  event: z.string(),
  distinctId: z.string(),
  timestamp: z.string(),
  properties: z.record(z.string(), z.unknown()),
  context: z.record(z.string(), z.unknown()),
  // Older servers do not send it: no built-ins rather than no events.
  builtinProperties: z.record(z.string(), z.string()).default({}),
});

export const liveAnswerSchema = z.object({ events: z.array(liveEventSchema) });

export type LiveEvent = z.output<typeof liveEventSchema>;

/** Where the event happened: the page's path, or a mobile screen's name. */
export function placeOf(e: LiveEvent): string | null {
  const path = e.builtinProperties.$pathname;
  if (path) return path;
  const name = e.properties.name;
  return e.event === "$screen" && typeof name === "string" && name ? name : null;
}

/** One line of a key/value table: a key and its value as text. */
export interface PropertyLine {
  key: string;
  value: string;
}

/** A value as one line of text: strings as they are, anything else as JSON. */
function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "";
  return JSON.stringify(value);
}

/**
 * An object as key/value lines, nested objects spelled out with dotted keys
 * (context.page.path -> "page.path") so each value is on its own line; lists
 * and empty objects stay JSON. Keys are sorted so two events compare at a glance.
 */
export function propertyLines(object: Record<string, unknown>, prefix = ""): PropertyLine[] {
  const lines: PropertyLine[] = [];
  for (const [key, value] of Object.entries(object)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length) {
      lines.push(...propertyLines(value as Record<string, unknown>, name));
    } else lines.push({ key: name, value: asText(value) });
  }
  return prefix ? lines : lines.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The built-in properties in the pickers' order, each with the label people read. */
export function builtinLines(builtins: Record<string, string>): (PropertyLine & { label: string })[] {
  return BUILTIN_PROPERTIES.filter((p) => builtins[p.name] !== undefined).map((p) => ({ key: p.name, label: p.label, value: builtins[p.name] }));
}

/** The Live page's address with these filters (empty ones left out): shareable. */
export function liveHref(projectId: string, filters: { event?: string | null; distinctId?: string | null }): string {
  const query = new URLSearchParams();
  if (filters.event) query.set("event", filters.event);
  if (filters.distinctId) query.set("distinctId", filters.distinctId);
  const text = query.toString();
  return `/projects/${projectId}/live${text ? `?${text}` : ""}`;
}
