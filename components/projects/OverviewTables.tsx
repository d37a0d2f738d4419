// The Overview's slower half: the active users and the six top tables. They
// read every event of the range by column (seconds at 10M events), so the page
// streams them in after its chart instead of waiting for them: each part here
// awaits the one shared answer inside its own Suspense boundary.
import { Stat } from "@/components/ui/Card";
import { ReportError } from "@/components/reports/Layout";
import type { Attempt } from "@/components/reports/run";
import { countryLabel, TopTable } from "@/components/projects/TopTable";
import type { OverviewTables } from "@/lib/query";

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

export async function TopTables({ tables }: { tables: Promise<Attempt<OverviewTables>> }) {
  const outcome = await tables;
  if (outcome.error !== null) return <ReportError message={outcome.error} />;
  const { tops } = outcome.data;
  return (
    <div className="grid gap-6 md:grid-cols-2 xl:grid-cols-3">
      <TopTable title="Top pages" rows={tops.path} empty="No page views in this range: the HTML snippet records them." />
      <TopTable title="Referrers" rows={tops.referrer} empty="No referred visits in this range." />
      <TopTable title="UTM sources" rows={tops.utmSource} empty="No campaign traffic (utm_source) in this range." />
      <TopTable title="Countries" rows={tops.country} format={countryLabel} empty="No locations yet: countries come from browser visits." />
      <TopTable title="Browsers" rows={tops.browser} empty="No browser visits in this range." />
      <TopTable title="Devices" rows={tops.device} format={(v) => v.charAt(0).toUpperCase() + v.slice(1)} empty="No browser visits in this range." />
    </div>
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
