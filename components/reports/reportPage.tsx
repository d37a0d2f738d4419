// What every report page does first: the member and project, the property
// catalog, the range from the URL, the page header, and, for a project without
// events yet, the whole page that says how to send some.
import type { ReactNode } from "react";
import type { AccountUser } from "@/lib/auth";
import type { ProjectSummary } from "@/lib/projects";
import { projectPageContext } from "@/lib/projects/page";
import { reportContext, type ReportContext } from "@/lib/query/context";
import { listCohorts } from "@/lib/cohorts";
import { catalog, type Catalog } from "@/lib/query/properties";
import type { PickerCohort } from "./vocabulary";
import { NoEventsYet, ReportHeader } from "./Layout";
import { PICKER_SEED } from "./vocabulary";
import { flatParams, type SearchParams } from "./params";
import { RangeControl } from "./RangeControl";
import { rangePhrase, resolveReportRange } from "./range";
import { ReportNavigation } from "./ReportNavigation";

type Range = ReturnType<typeof resolveReportRange>;

export interface ReportPage {
  search: Record<string, string | undefined>;
  basePath: string;
  user: AccountUser;
  project: ProjectSummary;
  ctx: ReportContext;
  /** The property catalog's seed, and the project's cohorts for the pickers. */
  cat: Catalog & { cohorts: PickerCohort[] };
  range: Range;
  header: ReactNode;
  /** The page to render instead when the project has no events yet. */
  noEvents: ReactNode | null;
}

export async function setUpReportPage(options: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<SearchParams>;
  slug: string;
  title: string;
  /** What the page shows, for the subtitle ("Where people drop out"); the range and zone follow. */
  subtitle: (rangeText: string) => string;
  /** What the empty state says there is none of yet. */
  emptyWhat: string;
}): Promise<ReportPage> {
  const { projectId } = await options.params;
  const search = flatParams(await options.searchParams);
  const basePath = `/projects/${projectId}/${options.slug}`;
  const { user, project } = await projectPageContext(projectId, basePath);
  const ctx = reportContext(project);
  // The pickers' seed, not the whole catalog: with thousands of names a page
  // shipped them all (issue 16); the pickers search for the rest.
  const [properties, cohorts] = await Promise.all([catalog(ctx, PICKER_SEED), listCohorts(project.id)]);
  const cat = { ...properties, cohorts: cohorts.map((c) => ({ id: c.id, name: c.name })) };
  const range = resolveReportRange(search, project.timezone);
  const header = (
    <ReportHeader title={options.title} subtitle={`${options.subtitle(rangePhrase(range))}, in ${project.timezone}`}>
      <RangeControl preset={range.preset} fromDate={range.fromDate} toDate={range.toDate} timezone={project.timezone} />
    </ReportHeader>
  );
  const noEvents = cat.events.length ? null : (
    <ReportNavigation>
      <div className="space-y-6">
        {header}
        <NoEventsYet projectId={project.id} what={options.emptyWhat} />
      </div>
    </ReportNavigation>
  );
  return { search, basePath, user, project, ctx, cat, range, header, noEvents };
}
