// Where a row of the Overview or of Live leads: the report that explains it,
// pre-filled, or the person's profile. Plain functions with no server imports:
// the Live page's client component uses them too.

/** The Events (trends) report of one event over the Overview's range. */
export function trendOfEventHref(projectId: string, event: string, range: string): string {
  const query = new URLSearchParams({ range, series: JSON.stringify([{ event }]) });
  return `/projects/${projectId}/events?${query.toString()}`;
}

/**
 * The Events report a top table's row counts: unique users of `event` (page
 * views) whose built-in `property` equals the row's value. Its total is the
 * row's number: lib/query/breakdowns.ts counts the tables the same way.
 */
export function trendOfTopRowHref(projectId: string, top: { event: string; property: string; value: string }, range: string): string {
  const query = new URLSearchParams({
    range,
    series: JSON.stringify([{ event: top.event, math: "unique_users" }]),
    where: JSON.stringify([{ property: top.property, op: "eq", value: top.value }]),
  });
  return `/projects/${projectId}/events?${query.toString()}`;
}

/** A person's profile, by any of their distinct ids. */
export function personHref(projectId: string, distinctId: string): string {
  return `/projects/${projectId}/users/${encodeURIComponent(distinctId)}`;
}
