import type { Metadata } from "next";
import { listCohorts } from "@/lib/cohorts";
import { CohortsUsed } from "@/components/reports/CohortsUsed";
import { EmptyState, ReportError, ReportHeader } from "@/components/reports/Layout";
import { flatParams, jsonParam, type FilterLike, type SearchParams } from "@/components/reports/params";
import { ParamLink, ReportNavigation, ReportResults } from "@/components/reports/ReportNavigation";
import { attempt } from "@/components/reports/run";
import { UsersSearch } from "@/components/reports/users/UsersSearch";
import { UsersTable, type UserSort } from "@/components/reports/users/UsersTable";
import { PICKER_SEED, pickerCatalog } from "@/components/reports/vocabulary";
import { projectPageContext } from "@/lib/projects/page";
import { reportContext } from "@/lib/query/context";
import { catalog } from "@/lib/query/properties";
import { listUsers, parseUsersQuery, USER_SORTS } from "@/lib/query/users";
import { can } from "@/lib/auth";
import { SaveAsCohort } from "@/components/reports/SaveAsCohort";
import { saveAsCohortAction } from "../cohorts/saveAsCohort";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;

export default async function UsersPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<SearchParams> }) {
  const { projectId } = await params;
  const search = flatParams(await searchParams);
  const { project } = await projectPageContext(projectId, `/projects/${projectId}/users`);
  const ctx = reportContext(project);
  // The pickers offer the project's cohorts beside the user properties.
  const [properties, cohorts] = await Promise.all([catalog(ctx, PICKER_SEED), listCohorts(project.id)]);
  const cat = { ...properties, cohorts };

  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  for (const key of ["search", "where", "sort", "order", "cursor"] as const) if (search[key]) query.set(key, search[key]!);
  const result = await attempt(() => listUsers(ctx, parseUsersQuery(query)));
  const where = await attempt(async () => jsonParam<unknown>(search, "where", []));
  const filters = Array.isArray(where.data) ? (where.data as FilterLike[]) : [];
  const sort: UserSort = (USER_SORTS as readonly string[]).includes(search.sort ?? "") ? (search.sort as UserSort) : "lastSeen";
  const order = search.order === "asc" ? "asc" : "desc";
  const filtered = Boolean(search.search || filters.length);

  return (
    <ReportNavigation>
      <div className="space-y-6">
        <ReportHeader title="Users" subtitle="Everyone who sent an event: anonymous visitors, and users once identified (their earlier visits included)." />
        <UsersSearch key={JSON.stringify([search.search, search.where])} projectId={project.id} catalog={pickerCatalog(project.id, cat)} search={search.search ?? ""} where={filters} />
        <ReportResults label="Users">
          {result.data ? <CohortsUsed cohorts={result.data.cohortsUsed} projectId={project.id} timezone={project.timezone} /> : null}
          {result.error !== null ? (
            <ReportError message={result.error} />
          ) : !result.data.users.length ? (
            filtered ? (
              <EmptyState title="Nobody matches">Try a shorter search or remove a filter.</EmptyState>
            ) : search.cursor ? (
              <EmptyState title="No more users" action={{ href: `/projects/${project.id}/users`, label: "Back to the first page" }}>
                This page is past the end of the list.
              </EmptyState>
            ) : (
              <EmptyState title="No users yet" action={{ href: `/projects/${project.id}/settings`, label: "Get the snippet and a curl line" }}>
                Every event belongs to a person: once this project receives one, its sender is listed here. Call identify with a userId and traits (email, name, plan)
                to give people names and properties you can search and filter on.
              </EmptyState>
            )
          ) : (
            <>
              {can(project.role, "save_reports") ? (
                <div className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
                  <p className="mb-2 text-sm text-slate-600">
                    {filtered ? "Everyone listed with these filters and this search, every page of it," : "Everyone listed, every page of it,"} as a static cohort:
                  </p>
                  <SaveAsCohort
                    projectId={project.id}
                    defaultName={search.search ? `Users matching “${search.search}”`.slice(0, 100) : filters.length ? "Filtered users" : "All users"}
                    save={saveAsCohortAction.bind(null, project.id, { type: "users", where: filters, ...(search.search ? { search: search.search } : {}) })}
                  />
                </div>
              ) : null}
              <UsersTable projectId={project.id} users={result.data.users} timezone={project.timezone} sort={sort} order={order} />
              <nav aria-label="Pages" className="flex items-center justify-between gap-3 text-sm">
                {search.cursor ? (
                  <ParamLink changes={{ cursor: null }} className="font-semibold text-indigo-600 hover:text-indigo-500">
                    ← First page
                  </ParamLink>
                ) : (
                  <span className="text-slate-500">
                    {result.data.users.length} {result.data.users.length === 1 ? "person" : "persons"}
                    {result.data.nextCursor ? " on this page" : ""}
                  </span>
                )}
                {result.data.nextCursor ? (
                  <ParamLink changes={{ cursor: result.data.nextCursor }} className="font-semibold text-indigo-600 hover:text-indigo-500">
                    Next page →
                  </ParamLink>
                ) : null}
              </nav>
            </>
          )}
        </ReportResults>
      </div>
    </ReportNavigation>
  );
}
