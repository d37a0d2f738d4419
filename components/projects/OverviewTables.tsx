// The Overview's slower half: the active users and the six top tables. They
// read every event of the range by column (seconds at 10M events), so the page
// streams them in after its chart instead of waiting for them: each part here
// awaits the one shared answer inside its own Suspense boundary.
import { Stat } from "@/components/ui/Card";
import { ReportError } from "@/components/reports/Layout";
import type { Attempt } from "@/components/reports/run";
import { trendOfTopRowHref } from "@/components/projects/overviewLinks";
import { countryLabel, TopTable } from "@/components/projects/TopTable";
import { TOP_COLUMNS, TOPS_COUNT_EVENT, type OverviewTables, type TopColumn } from "@/lib/query";

const number = new Intl.NumberFormat("en-US");

// The same windows as the range picker's presets (lib/query/breakdowns.ts
// activeWindows), so "Weekly active" equals the unique users of "Last 7 days".
const ACTIVE = [
  { key: "dau", label: "Daily active", hint: "Last 24 hours, this hour included" },
  { key: "wau", label: "Weekly active", hint: "Last 7 days, today included" },
  { key: "mau", label: "Monthly active", hint: "Last 30 days, today included" },
] as const;

/** Three stat cards; on a failure they say so, and the tables below give the reason. */
export async function ActiveUsersStats({ tables }: { tables: Promise<Attempt<OverviewTables>> }) {
  const outcome = await tables;
  return (
    <>
      {ACTIVE.map(({ key, label, hint }) => (
        <Stat key={key} label={label} value={outcome.error === null ? number.format(outcome.data.active[key]) : "–"} hint={outcome.error === null ? hint : "Not counted"} />
      ))}
    </>
  );
}

export function ActiveUsersPlaceholder() {
  return (
    <>
      {ACTIVE.map(({ key, label, hint }) => (
        <Stat key={key} label={label} value={<span aria-hidden className="inline-block h-8 w-20 animate-pulse rounded bg-slate-200 align-middle" />} hint={hint} />
      ))}
    </>
  );
}

/**
 * The six top tables. Each counts visitors (unique users with a page view) and
 * each row opens the trend of page views filtered by its value, whose total is
 * the row's number.
 */
export async function TopTables({ tables, projectId, range }: { tables: Promise<Attempt<OverviewTables>>; projectId: string; range: string }) {
  const outcome = await tables;
  if (outcome.error !== null) return <ReportError message={outcome.error} />;
  const { tops } = outcome.data;
  const hrefIn = (table: TopColumn) => (value: string) => trendOfTopRowHref(projectId, { event: TOPS_COUNT_EVENT, property: TOP_COLUMNS[table].property, value }, range);
  return (
    <section aria-labelledby="top-tables-heading" className="space-y-3">
      <p id="top-tables-heading" className="text-sm text-slate-500">
        Visitors: unique users with a page view in the range. Open a row for its trend.
      </p>
      <div className="grid gap-6 md:grid-cols-2 xl:grid-cols-3">
        <TopTable title="Top pages" valueHeading="Path" rows={tops.path} hrefOf={hrefIn("path")} empty="No page views in this range: the HTML snippet records them." />
        <TopTable title="Referrers" valueHeading="Domain" rows={tops.referrer} hrefOf={hrefIn("referrer")} empty="No page views from another site in this range." />
        <TopTable title="UTM sources" valueHeading="utm_source" rows={tops.utmSource} hrefOf={hrefIn("utmSource")} empty="No page views with a utm_source in this range." />
        <TopTable title="Countries" valueHeading="Country" rows={tops.country} format={countryLabel} hrefOf={hrefIn("country")} empty="No locations yet: countries come from page views." />
        <TopTable title="Browsers" valueHeading="Browser" rows={tops.browser} hrefOf={hrefIn("browser")} empty="No page views from a browser in this range." />
        <TopTable title="Devices" valueHeading="Device type" rows={tops.device} format={(v) => v.charAt(0).toUpperCase() + v.slice(1)} hrefOf={hrefIn("device")} empty="No page views from a browser in this range." />
      </div>
    </section>
  );
}

export function TopTablesPlaceholder() {
  return (
    <div className="grid gap-6 md:grid-cols-2 xl:grid-cols-3" aria-busy="true" aria-label="Counting the top pages, referrers, sources, countries, browsers and devices">
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className="h-56 animate-pulse rounded-xl bg-slate-200" />
      ))}
    </div>
  );
}
