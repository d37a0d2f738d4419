// Where a row of the Overview leads: the report that explains it, pre-filled.

/** The Events (trends) report of one event over the Overview's range. */
export function trendOfEventHref(projectId: string, event: string, range: string): string {
  const query = new URLSearchParams({ range, series: JSON.stringify([{ event }]) });
  return `/projects/${projectId}/events?${query.toString()}`;
}
