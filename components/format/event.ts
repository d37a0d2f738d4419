// The one way an event name is shown. The built-in `$` events the SDKs and the
// Segment message types produce get one friendly label everywhere (pickers,
// tables, chart legends, paths, funnels); custom events show their own name.
// Safe in client bundles: no imports.

const BUILT_IN_EVENTS: Readonly<Record<string, string>> = {
  $pageview: "Page view",
  $screen: "Screen view",
  $identify: "Identify",
  $create_alias: "Create alias",
  $groupidentify: "Group identify",
  /** Not sent by anyone: the node paths use for every event past the busiest few. */
  $other: "Other events",
};

/** How `name` is displayed: "Page view" for `$pageview`, a custom event's own name as it is. */
export function eventLabel(name: string): string {
  return Object.hasOwn(BUILT_IN_EVENTS, name) ? BUILT_IN_EVENTS[name] : name;
}

/** Whether `name` has a friendly label of its own (then lists may show its `$` name beside it). */
export function isBuiltInEvent(name: string): boolean {
  return Object.hasOwn(BUILT_IN_EVENTS, name);
}
